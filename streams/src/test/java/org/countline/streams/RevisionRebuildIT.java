package org.countline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.countline.streams.TestEvents.OPERATION;
import static org.countline.streams.TestEvents.arrest;
import static org.countline.streams.TestEvents.event;
import static org.countline.streams.TestEvents.newId;
import static org.countline.streams.TestEvents.withdrawal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.countline.avro.Arrest;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.core.ReferenceData;
import org.countline.registry.serde.SpecificAvroSerializer;
import org.countline.registry.server.RegistryServer;
import org.countline.registry.server.RegistryServerConfig;
import org.countline.registry.testing.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event revisions have no changelog: a task that opens rebuilds them from the events topic
 * (see {@link RevisionRebuild}). Amendments, withdrawals and resends after a restart on an empty
 * state directory must move the totals exactly as without the restart, also for an event that was
 * refused before the restart and would be valid under the reference data of the rebuild.
 * On its own broker: its events must not reach the other tests' applications.
 */
class RevisionRebuildIT {
  private static final Instant NEXT_MONDAY = Instant.parse("2022-10-10T09:00:00Z");

  /**
   * A broker of its own, not EmbeddedKafkaExtension's shared one: the test reads whole totals
   * topics, which other tests of this module fill for the same operation.
   */
  private static EmbeddedKafka kafka;
  private static RegistryServer registry;
  private static String bootstrap;
  private static Map<String, Object> serdeConfig;

  @TempDir static Path firstStateDir;
  @TempDir static Path secondStateDir;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start();
    bootstrap = kafka.bootstrapServers();
    registry = new RegistryServer(RegistryServerConfig.builder(bootstrap).port(0).build()).start();
    serdeConfig = Map.of("schema.registry.url", registry.url());
    BrokerTestClients.createTopics(bootstrap);
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldAmendWithdrawAndIgnoreResendsAfterARestartAsIfThereHadBeenNone() throws Exception {
    ReferenceData reference = ReferenceData.defaults();
    Operation week = TestEvents.operation(OPERATION, OperationStatus.OPEN);
    publish(Topics.FORCES, reference.forces().stream().map(f -> KeyValue.of(f.code(), f.toAvro())).toList());
    publish(Topics.OPERATIONS, List.of(KeyValue.of(OPERATION, week)));

    String amended = newId();
    String refusedThenValid = newId();
    String withdrawn = newId();
    List<FieldEvent> before = new ArrayList<>();
    String[] forces = {"kent", "essex", "metropolitan", "west-midlands-police", "merseyside", "btp"};
    for (int i = 0; i < 300; i++) {
      before.add(arrest(newId(), 1, forces[i % forces.length], 1 + i % 3, i % 2));
    }
    before.add(arrest(amended, 1, "kent", 2, 1));
    before.add(arrest(withdrawn, 1, "essex", 4, 0));
    // The Monday after the week: outside its window, refused.
    FieldEvent refused = event(refusedThenValid, 1, "kent", NEXT_MONDAY, new Arrest(5, 0, 0));
    List<FieldEvent> sent = new ArrayList<>(before);
    sent.add(refused);

    try (TotalsApp app = app(firstStateDir)) {
      app.start();
      publishEvents(sent);
      awaitTotals(before, week);
    }

    // The week is extended by two days while no instance runs; the refused event's day is now in it.
    Operation extended = Operation.newBuilder(week).setEnd(LocalDate.of(2022, 10, 11)).build();
    publish(Topics.OPERATIONS, List.of(KeyValue.of(OPERATION, extended)));

    List<FieldEvent> after = List.of(
        arrest(amended, 2, "kent", 3, 0),
        event(refusedThenValid, 2, "kent", NEXT_MONDAY, new Arrest(7, 1, 0)),
        withdrawal(withdrawn, 2, "essex"),
        arrest(amended, 1, "kent", 2, 1));
    sent.addAll(after);
    try (TotalsApp app = app(secondStateDir)) {
      app.start();
      publishEvents(after);
      // Refused before the restart, so its second revision is its first to count: 7 arrests, not
      // 7 - 5. The amendment replaces 2 by 3, the withdrawal takes out 4, the resent first
      // revision is ignored: as the fold over the latest revisions says.
      List<FieldEvent> counted = new ArrayList<>(sent);
      counted.remove(refused);
      awaitTotals(counted, extended);
    }
  }

  private static TotalsApp app(Path stateDir) {
    Properties overrides = new Properties();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, "revision-rebuild-it");
    Properties config = TotalsApp.config(bootstrap, stateDir.toString(), overrides);
    return new TotalsApp(config, TotalsSerdes.fromRegistry(serdeConfig), TopologyOptions.defaults());
  }

  private static void awaitTotals(List<FieldEvent> counted, Operation operation) {
    ExpectedTotals expected = ExpectedTotals.fold(counted, operation, ReferenceData.defaults());
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      assertThat(read(Topics.TOTALS_NATIONAL)).isEqualTo(ExpectedTotals.figures(expected.national()));
      assertThat(read(Topics.TOTALS_REGION)).isEqualTo(ExpectedTotals.figures(expected.region()));
      assertThat(read(Topics.TOTALS_FORCE)).isEqualTo(ExpectedTotals.figures(expected.force()));
      assertThat(read(Topics.TOTALS_DAILY)).isEqualTo(ExpectedTotals.figures(expected.daily()));
    });
  }

  private record KeyValue(String key, SpecificRecord value) {
    static KeyValue of(String key, SpecificRecord value) {
      return new KeyValue(key, value);
    }
  }

  private static void publish(String topic, List<KeyValue> records) throws Exception {
    SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    values.configure(serdeConfig, false);
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProps(), new StringSerializer(), values)) {
      for (KeyValue record : records) {
        producer.send(new ProducerRecord<>(topic, record.key(), record.value())).get();
      }
    }
  }

  private static void publishEvents(List<FieldEvent> events) throws Exception {
    publish(Topics.FIELD_EVENTS, events.stream().map(e -> KeyValue.of(e.getOperationId() + "/" + e.getForce(), e)).toList());
  }

  private static Properties producerProps() {
    return BrokerTestClients.producerProps(bootstrap);
  }

  private static Map<String, String> read(String topic) {
    return BrokerTestClients.figures(bootstrap, serdeConfig, topic);
  }
}
