#!/usr/bin/env bash
# One-shot set-up of the cluster of docker-compose.yml, run as the admin super user with Kafka's
# own tools (apache/kafka image). Safe to run again: every step is create-if-missing or an upsert.
#
#   1. SCRAM-SHA-512 credentials for each role's principal (passwords from the environment).
#   2. The contract's topics, up front, with their policies (as streams' TopicSetup.topics):
#      replication 3, min.insync.replicas 2, events kept forever, reference data and totals
#      compacted, plus the gateway's tokens topic and the schema registry's _schemas topic.
#   3. ACLs: each principal may do what its role needs and nothing else.
#
# Principals:
#   gateway          writes field events; reads them back (amendments), the tokens, operations, forces
#   streams          reads events and reference data; writes totals and rejected records; owns its
#                    internal topics, consumer group and transactional ids (prefix: application id)
#   control-room     reads totals, operations, forces and rejected records
#   schema-registry  owns the _schemas topic and its leader-election group
#   operator         the command line run by people (operation, token, publish, simulate, totals,
#                    report): reference data, tokens, events, totals
#   publisher        field apps or importers writing straight to Kafka (`countline publish`): writes
#                    the events topic only; reads operations and forces, as publish checks events
set -euo pipefail

die() { echo "init: $*" >&2; exit 1; }

for name in KAFKA_BOOTSTRAP_SERVERS KAFKA_ADMIN_PASSWORD COUNTLINE_GATEWAY_KAFKA_PASSWORD \
    COUNTLINE_STREAMS_KAFKA_PASSWORD COUNTLINE_CONTROL_ROOM_KAFKA_PASSWORD SCHEMA_REGISTRY_KAFKA_PASSWORD \
    COUNTLINE_OPERATOR_KAFKA_PASSWORD COUNTLINE_PUBLISHER_KAFKA_PASSWORD; do
  [[ -n "${!name:-}" ]] || die "$name is not set (see deploy/.env.example)"
  if [[ "$name" == *PASSWORD ]]; then
    [[ "${!name}" =~ ^[A-Za-z0-9_-]{16,}$ ]] \
      || die "$name must be at least 16 characters of A-Z a-z 0-9 _ - (deploy/generate-env.sh makes them)"
    [[ "${!name}" != CHANGE-ME* ]] || die "$name still holds the placeholder of deploy/.env.example"
  fi
done

bin="${KAFKA_HOME:-/opt/kafka}/bin"
partitions="${COUNTLINE_PARTITIONS:-12}"
replication="${COUNTLINE_REPLICATION_FACTOR:-3}"
min_insync="${COUNTLINE_MIN_INSYNC_REPLICAS:-2}"
app_id="${COUNTLINE_APPLICATION_ID:-countline-totals}"
registry_group="${SCHEMA_REGISTRY_GROUP_ID:-schema-registry}"

# Each tool is a short-lived JVM: a small heap, and none of a broker's JMX settings.
export KAFKA_HEAP_OPTS="-Xmx192m"
unset KAFKA_OPTS JMX_PORT KAFKA_JMX_OPTS

umask 077
conf="$(mktemp -d)"
trap 'rm -rf "$conf"' EXIT
cat > "$conf/admin.properties" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD}";
EOF

tool() {
  local name="$1"
  shift
  "$bin/$name" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --command-config "$conf/admin.properties" "$@"
}

echo "init: waiting for the three brokers at $KAFKA_BOOTSTRAP_SERVERS"
for attempt in $(seq 1 60); do
  brokers="$(tool kafka-broker-api-versions.sh 2>/dev/null | grep -c '(id: ' || true)"
  [[ "$brokers" -ge "$replication" ]] && break
  [[ "$attempt" -lt 60 ]] || die "only $brokers of $replication brokers answered within 5 minutes"
  sleep 5
done

