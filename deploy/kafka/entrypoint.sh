#!/usr/bin/env bash
# One Kafka node of docker-compose.yml, in the apache/kafka image: KRaft combined mode (broker and
# controller in one process), SASL/SCRAM-SHA-512 for clients and between brokers, ACLs enforced by
# the StandardAuthorizer. Writes server.properties from the environment, formats the log directory
# on first start (creating the SCRAM credentials of the inter-broker user and of the admin there,
# as KRaft requires: no broker could authenticate otherwise), then runs the broker.
#
# Listeners:
#   INTERNAL   SASL_PLAINTEXT, KAFKA_INTERNAL_HOST:9092  clients and brokers on the compose network
#   EXTERNAL   SASL_PLAINTEXT, KAFKA_EXTERNAL_HOST:KAFKA_EXTERNAL_PORT  clients on the host
#   CONTROLLER PLAINTEXT, KAFKA_CONTROLLER_HOST:9093, bound to the address of that name only: an
#              internal network that only the three Kafka nodes join. Its principal is ANONYMOUS,
#              which must therefore be a super user (brokers register and fetch metadata there).
#
# Secrets come from the environment (deploy/.env.example); nothing here prints them.
set -euo pipefail

die() { echo "kafka-entrypoint: $*" >&2; exit 1; }

for name in KAFKA_NODE_ID KAFKA_CLUSTER_ID KAFKA_CONTROLLER_QUORUM_VOTERS KAFKA_INTERNAL_HOST \
    KAFKA_CONTROLLER_HOST KAFKA_EXTERNAL_HOST KAFKA_EXTERNAL_PORT KAFKA_BROKER_PASSWORD KAFKA_ADMIN_PASSWORD; do
  [[ -n "${!name:-}" ]] || die "$name is not set (see deploy/.env.example)"
done

[[ "$KAFKA_CLUSTER_ID" =~ ^[A-Za-z0-9][A-Za-z0-9_-]{21}$ ]] \
  || die "KAFKA_CLUSTER_ID must be 22 characters of base64url, as deploy/generate-env.sh makes it"

# A password goes into a JAAS line and into --add-scram's [name=...,password=...] syntax, so it is
# kept to characters that need no quoting there; the placeholders of .env.example are refused.
for name in KAFKA_BROKER_PASSWORD KAFKA_ADMIN_PASSWORD; do
  value="${!name}"
  [[ "$value" =~ ^[A-Za-z0-9_-]{16,}$ ]] \
    || die "$name must be at least 16 characters of A-Z a-z 0-9 _ - (deploy/generate-env.sh makes them)"
  [[ "$value" != CHANGE-ME* ]] || die "$name still holds the placeholder of deploy/.env.example"
done

kafka_home="${KAFKA_HOME:-/opt/kafka}"
data_dir="${KAFKA_DATA_DIR:-/var/lib/kafka/data}"
conf_dir="${KAFKA_CONF_DIR:-/tmp/countline-kafka}"
internal_port="${KAFKA_INTERNAL_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"

umask 077
mkdir -p "$conf_dir" "$data_dir"

cat > "$conf_dir/server.properties" <<EOF
# Written by deploy/kafka/entrypoint.sh at every start; edit that script, not this file.
process.roles=broker,controller
node.id=${KAFKA_NODE_ID}
controller.quorum.voters=${KAFKA_CONTROLLER_QUORUM_VOTERS}
controller.listener.names=CONTROLLER
log.dirs=${data_dir}

listeners=INTERNAL://:${internal_port},EXTERNAL://:${KAFKA_EXTERNAL_PORT},CONTROLLER://${KAFKA_CONTROLLER_HOST}:${controller_port}
advertised.listeners=INTERNAL://${KAFKA_INTERNAL_HOST}:${internal_port},EXTERNAL://${KAFKA_EXTERNAL_HOST}:${KAFKA_EXTERNAL_PORT}
listener.security.protocol.map=INTERNAL:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=INTERNAL

sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.internal.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="${KAFKA_BROKER_PASSWORD}";
listener.name.external.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;

authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin;User:broker;User:ANONYMOUS

# Countline's durability: three copies of everything, two of them in sync before a write counts.
auto.create.topics.enable=false
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
unclean.leader.election.enable=false
num.partitions=${KAFKA_NUM_PARTITIONS:-12}
EOF

# The healthcheck's client settings (deploy/kafka/healthcheck.sh), as the inter-broker user.
cat > "$conf_dir/client.properties" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="${KAFKA_BROKER_PASSWORD}";
EOF

# First start only: --ignore-formatted leaves an existing log directory (and its credentials) as
# it is. Later password changes go through kafka-configs.sh, as deploy/init/init.sh does.
"$kafka_home/bin/kafka-storage.sh" format \
  --config "$conf_dir/server.properties" \
  --cluster-id "$KAFKA_CLUSTER_ID" \
  --ignore-formatted \
  --add-scram "SCRAM-SHA-512=[name=broker,password=${KAFKA_BROKER_PASSWORD}]" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=${KAFKA_ADMIN_PASSWORD}]"

# Written to the files above; the broker's process needs no more.
unset KAFKA_BROKER_PASSWORD KAFKA_ADMIN_PASSWORD
exec "$kafka_home/bin/kafka-server-start.sh" "$conf_dir/server.properties"
