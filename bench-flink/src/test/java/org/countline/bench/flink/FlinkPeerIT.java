package org.countline.bench.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.avro.Arrest;
import org.countline.avro.Drug;
import org.countline.avro.DrugSeizure;
import org.countline.avro.FieldEvent;
import org.countline.avro.Seizure;
import org.countline.avro.Source;
import org.countline.avro.Totals;
import org.countline.avro.VehicleStop;
import org.countline.avro.WeaponSeizure;
import org.countline.avro.WeaponType;
import org.countline.avro.Withdrawal;
import org.countline.core.Contribution;
import org.countline.core.Keys;
import org.countline.core.Tally;
import org.countline.registry.serde.SpecificAvroDeserializer;
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
 * The Flink peer, run as the benchmark runs it (its own JVM, a real broker), computes the same
 * totals as a plain fold over the latest revision of each event: amendments, withdrawals,
 * resends and a late older revision included. Times are measured, never asserted.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class FlinkPeerIT {
  private static final String OPERATION = "flink-week";
  private static final Instant OCCURRED_AT = Instant.parse("2022-10-04T08:30:00Z");
  private static final List<String> FORCES = List.of("kent", "essex", "merseyside", "west-midlands", "thames-valley");

  private static String bootstrap;
  private static RegistryServer registry;
  private static List<FieldEvent> published;
  /** The fold: the latest revision of each event, by eventId. */
  private static Map<String, FieldEvent> latest;
  /** Events whose record moves the totals: the first revision and each higher one. */
  private static long changes;

  @TempDir Path work;

  @BeforeAll
  static void publishEvents(EmbeddedKafka kafka) throws Exception {
    bootstrap = kafka.bootstrapServers();
    registry = new RegistryServer(RegistryServerConfig.builder(bootstrap).port(0).build()).start();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(FlinkTotalsJob.EVENTS_TOPIC, 3, (short) 1))).all().get();
    }
    published = events(new Random(11), 400);
    latest = new HashMap<>();
    changes = 0;
    for (FieldEvent e : published) {
      FieldEvent prior = latest.get(e.getEventId());
      if (prior == null || e.getRevision() > prior.getRevision()) {
        latest.put(e.getEventId(), e);
        changes++;
      }
    }
    SpecificAvroSerializer<FieldEvent> values = new SpecificAvroSerializer<>();
    values.configure(Map.of("schema.registry.url", registry.url()), false);
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, FieldEvent> producer = new KafkaProducer<>(config, new StringSerializer(), values)) {
      for (FieldEvent e : published) {
        producer.send(new ProducerRecord<>(FlinkTotalsJob.EVENTS_TOPIC, Keys.of(e.getOperationId(), e.getForce()), e)).get();
      }
    }
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Test
  void shouldWriteNationalAndForceTotalsEqualToTheFoldOfLatestRevisions() {
    FlinkPeer.Result result = FlinkPeer.measure(bootstrap, registry.url(), OPERATION, fold(latest.values()),
        Duration.ofSeconds(60), FlinkPeer.Options.defaults().withMaxHeap("512m").withWorkDir(work));

    assertThat(result.inputRecords()).isEqualTo(published.size());
    assertThat(result.seconds()).isPositive();
    // One force update and one national update per event that moves the totals, all committed.
    assertThat(result.forceRecords()).isEqualTo(changes);
    assertThat(result.nationalRecords()).isEqualTo(changes);
    assertThat(lastTotals(FlinkTotalsJob.NATIONAL_TOPIC).get(OPERATION).sameFigures(fold(latest.values()))).isTrue();
    Map<String, Tally> forces = lastTotals(FlinkTotalsJob.FORCE_TOPIC);
    for (String force : FORCES) {
      Tally expected = fold(latest.values().stream().filter(e -> e.getForce().equals(force)).toList());
      assertThat(forces.get(Keys.of(OPERATION, force))).as(force).matches(t -> t.sameFigures(expected), "equals the fold " + expected);
    }
  }

  @Test
  void shouldReachTheSameTotalsWhenEmittingOncePerInterval() {
    FlinkPeer.Result result = FlinkPeer.measure(bootstrap, registry.url(), OPERATION, fold(latest.values()),
        Duration.ofSeconds(60), FlinkPeer.Options.defaults().withEmitEvery(Duration.ofMillis(200)).withMaxHeap("512m")
            .withWorkDir(work));

    assertThat(result.nationalRecords()).isBetween(1L, changes);
    assertThat(lastTotals(FlinkTotalsJob.NATIONAL_TOPIC).get(OPERATION).sameFigures(fold(latest.values()))).isTrue();
  }

  private static Tally fold(Iterable<FieldEvent> events) {
    Tally t = new Tally();
    events.forEach(e -> t.add(Contribution.of(e)));
    return t;
  }

  /** Events across five forces; some amended, withdrawn or resent, and one late older revision. */
  private static List<FieldEvent> events(Random random, int count) {
    List<FieldEvent> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = new UUID(11, i).toString();
      String force = FORCES.get(random.nextInt(FORCES.size()));
      FieldEvent first = event(id, 1, force, payload(random));
      out.add(first);
      int roll = random.nextInt(10);
      if (roll == 0) {
        out.add(event(id, 2, force, payload(random)));
      } else if (roll == 1) {
        out.add(event(id, 2, force, new Withdrawal("reported twice")));
      } else if (roll == 2) {
        out.add(first);
      } else if (roll == 3) {
        out.add(event(id, 3, force, payload(random)));
        out.add(event(id, 2, force, payload(random)));
      }
    }
    return out;
  }

  private static Object payload(Random random) {
    return switch (random.nextInt(3)) {
      case 0 -> new Arrest(1 + random.nextInt(2), random.nextInt(2), 0);
      case 1 -> new VehicleStop(1);
      default -> new Seizure(List.of(new DrugSeizure(Drug.COCAINE, (long) random.nextInt(50_000), (long) random.nextInt(500_000))),
          (long) random.nextInt(100_000), List.of(new WeaponSeizure(WeaponType.BLADED, 1)), random.nextInt(3));
    };
  }

  private static FieldEvent event(String id, int revision, String force, Object payload) {
    return FieldEvent.newBuilder().setEventId(id).setRevision(revision).setOperationId(OPERATION).setForce(force)
        .setOccurredAt(OCCURRED_AT).setReportedAt(OCCURRED_AT.plusSeconds(60)).setReporter("flink-it")
        .setSource(Source.SIMULATOR).setPayload(payload).build();
  }

  /** The last committed totals of each key on {@code topic}. */
  private static Map<String, Tally> lastTotals(String topic) {
    SpecificAvroDeserializer<Totals> values = new SpecificAvroDeserializer<>(Totals.class);
    values.configure(Map.of("schema.registry.url", registry.url()), false);
    Map<String, Tally> last = new LinkedHashMap<>();
    try (KafkaConsumer<String, Totals> consumer =
        new KafkaConsumer<>(FlinkPeerMain.consumerConfig(bootstrap), new StringDeserializer(), values)) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic)) {
        parts.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, Totals> r : consumer.poll(Duration.ofMillis(100))) {
          last.put(r.key(), Tally.fromAvro(r.value()));
        }
      }
    }
    return last;
  }
}
