package org.countline.producers.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.core.EventState;
import org.countline.core.OperationWindow;
import org.countline.core.ReferenceData;
import org.countline.core.RevisionRule;
import org.countline.core.Tally;
import org.countline.gateway.Fixture;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.simulator.WeekSimulator;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.registry.testing.EmbeddedKafkaExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox against real Kafka: events published while the broker cannot be reached wait on
 * disk; the app is closed and opened again; once the broker is reachable every event is delivered
 * and counts once.
 *
 * <p>It lives in the gateway module's tests only because that module has the broker test kit;
 * the code under test is the producers module's.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class OutboxIT {
  static final String OP = "outbox-2022-10";
  static Fixture fixture;
  static Operation operation;

  @TempDir Path dir;

  @BeforeAll
  static void start(EmbeddedKafka kafka) {
    fixture = Fixture.start(kafka.bootstrapServers());
    operation = Fixture.operation(OP);
    fixture.publish(operation);
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void shouldDeliverEveryEventOnceAfterTheBrokerWasAwayAndTheAppRestarted() throws Exception {
    // A simulated week, with its resends, amendments and withdrawals.
    List<FieldEvent> week = WeekSimulator.of(operation, ReferenceData.defaults()).seed(3).events(400).generate();
    OutboxPublisher.Options fast = OutboxPublisher.Options.defaults().withBackoff(Duration.ofMillis(50), Duration.ofMillis(500));

    Properties away = OutboxPublisher.producerConfig(new Properties());
    away.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
    OutboxPublisher offline = OutboxPublisher.open(dir,
        FieldEventPublisher.create("localhost:" + unusedPort(), fixture.serdeConfig, away), fast);
    List<CompletableFuture<RecordMetadata>> sends = week.stream().map(offline::publish).toList();
    await().atMost(Duration.ofSeconds(20)).until(() -> offline.lastFailure() != null);
    assertThat(offline.pending()).isEqualTo(week.size());
    assertThat(sends).noneMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    offline.close();

    // The app starts again; Kafka is reachable now.
    try (OutboxPublisher online = OutboxPublisher.open(dir, fixture.bootstrap, fixture.serdeConfig)) {
      assertThat(online.recovery().pending()).isEqualTo(week.size());
      assertThat(online.awaitDelivered(Duration.ofSeconds(60))).isTrue();
    }
    try (Outbox store = Outbox.open(dir)) {
      assertThat(store.pendingCount()).isZero();
    }

    List<FieldEvent> topic = fixture.events(OP);
    // Every record of the week is there, each once...
    assertThat(topic).hasSize(week.size());
    assertThat(revisions(topic)).isEqualTo(revisions(week));
    // ...in the order it was published within its key (force), which is all a consumer sees...
    Map<String, List<FieldEvent>> byForce = new LinkedHashMap<>();
    week.forEach(e -> byForce.computeIfAbsent(e.getForce(), f -> new java.util.ArrayList<>()).add(e));
    byForce.forEach((force, events) ->
        assertThat(topic.stream().filter(e -> e.getForce().equals(force)).toList()).as(force).isEqualTo(events));
    // ...and the totals count each event once.
    assertThat(fold(topic).sameFigures(fold(week))).isTrue();
    assertThat(fold(topic).get(org.countline.core.Metric.EVENTS)).isEqualTo(uniqueEvents(week));
  }

  private static Set<String> revisions(List<FieldEvent> events) {
    Set<String> out = new LinkedHashSet<>();
    events.forEach(e -> out.add(e.getEventId() + "#" + e.getRevision()));
    return out;
  }

  private static long uniqueEvents(List<FieldEvent> events) {
    Map<String, FieldEvent> latest = new HashMap<>();
    events.forEach(e -> latest.merge(e.getEventId(), e, (a, b) -> b.getRevision() > a.getRevision() ? b : a));
    return latest.values().stream().filter(e -> !(e.getPayload() instanceof org.countline.avro.Withdrawal)).count();
  }

  /** National totals as the topology computes them: the latest revision of each event counts once. */
  private static Tally fold(List<FieldEvent> events) {
    OperationWindow window = OperationWindow.of(operation);
    Map<String, EventState> states = new HashMap<>();
    Tally national = new Tally();
    for (FieldEvent e : events) {
      RevisionRule.Decision d = RevisionRule.decide(states.get(e.getEventId()), e,
          (int) window.localDay(e.getOccurredAt()).toEpochDay());
      if (d.outcome().changesTotals()) {
        national.subtract(d.oldContribution()).add(d.newContribution());
        states.put(e.getEventId(), d.next());
      }
    }
    return national;
  }

  static int unusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
