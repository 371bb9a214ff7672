#!/usr/bin/env bash
# Entrypoint of the Countline image (see Dockerfile): runs `java -jar countline.jar "$@"`, e.g.
# `streams`, `gateway`, `control-room`, `operation create ...`.
#
# When COUNTLINE_KAFKA_USERNAME and COUNTLINE_KAFKA_PASSWORD are set (docker-compose.yml sets them
# per role), writes the SASL/SCRAM-SHA-512 client settings to a file readable by this user only and
# points COUNTLINE_KAFKA_CONFIG at it, so that every Kafka client of the command authenticates.
# COUNTLINE_KAFKA_EXTRA_PROPERTIES (lines of key=value) is appended to that file: settings for
# the role's clients, e.g. num.standby.replicas for the streams role. An explicit
# COUNTLINE_KAFKA_CONFIG (a mounted properties file) is left alone.
#
# When COUNTLINE_SCHEMA_REGISTRY_USERNAME and COUNTLINE_SCHEMA_REGISTRY_PASSWORD are set, they are
# put into COUNTLINE_SCHEMA_REGISTRY_URL (http://user:password@host:port; the first URL of a list)
# for the registry's basic auth; the registry client takes them out of the URL and sends them as
# an Authorization header, to every URL of the list.
set -euo pipefail

die() { echo "countline-entrypoint: $*" >&2; exit 1; }

if [[ -n "${COUNTLINE_KAFKA_USERNAME:-}" && -z "${COUNTLINE_KAFKA_CONFIG:-}" ]]; then
  [[ -n "${COUNTLINE_KAFKA_PASSWORD:-}" ]] || die "COUNTLINE_KAFKA_PASSWORD is not set for user $COUNTLINE_KAFKA_USERNAME"
  [[ "$COUNTLINE_KAFKA_PASSWORD" =~ ^[A-Za-z0-9_-]+$ ]] \
    || die "COUNTLINE_KAFKA_PASSWORD must be made of A-Z a-z 0-9 _ - (deploy/generate-env.sh makes them)"
  umask 077
  conf_dir="$(mktemp -d /tmp/countline-kafka.XXXXXX)"
  cat > "$conf_dir/client.properties" <<EOF
security.protocol=${COUNTLINE_KAFKA_SECURITY_PROTOCOL:-SASL_PLAINTEXT}
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${COUNTLINE_KAFKA_USERNAME}" password="${COUNTLINE_KAFKA_PASSWORD}";
${COUNTLINE_KAFKA_EXTRA_PROPERTIES:-}
EOF
  export COUNTLINE_KAFKA_CONFIG="$conf_dir/client.properties"
fi
# Given to the file above; no child process needs them.
unset COUNTLINE_KAFKA_PASSWORD

if [[ -n "${COUNTLINE_SCHEMA_REGISTRY_USERNAME:-}" ]]; then
  [[ -n "${COUNTLINE_SCHEMA_REGISTRY_PASSWORD:-}" ]] || die "COUNTLINE_SCHEMA_REGISTRY_PASSWORD is not set"
  [[ "$COUNTLINE_SCHEMA_REGISTRY_PASSWORD" =~ ^[A-Za-z0-9_-]+$ ]] \
    || die "COUNTLINE_SCHEMA_REGISTRY_PASSWORD must be made of A-Z a-z 0-9 _ - (deploy/generate-env.sh makes them)"
  url="${COUNTLINE_SCHEMA_REGISTRY_URL:?COUNTLINE_SCHEMA_REGISTRY_URL is not set}"
  [[ "$url" =~ ^https?://[^@]+$ ]] || die "COUNTLINE_SCHEMA_REGISTRY_URL must be an http(s) URL without credentials"
  scheme="${url%%://*}://"
  export COUNTLINE_SCHEMA_REGISTRY_URL="${scheme}${COUNTLINE_SCHEMA_REGISTRY_USERNAME}:${COUNTLINE_SCHEMA_REGISTRY_PASSWORD}@${url#*://}"
fi
unset COUNTLINE_SCHEMA_REGISTRY_PASSWORD

# COUNTLINE_JAVA_OPTS is split on spaces on purpose: it holds several options (as in ./countline).
# shellcheck disable=SC2086
exec java ${COUNTLINE_JAVA_OPTS:-} -jar "${COUNTLINE_JAR:-/opt/countline/countline.jar}" "$@"
