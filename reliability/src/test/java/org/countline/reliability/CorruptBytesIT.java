package org.countline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.Source;
import org.countline.avro.Totals;
import org.countline.core.ReferenceData;
import org.countline.core.json.FieldEventJson;
import org.countline.core.json.ParseOptions;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.ReferencePublisher;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.registry.serde.SpecificAvroDeserializer;
import org.countline.registry.serde.SpecificAvroSerializer;
import org.countline.registry.server.RegistryServer;
import org.countline.registry.server.RegistryServerConfig;
import org.countline.streams.TopicSetup;
import org.countline.streams.Topics;
import org.countline.streams.TopologyOptions;
import org.countline.streams.TotalsApp;
import org.countline.streams.TotalsReader;
import org.countline.streams.TotalsSerdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt and foreign bytes on {@code countline.field-events}, read by the real totals topology
 * (exactly-once) on a real KRaft broker with the real schema registry: random bytes, a wrong
 * magic byte, an Avro record of another schema, an unknown schema id, a truncated record, an
 * empty value, a tombstone, a null key and a key that does not match its event. Each one lands on
 * {@code countline.field-events.rejected} with its reason in the {@code countline.reject.reason}
 * header, and the valid events published around them are counted, exactly.
 *
 * <p>A broker of its own, so that no other test's events or streams application share its topics.
 */
class CorruptBytesIT {
  private static final String OP = "corrupt-2022-10";
  private static final String KEY = OP + "/kent";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2022-10-05T11:00:00Z"), ZoneOffset.UTC);

  private static EmbeddedKafka cluster;
  private static String bootstrap;
  private static RegistryServer registry;
  private static Map<String, Object> serdeConfig;

  @TempDir static Path stateDir;

  @BeforeAll
  static void start() throws Exception {
    cluster = EmbeddedKafka.start();
    bootstrap = cluster.bootstrapServers();
    registry = new RegistryServer(RegistryServerConfig.builder(bootstrap).port(0).build()).start();
    serdeConfig = Map.of("schema.registry.url", registry.url());
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicSetup.ensure(admin, TopicSetup.topics(3, (short) 1, 1));
    }
    SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    values.configure(serdeConfig, false);
    try (ReferencePublisher publisher = new ReferencePublisher(new KafkaProducer<>(
        FieldEventPublisher.producerConfig(bootstrap, new Properties()), new StringSerializer(), values))) {
      publisher.publishForces(ReferenceData.defaults());
      publisher.publishOperation(GatewayFuzzWorld.operation(OP));
    }
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static FieldEvent arrest(String id, int count) {
    String json = "{\"eventId\":\"" + id + "\",\"operationId\":\"" + OP + "\",\"force\":\"kent\",\"type\":\"arrest\","
        + "\"occurredAt\":\"2022-10-04T09:30:00+01:00\",\"reporter\":\"r-1\",\"arrest\":{\"count\":" + count + "}}";
    return FieldEventJson.parse(json, ParseOptions.of(Source.GATEWAY).withClock(CLOCK)).event();
  }

