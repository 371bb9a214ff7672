package org.countline.reliability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.core.ReferenceData;
import org.countline.gateway.GatewayConfig;
import org.countline.gateway.GatewayServer;
import org.countline.gateway.GatewayTokens;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.ReferencePublisher;
import org.countline.registry.serde.SpecificAvroSerializer;
import org.countline.registry.server.RegistryServer;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.registry.server.RegistryServerConfig;
import org.countline.streams.TopicSetup;
import org.countline.streams.Topics;

/**
 * The fuzzed gateway's world: a dedicated single-node KRaft broker (jqwik runs outside JUnit
 * Jupiter, so the shared {@code EmbeddedKafkaExtension} is not available, and a broker of its own
 * means every record on {@code countline.field-events} came from the fuzz run), the schema
 * registry, the contract's topics, the forces, one open operation, tokens for Kent and Essex and
 * a gateway listening on a free port.
 */
final class GatewayFuzzWorld implements AutoCloseable {
  static final String OP = "fuzz-2022-10";
  /** Wednesday of the week, noon London time: reportedAt of events without one. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2022-10-05T11:00:00Z"), ZoneOffset.UTC);

  final EmbeddedKafka cluster;
  final String bootstrap;
  final RegistryServer registry;
  final Map<String, Object> serdeConfig;
  final GatewayServer gateway;
  final String kent;
  final String essex;

  private GatewayFuzzWorld(EmbeddedKafka cluster) throws Exception {
    this.cluster = cluster;
    this.bootstrap = cluster.bootstrapServers();
    this.registry = new RegistryServer(RegistryServerConfig.builder(bootstrap).port(0).build()).start();
    this.serdeConfig = Map.of("schema.registry.url", registry.url());
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicSetup.ensure(admin, TopicSetup.topics(3, (short) 1, 1));
    }
    try (ReferencePublisher publisher = referencePublisher()) {
      publisher.publishForces(ReferenceData.defaults());
      publisher.publishOperation(operation(OP));
    }
    kent = GatewayTokens.issue(bootstrap, ReferenceData.defaults(), "kent", CLOCK);
    essex = GatewayTokens.issue(bootstrap, ReferenceData.defaults(), "essex", CLOCK);
    gateway = new GatewayServer(GatewayConfig.builder(bootstrap, serdeConfig)
        .port(0).ackTimeout(Duration.ofSeconds(10)).clock(CLOCK).build()).start();
    if (!gateway.awaitReady(Duration.ofSeconds(120))) {
      throw new IllegalStateException("the fuzzed gateway did not read its topics within 120 s");
    }
  }

  static GatewayFuzzWorld start() throws Exception {
    EmbeddedKafka cluster = EmbeddedKafka.start();
    try {
      return new GatewayFuzzWorld(cluster);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** An open operation over the week of 3 to 9 October 2022, London time. */
  static Operation operation(String id) {
    return Operation.newBuilder()
        .setId(id).setName("Fuzz week " + id).setKind("county-lines-intensification")
        .setStart(LocalDate.of(2022, 10, 3)).setEnd(LocalDate.of(2022, 10, 9)).setTimeZone("Europe/London")
        .setStatus(OperationStatus.OPEN).build();
  }

  ReferencePublisher referencePublisher() {
    SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    values.configure(serdeConfig, false);
    Properties props = FieldEventPublisher.producerConfig(bootstrap, new Properties());
    return new ReferencePublisher(new KafkaProducer<>(props, new StringSerializer(), values));
  }

  /** Every record of {@code countline.field-events}, raw, read to the end offsets as of the call. */
  List<ConsumerRecord<byte[], byte[]>> eventRecords() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.FIELD_EVENTS, Duration.ofSeconds(30)).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + Topics.FIELD_EVENTS + " to its end");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      gateway.close();
      registry.close();
    } finally {
      cluster.close();
    }
  }
}
