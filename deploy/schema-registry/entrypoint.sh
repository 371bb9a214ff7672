#!/usr/bin/env bash
# Confluent Schema Registry of docker-compose.yml (confluentinc/cp-schema-registry image), with
# HTTP basic auth in front of its REST API and SASL/SCRAM to Kafka. Writes the JAAS file and the
# password file that basic auth reads, from the environment, then hands over to the image's own
# start script, which turns the SCHEMA_REGISTRY_* variables into schema-registry.properties.
#
# Users of the REST API (all with the one role the registry is told to accept):
#   countline  the Countline roles and command line (COUNTLINE_SCHEMA_REGISTRY_PASSWORD)
#   admin      people administering schemas, e.g. registering a released version
#              (COUNTLINE_REGISTRY_ADMIN_PASSWORD)
# The community registry authenticates only; any authenticated user may register a schema.
#
# The image turns every SCHEMA_REGISTRY_* variable into a registry setting, so this script's own
# inputs are named COUNTLINE_*: no password lands in schema-registry.properties under a made-up key.
set -euo pipefail

die() { echo "schema-registry-entrypoint: $*" >&2; exit 1; }

for name in COUNTLINE_REGISTRY_KAFKA_PASSWORD COUNTLINE_SCHEMA_REGISTRY_PASSWORD COUNTLINE_REGISTRY_ADMIN_PASSWORD; do
  [[ -n "${!name:-}" ]] || die "$name is not set (see deploy/.env.example)"
  [[ "${!name}" =~ ^[A-Za-z0-9_-]{16,}$ ]] \
    || die "$name must be at least 16 characters of A-Z a-z 0-9 _ - (deploy/generate-env.sh makes them)"
  [[ "${!name}" != CHANGE-ME* ]] || die "$name still holds the placeholder of deploy/.env.example"
done

umask 077
conf_dir="${COUNTLINE_REGISTRY_CONF_DIR:-/tmp/countline-schema-registry}"
mkdir -p "$conf_dir"

cat > "$conf_dir/passwords" <<EOF
countline: ${COUNTLINE_SCHEMA_REGISTRY_PASSWORD},countline
admin: ${COUNTLINE_REGISTRY_ADMIN_PASSWORD},countline
EOF

# Jetty 9.4's login module: Confluent Platform 7.x (the pinned image). Platform 8 moved to Jetty 12,
# where the class is org.eclipse.jetty.security.jaas.spi.PropertyFileLoginModule.
cat > "$conf_dir/jaas.conf" <<EOF
SchemaRegistry {
  org.eclipse.jetty.jaas.spi.PropertyFileLoginModule required
  file="${conf_dir}/passwords"
  debug="false";
};
EOF

export SCHEMA_REGISTRY_AUTHENTICATION_METHOD=BASIC
export SCHEMA_REGISTRY_AUTHENTICATION_REALM=SchemaRegistry
export SCHEMA_REGISTRY_AUTHENTICATION_ROLES=countline
export SCHEMA_REGISTRY_OPTS="${SCHEMA_REGISTRY_OPTS:-} -Djava.security.auth.login.config=${conf_dir}/jaas.conf"
export SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL=SASL_PLAINTEXT
export SCHEMA_REGISTRY_KAFKASTORE_SASL_MECHANISM=SCRAM-SHA-512
export SCHEMA_REGISTRY_KAFKASTORE_SASL_JAAS_CONFIG="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"schema-registry\" password=\"${COUNTLINE_REGISTRY_KAFKA_PASSWORD}\";"

# Written to the files above and to the kafkastore setting; the registry's process needs no more.
unset COUNTLINE_REGISTRY_KAFKA_PASSWORD COUNTLINE_SCHEMA_REGISTRY_PASSWORD COUNTLINE_REGISTRY_ADMIN_PASSWORD

exec /etc/confluent/docker/run
