package org.countline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.core.ForceInfo;
import org.countline.core.ReferenceData;
import org.countline.registry.serde.SpecificAvroSerializer;
import org.countline.registry.server.RegistryServer;
import org.countline.registry.server.RegistryServerConfig;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.registry.testing.EmbeddedKafkaExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A week of events, with amendments, withdrawals, resends and invalid records, through the real
 * topology on a real KRaft broker with the real schema registry: exact totals on all four totals
 * topics, and every invalid record on the rejected topic, all readable without waiting for a
 * commit interval.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class TotalsIT {
  private static RegistryServer registry;
  private static String bootstrap;
  private static Map<String, Object> serdeConfig;

  @TempDir static Path stateDir;

  @BeforeAll
  static void start(EmbeddedKafka kafka) {
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
  }

  @Test
  void shouldProduceExactTotalsOnEveryTotalsTopicForAWeekOfEvents() throws Exception {
    ReferenceData reference = ReferenceData.defaults();
    Operation operation = TestEvents.operation(TestEvents.OPERATION, OperationStatus.OPEN);
    List<FieldEvent> week = EventSequences.week(42, 1500, true);
    publishReference(reference, operation);

    Properties overrides = new Properties();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, "totals-it");
    // Far beyond the wait below: every total, and every rejected record, must become readable
    // through the commits the topology asks for itself after each emission and each sum.
    overrides.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(10).toMillis());
    overrides.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), (int) Duration.ofMinutes(15).toMillis());
    Properties config = TotalsApp.config(bootstrap, stateDir.toString(), overrides);
    try (TotalsApp app = new TotalsApp(config, TotalsSerdes.fromRegistry(serdeConfig), TopologyOptions.defaults())) {
      app.start();
      int invalid = publishEvents(week);

      ExpectedTotals expected = ExpectedTotals.fold(week, operation, reference);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        assertThat(read(Topics.TOTALS_NATIONAL)).isEqualTo(ExpectedTotals.figures(expected.national()));
        assertThat(read(Topics.TOTALS_REGION)).isEqualTo(ExpectedTotals.figures(expected.region()));
        assertThat(read(Topics.TOTALS_FORCE)).isEqualTo(ExpectedTotals.figures(expected.force()));
        assertThat(read(Topics.TOTALS_DAILY)).isEqualTo(ExpectedTotals.figures(expected.daily()));
      });
      Map<String, byte[]> rejected = TotalsReader.latest(bootstrap, Topics.REJECTED,
          (topic, bytes) -> bytes, key -> true, Duration.ofSeconds(30));
      assertThat(countRecords(Topics.REJECTED)).isEqualTo(invalid);
      assertThat(rejected).isNotEmpty();
    }
  }

  private static void publishReference(ReferenceData reference, Operation operation) throws Exception {
    SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    values.configure(serdeConfig, false);
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProps(), new StringSerializer(), values)) {
      for (ForceInfo force : reference.forces()) {
        producer.send(new ProducerRecord<>(Topics.FORCES, force.code(), force.toAvro())).get();
      }
      producer.send(new ProducerRecord<>(Topics.OPERATIONS, operation.getId(), operation)).get();
    }
  }

  /** Publishes the week plus invalid records in between; returns how many were invalid. */
  private static int publishEvents(List<FieldEvent> week) throws Exception {
    SpecificAvroSerializer<FieldEvent> values = new SpecificAvroSerializer<>();
    values.configure(serdeConfig, false);
    int invalid = 0;
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaProducer<String, FieldEvent> producer = new KafkaProducer<>(producerProps(), new StringSerializer(), values)) {
      for (int i = 0; i < week.size(); i++) {
        FieldEvent e = week.get(i);
        sends.add(producer.send(new ProducerRecord<>(Topics.FIELD_EVENTS, e.getOperationId() + "/" + e.getForce(), e)));
        if (i % 300 == 0) {
          FieldEvent unknownForce = FieldEvent.newBuilder(e).setEventId(TestEvents.newId()).setForce("atlantis").build();
          sends.add(producer.send(new ProducerRecord<>(Topics.FIELD_EVENTS, unknownForce.getOperationId() + "/atlantis", unknownForce)));
          invalid++;
        }
      }
      for (Future<RecordMetadata> send : sends) {
        send.get();
      }
    }
    try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(producerProps(), new StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(Topics.FIELD_EVENTS, TestEvents.OPERATION + "/kent", new byte[] {1, 2, 3})).get();
      invalid++;
    }
    return invalid;
  }

  private static Properties producerProps() {
    return BrokerTestClients.producerProps(bootstrap);
  }

  private static Map<String, String> read(String topic) {
    return BrokerTestClients.figures(bootstrap, serdeConfig, topic);
  }

  private static long countRecords(String topic) {
    long[] count = {0};
    TotalsReader.latest(bootstrap, topic, (t, bytes) -> {
      count[0]++;
      return bytes;
    }, key -> true, Duration.ofSeconds(30));
    return count[0];
  }
}
