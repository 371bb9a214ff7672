package org.countline.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.countline.avro.Operation;
import org.countline.core.Keys;
import org.countline.core.Metric;
import org.countline.core.ReferenceData;
import org.countline.core.Tally;
import org.countline.registry.server.RegistryServer;
import org.countline.registry.server.RegistryServerConfig;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.registry.testing.EmbeddedKafkaExtension;
import org.countline.streams.Topics;
import org.countline.streams.TopologyOptions;
import org.countline.streams.TotalsApp;
import org.countline.streams.TotalsSerdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay against the real live topology on a real KRaft broker with the real schema registry:
 * after weeks with amendments, withdrawals, resends, revisions out of order, events outside the
 * window or after the close, and refused records, the replay equals the live totals on all four
 * totals topics, and a deliberately altered live figure is the one difference reported.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ReplayIT {
  private static RegistryServer registry;
  private static KafkaFixture kafka;
  private static TotalsApp app;

  @TempDir static Path stateDir;

  @BeforeAll
  static void start(EmbeddedKafka embedded) throws Exception {
    registry = new RegistryServer(RegistryServerConfig.builder(embedded.bootstrapServers()).port(0).build()).start();
    kafka = new KafkaFixture(embedded.bootstrapServers(), registry.url());
    kafka.createTopics(3);
    kafka.publishReference(ReferenceData.defaults());
    Properties overrides = new Properties();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, "replay-it");
    app = new TotalsApp(TotalsApp.config(kafka.bootstrap, stateDir.toString(), overrides),
        TotalsSerdes.fromRegistry(kafka.serdeConfig), TopologyOptions.defaults());
    app.start();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void shouldEqualTheLiveTotalsAfterAWeekWithAmendmentsWithdrawalsDuplicatesAndRefusedRecords() throws Exception {
    Operation previous = Weeks.operation("it-2022-05", LocalDate.of(2022, 5, 16), null, null);
    // Closed on the Tuesday after the week: the few reports from then on are refused, live and replayed alike.
    Operation october = Weeks.operation("it-2022-10", LocalDate.of(2022, 10, 3), previous.getId(),
        Instant.parse("2022-10-11T11:00:00Z"));
    Operation other = Weeks.operation("it-other-2022-10", LocalDate.of(2022, 10, 3), null, null);
    kafka.publishReference(ReferenceData.defaults(), previous, october, other);
    List<Weeks.Published> may = Weeks.week(7, previous, 800);
    List<Weeks.Published> week = Weeks.week(42, october, 3000);
    List<Weeks.Published> interleaved = new ArrayList<>(week);
    interleaved.addAll(Weeks.week(43, other, 300));
    kafka.publish(may);
    kafka.publish(interleaved);

    ReplayResult replayed = awaitAgreement(october.getId());
    ReplayResult mayReplayed = awaitAgreement(previous.getId());

    Weeks.Expected expected = Weeks.fold(week, october);
    assertThat(Weeks.figures(replayed.forces())).isEqualTo(Weeks.figures(expected.forces()));
    assertThat(Weeks.figures(replayed.regions())).isEqualTo(Weeks.figures(expected.regions()));
    assertThat(replayed.national().sameFigures(expected.national())).isTrue();
    assertThat(Weeks.dailyFigures(replayed.daily())).isEqualTo(Weeks.dailyFigures(expected.daily()));

    ReplayCounts counts = replayed.counts();
    assertThat(counts.rejected()).isEqualTo(Weeks.rejections(week));
    assertThat(counts.rejected()).containsKeys(ReplayFold.REJECT_WINDOW, ReplayFold.REJECT_CLOSED, ReplayFold.REJECT_FORCE,
        ReplayFold.REJECT_UNREADABLE, ReplayFold.REJECT_KEY, ReplayFold.REJECT_EMPTY);
    assertThat(counts.operationRecords()).isEqualTo(week.size());
    assertThat(counts.amended()).isPositive();
    assertThat(counts.withdrawn()).isPositive();
    assertThat(counts.duplicates()).isPositive();
    assertThat(counts.stale()).isPositive();
    assertThat(counts.eventsCounted() + counts.duplicates() + counts.stale() + counts.rejectedTotal())
        .isEqualTo(counts.operationRecords());
    // The seek skipped May's records: they were stamped months before October's window.
    assertThat(counts.recordsRead()).isLessThanOrEqualTo(kafka.recordsIn(Topics.FIELD_EVENTS) - may.size());
    assertThat(counts.recordsRead()).isGreaterThanOrEqualTo(interleaved.size());

    // The JSON report carries the live national totals in the contract's shape, and compares with May.
    Report report = Report.of(replayed, Instant.parse("2022-10-20T09:00:00Z")).withPrevious(mayReplayed);
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(ReportWriter.render(report, ReportFormat.JSON));
    Tally liveNational = live(october.getId()).national().get(october.getId());
    assertThat(org.countline.core.json.TotalsJson.fromJson(json.get("national")).sameFigures(liveNational)).isTrue();
    assertThat(json.at("/previous/operation/id").asText()).isEqualTo(previous.getId());
    assertThat(Prose.headline(report)).startsWith("Between Monday 3 October and Sunday 9 October 2022, officers in 12 forces made ");
  }

  @Test
  void shouldReportExactlyTheAlteredFigureWhenALiveTotalsRecordIsChanged() throws Exception {
    Operation january = Weeks.operation("it-2023-01", LocalDate.of(2023, 1, 9), null, null);
    kafka.publishReference(ReferenceData.defaults(), january);
    List<Weeks.Published> week = new ArrayList<>(Weeks.week(11, january, 400));
    // Kent surely has arrests: one more, so that the altered figure below is not the only one.
    week.add(Weeks.valid(Weeks.event(january.getId(), "00000000-0000-4000-8000-000000000001", 1, "kent",
        Instant.parse("2023-01-10T10:00:00Z"), Instant.parse("2023-01-10T10:05:00Z"), new org.countline.avro.Arrest(2, 1, 0))));
    kafka.publish(week);
    ReplayResult replayed = awaitAgreement(january.getId());

    String key = Keys.of(january.getId(), "kent");
    long arrests = replayed.force("kent").get(Metric.ARRESTS);
    Tally altered = replayed.force("kent").copy().plus(Metric.ARRESTS, 7);
    kafka.send(Topics.TOTALS_FORCE, key, altered.toAvro());

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
        assertThat(live(january.getId()).forces().get(key).get(Metric.ARRESTS)).isEqualTo(arrests + 7));
    Reconciliation check = Reconciliation.of(replay().run(january.getId(), ReplayProgress.NONE), live(january.getId()));
    assertThat(check.differences()).containsExactly(
        new Reconciliation.Difference(Topics.TOTALS_FORCE, key, Metric.ARRESTS, arrests + 7, arrests));
    assertThat(check.agrees()).isFalse();
  }

  @Test
  void shouldSaySoWhenTheOperationIsUnknown() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> replay().run("no-such-operation", ReplayProgress.NONE))
        .isInstanceOf(ReplayException.class)
        .hasMessage("no operation 'no-such-operation' in countline.operations");
  }

  /** Waits until the live totals have caught up with every event published, i.e. equal the replay. */
  private static ReplayResult awaitAgreement(String operationId) {
    ReplayResult[] last = new ReplayResult[1];
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      ReplayResult replayed = replay().run(operationId, ReplayProgress.NONE);
      Reconciliation check = Reconciliation.of(replayed, live(operationId));
      assertThat(replayed.national().get(Metric.EVENTS)).isPositive();
      assertThat(check.differences()).isEmpty();
      assertThat(check.keysCompared()).isGreaterThan(10);
      last[0] = replayed;
    });
    return last[0];
  }

  private static Replay replay() {
    return new Replay(kafka.bootstrap, kafka.serdeConfig);
  }

  private static LiveTotals live(String operationId) {
    return LiveTotals.read(kafka.bootstrap, kafka.serdeConfig, operationId, Duration.ofSeconds(30));
  }
}
