package org.countline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.core.ForceInfo;
import org.countline.core.ReferenceData;
import org.countline.core.Tally;
import org.countline.registry.serde.SpecificAvroSerde;

/**
 * Whatever the order, duplicates, amendments and withdrawals, the topology's totals at every
 * level equal a plain fold over the latest revision of each event.
 */
class TotalsTopologyProperties {
  private static final Instant FIXED = Instant.parse("2022-10-03T08:00:00Z");

  @Property(tries = 25)
  void totalsEqualAFoldOverLatestRevisions(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int events) {
    List<FieldEvent> published = EventSequences.week(seed, events, true);
    ReferenceData reference = ReferenceData.defaults();
    Operation operation = TestEvents.operation(TestEvents.OPERATION, OperationStatus.OPEN);

    Map<String, String> registry = Map.of("schema.registry.url", "mock://property-" + UUID.randomUUID());
    TotalsSerdes serdes = TotalsSerdes.fromRegistry(registry);
    SpecificAvroSerde<FieldEvent> eventSerde = new SpecificAvroSerde<>();
    eventSerde.configure(registry, false);
    Serializer<FieldEvent> serializer = eventSerde.serializer();
    Properties props = TotalsApp.config("dummy:9092", "target/kafka-streams-property", new Properties());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "totals-property-" + UUID.randomUUID());

    try (TopologyTestDriver driver = new TopologyTestDriver(TotalsTopology.build(serdes, TopologyOptions.defaults(), props), props, FIXED)) {
      TestInputTopic<String, org.countline.avro.Force> forces =
          driver.createInputTopic(Topics.FORCES, Serdes.String().serializer(), serdes.forces().serializer());
      for (ForceInfo force : reference.forces()) {
        forces.pipeInput(force.code(), force.toAvro());
      }
      driver.createInputTopic(Topics.OPERATIONS, Serdes.String().serializer(), serdes.operations().serializer())
          .pipeInput(operation.getId(), operation);
      TestInputTopic<byte[], byte[]> raw =
          driver.createInputTopic(Topics.FIELD_EVENTS, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
      int i = 0;
      for (FieldEvent e : published) {
        String key = e.getOperationId() + "/" + e.getForce();
        raw.pipeInput(key.getBytes(StandardCharsets.UTF_8), serializer.serialize(Topics.FIELD_EVENTS, e), FIXED.plusMillis(i++));
        if (i % 17 == 0) {
          driver.advanceWallClockTime(Duration.ofMillis(100));
        }
      }
      driver.advanceWallClockTime(Duration.ofSeconds(1));

      ExpectedTotals expected = ExpectedTotals.fold(published, operation, reference);
      assertThat(figures(driver, serdes, Topics.TOTALS_FORCE)).isEqualTo(ExpectedTotals.figures(expected.force()));
      assertThat(figures(driver, serdes, Topics.TOTALS_DAILY)).isEqualTo(ExpectedTotals.figures(expected.daily()));
      assertThat(figures(driver, serdes, Topics.TOTALS_REGION)).isEqualTo(ExpectedTotals.figures(expected.region()));
      assertThat(figures(driver, serdes, Topics.TOTALS_NATIONAL)).isEqualTo(ExpectedTotals.figures(expected.national()));
      assertThat(driver.createOutputTopic(Topics.REJECTED, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()).isEmpty())
          .isTrue();
    }
  }

  private static Map<String, String> figures(TopologyTestDriver driver, TotalsSerdes serdes, String topic) {
    Map<String, Tally> latest = new HashMap<>();
    driver.createOutputTopic(topic, Serdes.String().deserializer(), serdes.totals().deserializer())
        .readKeyValuesToMap()
        .forEach((k, v) -> latest.put(k, Tally.fromAvro(v)));
    return ExpectedTotals.figures(latest);
  }
}
