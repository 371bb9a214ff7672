package org.countline.controlroom;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.avro.Operation;
import org.countline.core.ForceInfo;
import org.countline.core.ReferenceData;
import org.countline.core.Tally;
import org.countline.registry.serde.AvroSerdeConfig;
import org.countline.registry.serde.SpecificAvroSerializer;
import org.countline.registry.server.RegistryServer;
import org.countline.registry.server.RegistryServerConfig;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.streams.TopicSetup;
import org.countline.streams.Topics;

/**
 * The shared test broker with a schema registry of this test class, Countline's topics, and
 * producers writing straight to them (as the streams app would), every write acknowledged.
 */
final class TestKafka implements AutoCloseable {
  private final String bootstrap;
  private final RegistryServer registry;
  private final Map<String, Object> serdeConfig;
  private final KafkaProducer<String, SpecificRecord> avro;
  private final KafkaProducer<String, byte[]> raw;

  TestKafka(EmbeddedKafka kafka) {
    this.bootstrap = kafka.bootstrapServers();
    this.registry = new RegistryServer(RegistryServerConfig.builder(bootstrap).port(0).build()).start();
    this.serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicSetup.ensure(admin, TopicSetup.topics(3, (short) 1, 1));
    }
    SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    values.configure(serdeConfig, false);
    this.avro = new KafkaProducer<>(producerProps(), new StringSerializer(), values);
    this.raw = new KafkaProducer<>(producerProps(), new StringSerializer(), new ByteArraySerializer());
  }

  String bootstrap() {
    return bootstrap;
  }

  Map<String, Object> serdeConfig() {
    return serdeConfig;
  }

  /** A control room on a free port, reading this broker through this registry. */
  ControlRoomConfig controlRoomConfig() {
    return ControlRoomConfig.of(bootstrap, serdeConfig).withPort(0).withHost("127.0.0.1");
  }

  void operation(Operation operation) {
    send(avro, new ProducerRecord<>(Topics.OPERATIONS, operation.getId(), operation));
  }

  void forces(ReferenceData reference) {
    for (ForceInfo f : reference.forces()) {
      send(avro, new ProducerRecord<>(Topics.FORCES, f.code(), f.toAvro()));
    }
  }

  void totals(Scope scope, String key, Tally tally) {
    send(avro, new ProducerRecord<>(scope.topic(), key, tally == null ? null : tally.toAvro()));
  }

  void rejected(String key, byte[] original) {
    send(raw, new ProducerRecord<>(Topics.REJECTED, key, original));
  }

  private static <V> void send(KafkaProducer<String, V> producer, ProducerRecord<String, V> record) {
    try {
      producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not take the record for " + record.topic(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Properties producerProps() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return p;
  }

  @Override
  public void close() {
    avro.close();
    raw.close();
    registry.close();
  }
}
