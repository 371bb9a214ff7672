package org.countline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.Totals;
import org.countline.core.ReferenceData;
import org.countline.core.Tally;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.SendFailures;
import org.countline.producers.simulator.WeekSimulator;
import org.countline.registry.serde.GenericAvroSerializer;
import org.countline.registry.serde.SpecificAvroDeserializer;
import org.countline.replay.Reconciliation;
import org.countline.streams.Topics;
import org.countline.streams.TopologyOptions;
import org.countline.streams.TotalsApp;
import org.countline.streams.TotalsReader;
import org.countline.streams.TotalsSerdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema registry goes away mid-load. Clients that have what they need cached (the
 * publisher's serializer, the streams instance's serdes) carry on: the second half of the week is
 * published and counted while the registry is down, and the totals equal a recount of the whole
 * week. A client that needs the registry (a fresh publisher, a serializer meeting a new schema)
 * fails at once with an error that names the registry, rather than hanging; the publisher's own
 * classification says "retry later". Once a registry is back (on the same {@code _schemas} topic)
 * the replay of the log equals the live totals.
 *
 * <p>Long variant: {@code -Dreliability.registry.events=100000}.
 */
class RegistryOutageIT {
  private static final Logger log = LoggerFactory.getLogger(RegistryOutageIT.class);
  private static final String APPLICATION_ID = "reliability-registry-outage";
  /** Only a guard against a hang: the clients' own timeouts must end the call long before. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(90);

  private static FaultCluster cluster;

  @TempDir static Path stateDir;

  @BeforeAll
  static void start() throws Exception {
    cluster = FaultCluster.start(1);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldKeepPublishingAndCountingWithCachedSchemasAndFailFastOnANewSchemaWhileTheRegistryIsDown() throws Exception {
    int events = Integer.getInteger("reliability.registry.events", 6_000);
    Stages stages = new Stages();
    Operation operation = FaultCluster.operation("registry-2022-10");
    cluster.publish(operation);
    List<FieldEvent> week = WeekSimulator.of(operation, ReferenceData.defaults()).events(events).seed(10).generate();
    Recount expected = Recount.of(week, operation);
    Map<String, Object> downRegistry = cluster.serdeConfig();
    String registryUrl = cluster.registry().url();

    Properties overrides = new Properties();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    overrides.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) cluster.replication());
    Properties config = TotalsApp.config(cluster.bootstrap(), stateDir.toString(), overrides);
    // What a reader of the totals and a serializer of a probe schema hold before the outage.
    SpecificAvroDeserializer<Totals> totals = new SpecificAvroDeserializer<>(Totals.class);
    totals.configure(downRegistry, false);
    Schema known = SchemaBuilder.record("ReliabilityProbe").namespace("org.countline.reliability").fields()
        .requiredString("note").endRecord();
    Schema unknown = SchemaBuilder.record("ReliabilityProbeV2").namespace("org.countline.reliability").fields()
        .requiredString("note").requiredInt("attempt").endRecord();
    GenericAvroSerializer probe = new GenericAvroSerializer();
    probe.configure(downRegistry, false);

    try (Admin admin = cluster.admin();
        TotalsApp app = new TotalsApp(config, TotalsSerdes.fromRegistry(downRegistry), TopologyOptions.defaults());
        FieldEventPublisher publisher = cluster.publisher()) {
      app.start();
      await("streams RUNNING").atMost(Duration.ofMinutes(2)).until(app::isRunning);
      stages.lap("start");
      int half = week.size() / 2;
      Load first = new Load(week.subList(0, half), 0).start(publisher);
      first.await(120);
      // The totals of the first half are out: the instance has written with the Totals schema,
      // and this reader has its id.
      await("first totals").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
          .until(() -> !nationalTotals(totals).isEmpty());
      GenericRecord knownRecord = new GenericData.Record(known);
      knownRecord.put("note", "before the outage");
      probe.serialize("reliability.probe", knownRecord);

      cluster.stopRegistry();
      log.info("Schema registry {} stopped", registryUrl);
      stages.lap("before");

      // 1. The publisher, its schema cached, publishes the rest of the week.
      Load second = new Load(week.subList(half, week.size()), 0).start(publisher);
      second.await(120);
      assertThat(second.failures()).as("sends refused while the registry is down").isEmpty();

      // 2. The streams instance, its schemas cached, counts all of it: exactly the recount.
      Map<String, Tally> national = new HashMap<>();
      await("totals of the whole week while the registry is down").atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1)).until(() -> {
            national.clear();
            national.putAll(nationalTotals(totals));
            Tally live = national.get(operation.getId());
            return live != null && live.sameFigures(expected.national());
          });
      assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
      stages.lap("outage-load");

      // 3. A fresh publisher has no schema id cached: its send fails, quickly, naming the registry.
      long freshNanos;
      Throwable freshError;
      try (FieldEventPublisher fresh = FieldEventPublisher.create(cluster.bootstrap(), downRegistry)) {
        long t0 = System.nanoTime();
        CompletableFuture<?> send = fresh.publish(week.get(0));
        freshError = assertTimeoutPreemptively(HANG_GUARD, () -> failureOf(send));
        freshNanos = System.nanoTime() - t0;
      }
      assertThat(freshError).isInstanceOf(SerializationException.class);
      assertThat(freshError.getMessage()).contains(registryUrl).contains("No schema registry reachable");
      assertThat(SendFailures.registryOutOfReach(freshError)).as("classified as retry-later").isTrue();
      assertThat(SendFailures.isPermanent(freshError)).isFalse();

      // 4. A serializer that has its schema keeps serialising it; a new schema fails, quickly,
      // naming the registry.
      probe.serialize("reliability.probe", knownRecord);
      GenericRecord unknownRecord = new GenericData.Record(unknown);
      unknownRecord.put("note", "during the outage");
      unknownRecord.put("attempt", 1);
      long t1 = System.nanoTime();
      assertTimeoutPreemptively(HANG_GUARD, () ->
          assertThatThrownBy(() -> probe.serialize("reliability.probe", unknownRecord))
              .isInstanceOf(SerializationException.class)
              .hasMessageContaining(registryUrl)
              .hasMessageContaining("ReliabilityProbeV2"));
      long newSchemaNanos = System.nanoTime() - t1;
      stages.lap("fail-fast");

      // The registry back, on another port but the same _schemas topic: ids kept, and the replay
      // of the log equals the live totals.
      cluster.startRegistry(0);
      Recount.Verdict verdict = expected.awaitExact(cluster, admin, APPLICATION_ID, events);
      Reconciliation reconciliation = Recount.reconcile(cluster, operation.getId());
      stages.lap("replay");
      log.info("RELIABILITY registry-outage: sent={} acknowledged={} sent-during-outage={} acknowledged-during-outage={} "
              + "outages=1 lost={} double={} figures-off={} replay-differences={} fresh-client-failed-in={}ms "
              + "new-schema-failed-in={}ms took={}s ({})",
          first.sent() + second.sent(), first.acknowledged() + second.acknowledged(), second.sent(), second.acknowledged(),
          verdict.lost(), verdict.doubleCounted(), verdict.differences().size(), reconciliation.differences().size(),
          TimeUnit.NANOSECONDS.toMillis(freshNanos), TimeUnit.NANOSECONDS.toMillis(newSchemaNanos),
          stages.totalSeconds(), stages);
      assertThat(verdict.differences()).as("live totals against the recount").isEmpty();
      assertThat(reconciliation.differences()).as("live totals against the replay").isEmpty();
    } finally {
      probe.close();
      totals.close();
    }
  }

  /** The national totals, read with a deserializer that already knows the Totals schema. */
  private static Map<String, Tally> nationalTotals(SpecificAvroDeserializer<Totals> totals) {
    Map<String, Tally> out = new HashMap<>();
    TotalsReader.latest(cluster.bootstrap(), Topics.TOTALS_NATIONAL, totals, key -> true, Duration.ofSeconds(30))
        .forEach((k, v) -> out.put(k, Tally.fromAvro(v)));
    return out;
  }

  private static Throwable failureOf(CompletableFuture<?> send) throws InterruptedException {
    try {
      send.get();
      throw new AssertionError("the send succeeded with the registry down");
    } catch (ExecutionException e) {
      return SendFailures.unwrap(e);
    }
  }
}
