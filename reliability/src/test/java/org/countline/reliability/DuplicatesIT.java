package org.countline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.core.ReferenceData;
import org.countline.core.json.FieldEventJson;
import org.countline.gateway.GatewayConfig;
import org.countline.gateway.GatewayServer;
import org.countline.gateway.GatewayTokens;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.simulator.WeekSimulator;
import org.countline.replay.Reconciliation;
import org.countline.streams.TopologyOptions;
import org.countline.streams.TotalsApp;
import org.countline.streams.TotalsSerdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every record of a simulated week (its originals, resends, amendments and withdrawals) is sent
 * three times: the records of a few forces through the HTTP gateway ({@code POST /v1/events} with
 * the same eventId and revision, three times, each answered 202), the rest through the publisher
 * (the whole week three times over, as a field app resending its outbox would). The log holds
 * every copy, and the totals count each event once: they equal a recount of the week sent once,
 * and the replay of the log.
 *
 * <p>Long variant: {@code -Dreliability.duplicates.events=60000}.
 */
class DuplicatesIT {
  private static final Logger log = LoggerFactory.getLogger(DuplicatesIT.class);
  private static final String APPLICATION_ID = "reliability-duplicates";
  private static final int COPIES = 3;
  /** The forces that report through the gateway; the others publish to Kafka directly. */
  private static final Set<String> GATEWAY_FORCES = Set.of("kent", "surrey", "cumbria");
  /** Inside the simulated week, so that the gateway's defaults fall in it too. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2022-10-09T20:00:00Z"), ZoneOffset.UTC);

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
  void shouldCountEveryEventOnceWhenEveryRecordIsSentThreeTimesThroughThePublisherAndTheGateway() throws Exception {
    int events = Integer.getInteger("reliability.duplicates.events", WeekSimulator.DEFAULT_EVENTS);
    Stages stages = new Stages();
    Operation operation = FaultCluster.operation("duplicates-2022-10");
    cluster.publish(operation);
    List<FieldEvent> week = WeekSimulator.of(operation, ReferenceData.defaults()).events(events).seed(11).generate();
    Recount expected = Recount.of(week, operation);
    List<FieldEvent> viaGateway = week.stream().filter(e -> GATEWAY_FORCES.contains(e.getForce())).toList();
    List<FieldEvent> viaPublisher = week.stream().filter(e -> !GATEWAY_FORCES.contains(e.getForce())).toList();
    List<FieldEvent> publisherSends = new ArrayList<>();
    for (int copy = 0; copy < COPIES; copy++) {
      publisherSends.addAll(viaPublisher);
    }

    Properties overrides = new Properties();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    overrides.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) cluster.replication());
    Properties config = TotalsApp.config(cluster.bootstrap(), stateDir.toString(), overrides);
    Map<String, String> tokens = new ConcurrentHashMap<>();
    GATEWAY_FORCES.forEach(f -> tokens.put(f, GatewayTokens.issue(cluster.bootstrap(), ReferenceData.defaults(), f, CLOCK)));
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try (Admin admin = cluster.admin();
        TotalsApp app = new TotalsApp(config, TotalsSerdes.fromRegistry(cluster.serdeConfig()), TopologyOptions.defaults());
        FieldEventPublisher publisher = cluster.publisher();
        GatewayServer gateway = new GatewayServer(GatewayConfig.builder(cluster.bootstrap(), cluster.serdeConfig())
            .port(0).clock(CLOCK).build()).start()) {
      app.start();
      assertThat(gateway.awaitReady(Duration.ofMinutes(1))).as("gateway ready").isTrue();
      stages.lap("start");

      Load load = new Load(publisherSends, 0).start(publisher);
      // The gateway's share, at the same time: each record posted three times in a row by one of
      // four field apps, every answer 202.
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      AtomicLong accepted = new AtomicLong();
      Map<String, String> refused = new ConcurrentHashMap<>();
      List<CompletableFuture<Void>> apps = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int lane = i;
        apps.add(CompletableFuture.runAsync(() -> {
          for (int j = lane; j < viaGateway.size(); j += 4) {
            FieldEvent e = viaGateway.get(j);
            for (int copy = 0; copy < COPIES; copy++) {
              HttpResponse<String> answer = post(http, gateway.url(), tokens.get(e.getForce()), FieldEventJson.write(e));
              if (answer.statusCode() == 202) {
                accepted.incrementAndGet();
              } else {
                refused.put(EventLog.key(e) + " copy " + copy, answer.statusCode() + " " + answer.body());
              }
            }
          }
        }, clients));
      }
      CompletableFuture.allOf(apps.toArray(CompletableFuture[]::new)).get();
      stages.lap("gateway");
      load.await(300);
      stages.lap("publisher");
      assertThat(refused).as("gateway answers other than 202").isEmpty();
      assertThat(load.failures()).as("publisher sends Kafka did not acknowledge").isEmpty();

      long inLog = Load.eventsInLog(admin);
      Recount.Verdict verdict = expected.awaitExact(cluster, admin, APPLICATION_ID, inLog);
      stages.lap("exact");
      Map<String, Integer> logged = EventLog.copies(cluster, operation.getId());
      List<FieldEvent> allSends = new ArrayList<>(publisherSends);
      for (int copy = 0; copy < COPIES; copy++) {
        allSends.addAll(viaGateway);
      }
      Map<String, Integer> sent = EventLog.copiesOf(allSends);
      Reconciliation reconciliation = Recount.reconcile(cluster, operation.getId());
      stages.lap("replay");
      log.info("RELIABILITY duplicates: records={} distinct-events={} copies={} sent={} (publisher {} acknowledged, gateway {} "
              + "accepted) in-log={} log-missing={} lost={} double={} figures-off={} replay-differences={} took={}s ({})",
          week.size(), expected.distinctEvents(), COPIES, allSends.size(), load.acknowledged(), accepted.get(), inLog,
          EventLog.missing(sent, logged), verdict.lost(), verdict.doubleCounted(), verdict.differences().size(),
          reconciliation.differences().size(), stages.totalSeconds(), stages);

      assertThat(viaGateway).as("the gateway's share").hasSizeGreaterThan(events / 50);
      assertThat(inLog).as("every copy is in the log").isEqualTo((long) COPIES * week.size());
      assertThat(EventLog.missing(sent, logged)).isZero();
      assertThat(verdict.differences()).as("live totals against the recount of the week sent once").isEmpty();
      assertThat(reconciliation.differences()).as("live totals against the replay").isEmpty();
    } finally {
      clients.shutdownNow();
    }
  }

  private static HttpResponse<String> post(HttpClient http, String base, String token, String json) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/events"))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
