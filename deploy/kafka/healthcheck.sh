#!/usr/bin/env bash
# Healthy when this Kafka node answers an authenticated ApiVersions request on its INTERNAL
# listener, i.e. it is up, has joined the quorum's metadata and accepts SCRAM logins.
set -euo pipefail
# The broker's heap settings are not for this short-lived client.
export KAFKA_HEAP_OPTS="-Xmx96m"
unset KAFKA_OPTS JMX_PORT KAFKA_JMX_OPTS
exec "${KAFKA_HOME:-/opt/kafka}/bin/kafka-broker-api-versions.sh" \
  --bootstrap-server "${KAFKA_INTERNAL_HOST}:${KAFKA_INTERNAL_PORT:-9092}" \
  --command-config "${KAFKA_CONF_DIR:-/tmp/countline-kafka}/client.properties" > /dev/null
