package org.countline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.core.Keys;
import org.countline.core.ReferenceData;
import org.countline.registry.serde.SpecificAvroDeserializer;
import org.countline.registry.serde.SpecificAvroSerializer;
import org.countline.registry.server.RegistryServer;
import org.countline.registry.server.RegistryServerConfig;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.registry.testing.EmbeddedKafkaExtension;
import org.countline.streams.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A measurement, not part of the suite (its name matches no surefire include; the benchmark
 * proper is the bench module's): run it by hand with
 * {@code mvn -o -pl replay verify -Dtest=ReplayRateProbe -Dprobe.events=1000000}. Publishes N events
 * of one operation to a 6-partition topic, then, three times over, times a plain consumer that
 * reads and decodes the Avro (the limit) and the replay with one thread and with one per
 * processor, and prints the rates and their ratio.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ReplayRateProbe {

  @Test
  void shouldPrintTheReplayRateBesideTheRateOfAPlainConsumer(EmbeddedKafka embedded) throws Exception {
    int n = Integer.getInteger("probe.events", 1_000_000);
    try (RegistryServer registry = new RegistryServer(RegistryServerConfig.builder(embedded.bootstrapServers()).port(0).build()).start()) {
      KafkaFixture kafka = new KafkaFixture(embedded.bootstrapServers(), registry.url());
      kafka.createTopics(6);
      Operation op = Weeks.operation("probe-2022-10", LocalDate.of(2022, 10, 3), null, null);
      kafka.publishReference(ReferenceData.defaults(), op);
      long t0 = System.nanoTime();
      publish(kafka, op, n);
      System.out.printf("published %,d events in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
      for (int round = 0; round < 3; round++) {
        long s = System.nanoTime();
        long read = plain(kafka);
        double plainRate = read / ((System.nanoTime() - s) / 1e9);
        for (int threads : new int[] {1, 0}) {
          s = System.nanoTime();
          ReplayResult r = new Replay(kafka.bootstrap, kafka.serdeConfig, ReplayOptions.defaults().withThreads(threads))
              .run(op.getId(), ReplayProgress.NONE);
          assertThat(r.counts().operationRecords()).isEqualTo(n);
          double seconds = (System.nanoTime() - s) / 1e9;
          System.out.printf("round %d: plain %,.0f/s; replay (threads %d) %,d records in %.2f s = %,.0f/s (loop only %,.0f/s), ratio %.2f, counted %,d%n",
              round, plainRate, threads, r.counts().recordsRead(), seconds, r.counts().recordsRead() / seconds,
              r.counts().recordsPerSecond(), (r.counts().recordsRead() / seconds) / plainRate, r.counts().eventsCounted());
        }
      }
      Runtime rt = Runtime.getRuntime();
      System.out.printf("heap used %,d MB of max %,d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
    }
  }

  private static void publish(KafkaFixture kafka, Operation op, int n) throws Exception {
    SpecificAvroSerializer<FieldEvent> avro = new SpecificAvroSerializer<>();
    avro.configure(kafka.serdeConfig, false);
    Properties props = kafka.producerProps();
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    Random random = new Random(1);
    Instant start = Instant.parse("2022-10-02T23:00:00Z");
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaProducer<String, FieldEvent> producer = new KafkaProducer<>(props, new StringSerializer(), avro)) {
      for (int i = 0; i < n; i++) {
        String force = Weeks.FORCES.get(random.nextInt(Weeks.FORCES.size()));
        int revision = random.nextInt(10) == 0 ? 2 : 1;
        Instant at = start.plusSeconds(random.nextInt(7 * 24 * 3600));
        FieldEvent e = Weeks.event(op.getId(), new UUID(random.nextLong(), random.nextLong()).toString(), revision, force, at, at.plusSeconds(60), Weeks.payload(random));
        sends.add(producer.send(new ProducerRecord<>(Topics.FIELD_EVENTS, null, at.toEpochMilli(), Keys.of(op.getId(), force), e)));
        if (sends.size() == 50_000) {
          for (Future<RecordMetadata> f : sends) {
            f.get();
          }
          sends.clear();
        }
      }
      for (Future<RecordMetadata> f : sends) {
        f.get();
      }
    }
  }

  /** A plain consumer reading the topic from the beginning to its end and decoding every value. */
  private static long plain(KafkaFixture kafka) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    SpecificAvroDeserializer<FieldEvent> values = new SpecificAvroDeserializer<>();
    values.configure(kafka.serdeConfig, false);
    long read = 0;
    long checksum = 0;
    try (KafkaConsumer<byte[], FieldEvent> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), values)) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.FIELD_EVENTS).stream()
          .map(i -> new TopicPartition(Topics.FIELD_EVENTS, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long total = end.values().stream().mapToLong(Long::longValue).sum();
      while (read < total) {
        for (ConsumerRecord<byte[], FieldEvent> r : consumer.poll(Duration.ofMillis(100))) {
          read++;
          checksum += r.value().getRevision();
        }
      }
    }
    if (checksum == 0) {
      throw new IllegalStateException("nothing decoded");
    }
    return read;
  }
}