echo "init: SCRAM credentials"
scram_user() {
  tool kafka-configs.sh --alter --entity-type users --entity-name "$1" \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$2]" > /dev/null
  echo "init:   user $1"
}
scram_user gateway "$COUNTLINE_GATEWAY_KAFKA_PASSWORD"
scram_user streams "$COUNTLINE_STREAMS_KAFKA_PASSWORD"
scram_user control-room "$COUNTLINE_CONTROL_ROOM_KAFKA_PASSWORD"
scram_user schema-registry "$SCHEMA_REGISTRY_KAFKA_PASSWORD"
scram_user operator "$COUNTLINE_OPERATOR_KAFKA_PASSWORD"
scram_user publisher "$COUNTLINE_PUBLISHER_KAFKA_PASSWORD"

echo "init: topics ($partitions partitions for keyed topics, replication $replication, min.insync.replicas $min_insync)"
topic() {
  local name="$1" count="$2"
  shift 2
  local configs=(--config "min.insync.replicas=$min_insync")
  for c in "$@"; do configs+=(--config "$c"); done
  tool kafka-topics.sh --create --if-not-exists --topic "$name" --partitions "$count" \
    --replication-factor "$replication" "${configs[@]}" > /dev/null
  echo "init:   $name"
}
topic countline.field-events "$partitions" cleanup.policy=delete retention.ms=-1 retention.bytes=-1
topic countline.field-events.rejected "$partitions" cleanup.policy=delete
topic countline.operations 1 cleanup.policy=compact
topic countline.forces 1 cleanup.policy=compact
topic countline.totals.force "$partitions" cleanup.policy=compact
topic countline.totals.region "$partitions" cleanup.policy=compact
topic countline.totals.national "$partitions" cleanup.policy=compact
topic countline.totals.daily "$partitions" cleanup.policy=compact
topic countline.gateway.tokens 1 cleanup.policy=compact
topic _schemas 1 cleanup.policy=compact

echo "init: ACLs"
allow() {
  # allow PRINCIPAL OPERATIONS(comma-separated) RESOURCE-OPTIONS...
  local principal="$1" operations="$2"
  shift 2
  local ops=()
  IFS=, read -r -a names <<< "$operations"
  for op in "${names[@]}"; do ops+=(--operation "$op"); done
  tool kafka-acls.sh --add --allow-principal "User:$principal" "${ops[@]}" "$@" > /dev/null
  echo "init:   $principal: $operations on $*"
}
prefixed=(--resource-pattern-type prefixed)

# Every Countline role describes the contract's topics: the roles check at start that they exist.
for role in gateway streams control-room operator; do
  allow "$role" Describe --topic countline. "${prefixed[@]}"
done

allow gateway Write,Read --topic countline.field-events
allow gateway Read --topic countline.gateway.tokens --topic countline.operations --topic countline.forces

allow streams Read --topic countline.field-events --topic countline.operations --topic countline.forces
allow streams Write --topic countline.totals. "${prefixed[@]}"
allow streams Write --topic countline.field-events.rejected
allow streams All --topic "$app_id" "${prefixed[@]}"
allow streams Read,Describe --group "$app_id"
allow streams Write,Describe --transactional-id "$app_id" "${prefixed[@]}"

# Until the gateway and streams commands stop loading the bundled forces into countline.forces at
# start (app's Setup.prepareTopics), they must be allowed to write that topic.
if [[ "${COUNTLINE_ROLES_LOAD_FORCES:-true}" == true ]]; then
  allow gateway Write --topic countline.forces
  allow streams Write --topic countline.forces
fi

allow control-room Read --topic countline.totals. "${prefixed[@]}"
allow control-room Read --topic countline.operations --topic countline.forces --topic countline.field-events.rejected

allow schema-registry Read,Write,Describe,DescribeConfigs --topic _schemas
allow schema-registry Read,Describe --group "$registry_group" "${prefixed[@]}"

allow operator Read,Write --topic countline.operations --topic countline.forces --topic countline.gateway.tokens \
  --topic countline.field-events
allow operator Read --topic countline.totals. "${prefixed[@]}"
allow operator Read --topic countline.field-events.rejected

allow publisher Write,Describe --topic countline.field-events
allow publisher Read,Describe --topic countline.operations --topic countline.forces

echo "init: done"