  @Test
  void shouldRejectEveryCorruptOrForeignRecordWithAReasonAndCountTheValidEventsAroundThem() throws Exception {
    long startedAt = System.nanoTime();
    SpecificAvroSerializer<SpecificRecord> avro = new SpecificAvroSerializer<>();
    avro.configure(serdeConfig, false);
    FieldEvent before = arrest("11111111-1111-4111-8111-111111111111", 2);
    FieldEvent after = arrest("22222222-2222-4222-8222-222222222222", 5);
    byte[] valid = avro.serialize(Topics.FIELD_EVENTS, arrest("33333333-3333-4333-8333-333333333333", 7));
    byte[] operation = avro.serialize(Topics.OPERATIONS, GatewayFuzzWorld.operation(OP));
    Random random = new Random(42);
    byte[] noise = new byte[64];
    random.nextBytes(noise);
    noise[0] = 0x13;

    // name -> (key, value): none of these may count, none may stop the topology.
    Map<String, byte[][]> corrupt = new LinkedHashMap<>();
    corrupt.put("random bytes", new byte[][] {utf8(KEY), noise});
    corrupt.put("wrong magic byte", new byte[][] {utf8(KEY), withByte(valid, 0, (byte) 1)});
    corrupt.put("another schema's record (Operation)", new byte[][] {utf8(KEY), operation});
    corrupt.put("unknown schema id", new byte[][] {utf8(KEY), withSchemaId(valid, 987_654)});
    corrupt.put("truncated record", new byte[][] {utf8(KEY), Arrays.copyOf(valid, valid.length / 2)});
    corrupt.put("header only", new byte[][] {utf8(KEY), Arrays.copyOf(valid, 5)});
    corrupt.put("one byte", new byte[][] {utf8(KEY), new byte[] {0}});
    corrupt.put("empty value", new byte[][] {utf8(KEY), new byte[0]});
    corrupt.put("tombstone (null value)", new byte[][] {utf8(KEY), null});
    corrupt.put("null key", new byte[][] {null, valid});
    corrupt.put("key of another force", new byte[][] {utf8(OP + "/essex"), valid});
    corrupt.put("key of another operation", new byte[][] {utf8("other-2022-10/kent"), valid});
    corrupt.put("key not UTF-8", new byte[][] {new byte[] {(byte) 0xC0, (byte) 0xAF, '/', 'k'}, valid});
    corrupt.put("JSON instead of Avro", new byte[][] {utf8(KEY), utf8(FieldEventJson.write(after))});

    Properties overrides = new Properties();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, "corrupt-bytes-it");
    Properties config = TotalsApp.config(bootstrap, stateDir.toString(), overrides);
    Map<String, String> origins = new HashMap<>();
    try (TotalsApp app = new TotalsApp(config, TotalsSerdes.fromRegistry(serdeConfig), TopologyOptions.defaults())) {
      app.start();
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(),
          new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>(Topics.FIELD_EVENTS, utf8(KEY), avro.serialize(Topics.FIELD_EVENTS, before))).get();
        for (Map.Entry<String, byte[][]> c : corrupt.entrySet()) {
          RecordMetadata m = producer.send(new ProducerRecord<>(Topics.FIELD_EVENTS, c.getValue()[0], c.getValue()[1])).get();
          origins.put(m.topic() + "-" + m.partition() + "@" + m.offset(), c.getKey());
        }
        producer.send(new ProducerRecord<>(Topics.FIELD_EVENTS, utf8(KEY), avro.serialize(Topics.FIELD_EVENTS, after))).get();
      }

      // The valid events before and after the corrupt ones are counted: 2 + 5 arrests in 2 events.
      SpecificAvroDeserializer<Totals> totals = new SpecificAvroDeserializer<>(Totals.class);
      totals.configure(serdeConfig, false);
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        Totals kent = TotalsReader.latest(bootstrap, Topics.TOTALS_FORCE, totals, KEY::equals, Duration.ofSeconds(30)).get(KEY);
        assertThat(kent).isNotNull();
        assertThat(kent.getEvents()).isEqualTo(2);
        assertThat(kent.getArrests()).isEqualTo(7);
      });

      // Every corrupt record is on the rejected topic, found by its origin, with a reason.
      Map<String, String> reasons = new LinkedHashMap<>();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        reasons.clear();
        for (ConsumerRecord<byte[], byte[]> r : readAll(Topics.REJECTED)) {
          String origin = header(r, Topics.HEADER_REJECT_ORIGIN);
          if (origins.containsKey(origin)) {
            reasons.put(origins.get(origin), header(r, Topics.HEADER_REJECT_REASON));
          }
        }
        assertThat(reasons.keySet()).containsExactlyInAnyOrderElementsOf(corrupt.keySet());
      });
      assertThat(reasons.values()).allSatisfy(reason -> assertThat(reason).isNotBlank());
      assertThat(app.isRunning()).as("the topology is still running").isTrue();
      reasons.forEach((what, reason) -> System.out.println("RELIABILITY corrupt-bytes rejected: " + what + " -> "
          + reason.substring(0, Math.min(160, reason.length()))));
      System.out.printf("RELIABILITY corrupt-bytes: corrupt=%d rejected-with-reason=%d valid-counted=2/2 arrests=7 "
              + "topology=%s seconds=%.1f%n", corrupt.size(), reasons.size(), app.streams().state(),
          (System.nanoTime() - startedAt) / 1e9);
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      while (!TotalsReader.caughtUp(consumer, end)) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static Properties producerProps() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return p;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] withByte(byte[] bytes, int at, byte value) {
    byte[] copy = bytes.clone();
    copy[at] = value;
    return copy;
  }

  /** The same Avro body under another schema id (bytes 1 to 4 of the wire format). */
  private static byte[] withSchemaId(byte[] bytes, int id) {
    byte[] copy = bytes.clone();
    ByteBuffer.wrap(copy, 1, 4).putInt(id);
    return copy;
  }
}
