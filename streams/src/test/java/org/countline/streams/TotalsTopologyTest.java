package org.countline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.countline.streams.TestEvents.MONDAY;
import static org.countline.streams.TestEvents.OPERATION;
import static org.countline.streams.TestEvents.arrest;
import static org.countline.streams.TestEvents.event;
import static org.countline.streams.TestEvents.newId;
import static org.countline.streams.TestEvents.operation;
import static org.countline.streams.TestEvents.seizure;
import static org.countline.streams.TestEvents.withdrawal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.test.TestRecord;
import org.countline.avro.Arrest;
import org.countline.avro.FieldEvent;
import org.countline.avro.Force;
import org.countline.avro.OperationStatus;
import org.countline.avro.Totals;
import org.countline.avro.VehicleStop;
import org.countline.core.ForceInfo;
import org.countline.core.Metric;
import org.countline.core.ReferenceData;
import org.countline.core.Tally;
import org.countline.registry.serde.SpecificAvroSerde;
import org.countline.streams.state.ForceShare;
import org.countline.streams.state.Shares;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TotalsTopologyTest {
  private static final Instant FIXED = Instant.parse("2022-10-03T08:00:00Z");

  private TopologyTestDriver driver;
  private TotalsSerdes serdes;
  private Serializer<FieldEvent> eventSerializer;
  private String registryUrl;
  private TestInputTopic<byte[], byte[]> rawEvents;
  private TestInputTopic<String, org.countline.avro.Operation> operations;
  private TestInputTopic<String, Force> forces;
  private TestOutputTopic<String, Totals> forceTotals;
  private TestOutputTopic<String, Totals> regionTotals;
  private TestOutputTopic<String, Totals> nationalTotals;
  private TestOutputTopic<String, Totals> dailyTotals;
  private TestOutputTopic<byte[], byte[]> rejected;

  /** The topology's options under test; {@link TotalsTopologyRocksDbTest} runs every test with the other store. */
  TopologyOptions options() {
    return TopologyOptions.defaults();
  }

  @BeforeEach
  void setUp() {
    registryUrl = "mock://topology-" + UUID.randomUUID();
    Map<String, String> registry = Map.of("schema.registry.url", registryUrl);
    serdes = TotalsSerdes.fromRegistry(registry);
    SpecificAvroSerde<FieldEvent> events = new SpecificAvroSerde<>();
    events.configure(registry, false);
    eventSerializer = events.serializer();
    Properties props = TotalsApp.config("dummy:9092", "target/kafka-streams-test", new Properties());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "totals-topology-test");
    Topology topology = TotalsTopology.build(serdes, options(), props);
    driver = new TopologyTestDriver(topology, props, FIXED);

    rawEvents = driver.createInputTopic(Topics.FIELD_EVENTS, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
    operations = driver.createInputTopic(Topics.OPERATIONS, Serdes.String().serializer(), serdes.operations().serializer());
    forces = driver.createInputTopic(Topics.FORCES, Serdes.String().serializer(), serdes.forces().serializer());
    forceTotals = output(Topics.TOTALS_FORCE);
    regionTotals = output(Topics.TOTALS_REGION);
    nationalTotals = output(Topics.TOTALS_NATIONAL);
    dailyTotals = output(Topics.TOTALS_DAILY);
    rejected = driver.createOutputTopic(Topics.REJECTED, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());

    for (ForceInfo force : ReferenceData.defaults().forces()) {
      forces.pipeInput(force.code(), force.toAvro(), FIXED);
    }
    operations.pipeInput(OPERATION, operation(OPERATION, OperationStatus.OPEN), FIXED);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private TestOutputTopic<String, Totals> output(String topic) {
    return driver.createOutputTopic(topic, Serdes.String().deserializer(), serdes.totals().deserializer());
  }

  private void publish(FieldEvent event) {
    String key = event.getOperationId() + "/" + event.getForce();
    publishRaw(key, eventSerializer.serialize(Topics.FIELD_EVENTS, event));
  }

  private void publishRaw(String key, byte[] value) {
    rawEvents.pipeInput(new TestRecord<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, MONDAY));
  }

  /** Lets the wall-clock punctuation emit what changed. */
  private void emit() {
    driver.advanceWallClockTime(Duration.ofSeconds(1));
  }

  private static Map<String, Tally> latest(TestOutputTopic<String, Totals> topic) {
    Map<String, Tally> out = new java.util.HashMap<>();
    topic.readKeyValuesToMap().forEach((k, v) -> out.put(k, Tally.fromAvro(v)));
    return out;
  }

  private static long figure(Map<String, Tally> totals, String key, Metric metric) {
    assertThat(totals).containsKey(key);
    return totals.get(key).get(metric);
  }

  @Test
  void shouldCountArrestInForceRegionNationalAndDailyTotals() {
    publish(arrest(newId(), 1, "kent", 3, 2));
    publish(arrest(newId(), 1, "essex", 1, 0));
    publish(arrest(newId(), 1, "thames-valley", 2, 1));
    emit();

    Map<String, Tally> force = latest(forceTotals);
    Map<String, Tally> region = latest(regionTotals);
    Map<String, Tally> national = latest(nationalTotals);
    Map<String, Tally> daily = latest(dailyTotals);
    assertThat(figure(force, OPERATION + "/kent", Metric.ARRESTS)).isEqualTo(3);
    assertThat(figure(force, OPERATION + "/kent", Metric.CHARGED)).isEqualTo(2);
    assertThat(figure(region, OPERATION + "/eastern", Metric.ARRESTS)).isEqualTo(4);
    assertThat(figure(region, OPERATION + "/south-east", Metric.ARRESTS)).isEqualTo(2);
    assertThat(figure(national, OPERATION, Metric.ARRESTS)).isEqualTo(6);
    assertThat(figure(national, OPERATION, Metric.EVENTS)).isEqualTo(3);
    assertThat(figure(daily, OPERATION + "/kent/2022-10-03", Metric.ARRESTS)).isEqualTo(3);
    assertThat(national.get(OPERATION).updatedAtMillis()).isEqualTo(MONDAY.toEpochMilli());
  }

  @Test
  void shouldSumSeizureMoneyDrugsAndWeapons() {
    publish(seizure(newId(), "kent", 5_000_000, 25_000_000, 1_500_000, 2));
    publish(seizure(newId(), "essex", 18_000, 100_000, 0, 1));
    emit();

    Tally national = latest(nationalTotals).get(OPERATION);
    assertThat(national.get(Metric.COCAINE)).isEqualTo(5_018_000);
    assertThat(national.get(Metric.DRUGS_VALUE)).isEqualTo(25_100_000);
    assertThat(national.get(Metric.CASH)).isEqualTo(1_500_000);
    assertThat(national.get(Metric.BLADED_WEAPONS)).isEqualTo(3);
    assertThat(national.get(Metric.PHONES)).isEqualTo(2);
  }

  @Test
  void shouldCountRetriedRevisionOnce() {
    FieldEvent event = arrest(newId(), 1, "kent", 2, 0);
    publish(event);
    publish(event);
    emit();
    publish(event);
    emit();

    assertThat(figure(latest(nationalTotals), OPERATION, Metric.ARRESTS)).isEqualTo(2);
    assertThat(figure(latest(forceTotals), OPERATION + "/kent", Metric.EVENTS)).isEqualTo(1);
  }

  @Test
  void shouldReplaceEarlierRevisionWithAmendment() {
    String id = newId();
    publish(arrest(id, 1, "kent", 2, 0));
    emit();
    publish(arrest(id, 2, "kent", 5, 3));
    emit();

    Map<String, Tally> national = latest(nationalTotals);
    assertThat(figure(national, OPERATION, Metric.ARRESTS)).isEqualTo(5);
    assertThat(figure(national, OPERATION, Metric.CHARGED)).isEqualTo(3);
    assertThat(figure(national, OPERATION, Metric.EVENTS)).isEqualTo(1);
  }

  @Test
  void shouldSubtractWithdrawnEventFromForceTotals() {
    String id = newId();
    publish(arrest(id, 1, "kent", 2, 0));
    publish(arrest(newId(), 1, "kent", 1, 0));
    emit();
    publish(withdrawal(id, 2, "kent"));
    emit();

    assertThat(figure(latest(forceTotals), OPERATION + "/kent", Metric.ARRESTS)).isEqualTo(1);
    assertThat(figure(latest(regionTotals), OPERATION + "/eastern", Metric.ARRESTS)).isEqualTo(1);
    assertThat(figure(latest(nationalTotals), OPERATION, Metric.EVENTS)).isEqualTo(1);
    assertThat(figure(latest(dailyTotals), OPERATION + "/kent/2022-10-03", Metric.ARRESTS)).isEqualTo(1);
  }

  @Test
  void shouldIgnoreOlderRevisionArrivingLate() {
    String id = newId();
    publish(arrest(id, 3, "kent", 4, 0));
    publish(arrest(id, 2, "kent", 9, 0));
    publish(withdrawal(id, 1, "kent"));
    emit();

    assertThat(figure(latest(nationalTotals), OPERATION, Metric.ARRESTS)).isEqualTo(4);
  }

  @Test
  void shouldKeepWithdrawalWhenOriginalArrivesLate() {
    String id = newId();
    publish(withdrawal(id, 2, "kent"));
    publish(arrest(id, 1, "kent", 4, 0));
    publish(arrest(newId(), 1, "kent", 1, 0));
    emit();

    assertThat(figure(latest(nationalTotals), OPERATION, Metric.ARRESTS)).isEqualTo(1);
  }

  @Test
  void shouldMoveDailyTotalsWhenAmendmentChangesTheDay() {
    String id = newId();
    publish(event(id, 1, "kent", MONDAY, new Arrest(2, 0, 0)));
    emit();
    // 23:30 on Tuesday in London is 22:30 UTC: still Tuesday locally.
    publish(event(id, 2, "kent", Instant.parse("2022-10-04T22:30:00Z"), new Arrest(2, 0, 0)));
    emit();

    Map<String, Tally> daily = latest(dailyTotals);
    assertThat(figure(daily, OPERATION + "/kent/2022-10-03", Metric.ARRESTS)).isZero();
    assertThat(figure(daily, OPERATION + "/kent/2022-10-04", Metric.ARRESTS)).isEqualTo(2);
  }

  @Test
  void shouldMoveForceTotalsToNewRegionWhenReferenceDataChanges() {
    publish(arrest(newId(), 1, "kent", 3, 0));
    emit();
    forces.pipeInput("kent", new ForceInfo("kent", "Kent Police", "south-east", "South East (SEROCU)").toAvro(), FIXED);
    publish(arrest(newId(), 1, "kent", 1, 0));
    emit();

    Map<String, Tally> region = latest(regionTotals);
    assertThat(figure(region, OPERATION + "/eastern", Metric.ARRESTS)).isZero();
    assertThat(figure(region, OPERATION + "/south-east", Metric.ARRESTS)).isEqualTo(4);
    assertThat(figure(latest(nationalTotals), OPERATION, Metric.ARRESTS)).isEqualTo(4);
  }

  @Test
  void shouldMakeGoodALostShareWithTheForcesNextEmission() {
    publish(arrest(newId(), 1, "kent", 3, 0));
    publish(arrest(newId(), 1, "essex", 2, 0));
    emit();
    // As if Kent's emission had never reached the national sum, say in a transaction aborted
    // under an events task that carried on with the change counted as sent.
    KeyValueStore<String, ValueAndTimestamp<Shares>> sums = driver.getTimestampedKeyValueStore(TotalsTopology.NATIONAL_TOTALS_STORE);
    ValueAndTimestamp<Shares> national = sums.get(OPERATION);
    Tally essex = national.value().byForce().get("essex");
    sums.put(OPERATION, ValueAndTimestamp.make(Shares.empty().with(new ForceShare("essex", essex)), national.timestamp()));
    publish(arrest(newId(), 1, "kent", 1, 0));
    emit();

    assertThat(figure(latest(nationalTotals), OPERATION, Metric.ARRESTS)).isEqualTo(6);
    assertThat(figure(latest(regionTotals), OPERATION + "/eastern", Metric.ARRESTS)).isEqualTo(6);
  }

  @Test
  void shouldSendEveryTotalAgainEachRefreshIntervalSoALostOneIsMadeGood() {
    publish(arrest(newId(), 1, "kent", 3, 0));
    publish(arrest(newId(), 1, "essex", 2, 0));
    emit();
    forceTotals.readRecordsToList();
    dailyTotals.readRecordsToList();
    nationalTotals.readRecordsToList();
    // As if the national sum had lost Kent's share, and no Kent event came again.
    KeyValueStore<String, ValueAndTimestamp<Shares>> sums = driver.getTimestampedKeyValueStore(TotalsTopology.NATIONAL_TOTALS_STORE);
    ValueAndTimestamp<Shares> national = sums.get(OPERATION);
    Tally essex = national.value().byForce().get("essex");
    sums.put(OPERATION, ValueAndTimestamp.make(Shares.empty().with(new ForceShare("essex", essex)), national.timestamp()));

    emit();
    assertThat(forceTotals.isEmpty()).as("nothing sent again before the refresh interval").isTrue();
    assertThat(figure(latest(nationalTotals), OPERATION, Metric.ARRESTS)).as("the sum without Kent").isEqualTo(2);
    driver.advanceWallClockTime(FieldEventProcessor.REFRESH_INTERVAL);

    assertThat(latest(forceTotals)).containsOnlyKeys(OPERATION + "/kent", OPERATION + "/essex");
    assertThat(latest(dailyTotals)).containsOnlyKeys(OPERATION + "/kent/2022-10-03", OPERATION + "/essex/2022-10-03");
    assertThat(figure(latest(nationalTotals), OPERATION, Metric.ARRESTS)).isEqualTo(5);
  }

  @Test
  void shouldRejectEveryInvalidRecordWithItsReasonAndCountTheValidOnesAround() {
    operations.pipeInput("closed-op", operation("closed-op", OperationStatus.CLOSED), FIXED);
    publish(arrest(newId(), 1, "kent", 1, 0));
    publishRaw(OPERATION + "/kent", new byte[] {0, 0, 0, 0, 99, 1, 2});
    publishRaw(OPERATION + "/kent", new byte[] {7, 1, 2, 3});
    publishRaw(OPERATION + "/kent", null);
    FieldEvent unknownOperation = arrest(newId(), 1, "kent", 1, 0);
    unknownOperation.setOperationId("no-such-op");
    publish(unknownOperation);
    FieldEvent closedOperation = arrest(newId(), 1, "kent", 1, 0);
    closedOperation.setOperationId("closed-op");
    publish(closedOperation);
    publish(arrest(newId(), 1, "atlantis", 1, 0));
    publish(event(newId(), 1, "kent", Instant.parse("2022-10-09T23:00:00Z"), new Arrest(1, 0, 0)));
    publish(event(newId(), 1, "kent", MONDAY, new VehicleStop(-2)));
    FieldEvent wrongKey = arrest(newId(), 1, "kent", 1, 0);
    publishRaw(OPERATION + "/essex", eventSerializer.serialize(Topics.FIELD_EVENTS, wrongKey));
    String moved = newId();
    publish(arrest(moved, 1, "kent", 1, 0));
    FieldEvent movedAmendment = arrest(moved, 2, "kent", 1, 0);
    movedAmendment.setOperationId("closed-op");
    operations.pipeInput("closed-op", operation("closed-op", OperationStatus.OPEN), FIXED);
    publish(movedAmendment);
    publish(arrest(newId(), 1, "kent", 1, 0));
    emit();

    List<String> reasons = rejected.readRecordsToList().stream()
        .map(r -> header(r, Topics.HEADER_REJECT_REASON))
        .toList();
    assertThat(reasons).hasSize(10);
    assertThat(reasons.get(0)).contains("cannot deserialise");
    assertThat(reasons.get(1)).contains("cannot deserialise");
    assertThat(reasons.get(2)).contains("empty value");
    assertThat(reasons.get(3)).contains("operationId: unknown operation 'no-such-op'");
    assertThat(reasons.get(4)).contains("operationId: operation 'closed-op' is closed");
    assertThat(reasons.get(5)).contains("force: unknown force 'atlantis'");
    assertThat(reasons.get(6)).contains("occurredAt:").contains("outside operation");
    assertThat(reasons.get(7)).contains("vehicle_stop.count: must be >= 0");
    assertThat(reasons.get(8)).contains("key: 'cliw-2022-10/essex' does not match");
    assertThat(reasons.get(9)).contains("may not move an event");
    assertThat(figure(latest(nationalTotals), OPERATION, Metric.ARRESTS)).isEqualTo(3);
  }

  @Test
  void shouldKeepOriginalBytesAndOriginOnRejectedRecord() {
    byte[] garbage = {9, 9, 9};
    publishRaw(OPERATION + "/kent", garbage);

    TestRecord<byte[], byte[]> record = rejected.readRecord();
    assertThat(record.value()).isEqualTo(garbage);
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(OPERATION + "/kent");
    assertThat(header(record, Topics.HEADER_REJECT_ORIGIN)).isEqualTo(Topics.FIELD_EVENTS + "-0@0");
  }

  @Test
  void shouldSkipARecordOfAnotherSchemaOnTheOperationsTopicAndKeepCounting() {
    // A Force written where an Operation belongs: before each topic was read into its own class,
    // it decoded as a Force and stopped the topology with a ClassCastException at the next event.
    SpecificAvroSerde<org.countline.avro.Force> foreign = new SpecificAvroSerde<>();
    foreign.configure(Map.of("schema.registry.url", registryUrl, "value.subject.name.strategy", "RecordNameStrategy"), false);
    TestInputTopic<String, org.countline.avro.Force> wrongTopic = driver.createInputTopic(
        Topics.OPERATIONS, Serdes.String().serializer(), foreign.serializer());
    wrongTopic.pipeInput(OPERATION, ReferenceData.defaults().forces().iterator().next().toAvro(), FIXED);

    publish(arrest(newId(), 1, "kent", 2, 0));
    emit();

    assertThat(figure(latest(nationalTotals), OPERATION, Metric.ARRESTS)).isEqualTo(2);
  }

  @Test
  void shouldEmitNothingUntilTheEmitIntervalPasses() {
    publish(arrest(newId(), 1, "kent", 1, 0));
    assertThat(forceTotals.isEmpty()).isTrue();
    emit();
    assertThat(forceTotals.isEmpty()).isFalse();
  }

  @Test
  void shouldPinTheTopologyDescription() throws IOException {
    Properties props = TotalsApp.config("dummy:9092", "target/kafka-streams-test", new Properties());
    String described = TotalsTopology.build(serdes, TopologyOptions.defaults(), props).describe().toString();
    try (InputStream in = getClass().getResourceAsStream("topology.txt")) {
      assertThat(in).as("pinned topology resource").isNotNull();
      String pinned = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(described.strip()).isEqualTo(pinned.strip());
    }
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

}
