#!/usr/bin/env bash
# CI check of docker-compose.yml: `docker-compose config -q` validates the file as Debian's
# docker-compose 1.29 reads it (format, references, interpolation); no container engine is needed.
# The placeholders of deploy/.env.example stand in for the secrets, which are never committed.
# Also checks the shell scripts the services run for syntax errors.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

if ! command -v docker-compose >/dev/null; then
  echo "check-compose: docker-compose is not installed (Debian: apt-get install -y docker-compose)" >&2
  exit 1
fi

echo "== $(docker-compose version --short 2>/dev/null || docker-compose version | head -1): config -q"
docker-compose --env-file deploy/.env.example -f docker-compose.yml config -q
# With the tools profile's service too.
COMPOSE_PROFILES=tools docker-compose --env-file deploy/.env.example -f docker-compose.yml config -q

for script in deploy/*.sh deploy/*/*.sh; do
  bash -n "$script"
done
echo "== docker-compose.yml and deploy/ scripts: OK"
