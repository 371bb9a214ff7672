package org.countline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.countline.avro.Arrest;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.WarrantExecuted;
import org.countline.avro.Withdrawal;
import org.countline.core.Metric;
import org.countline.core.Tally;
import org.junit.jupiter.api.Test;

class ReplayFoldTest {
  private static final Operation WEEK = Weeks.operation("cliw-2022-10", LocalDate.of(2022, 10, 3), null, null);
  private static final Instant TUESDAY = Instant.parse("2022-10-04T09:30:00Z");
  private static final Instant FRIDAY = Instant.parse("2022-10-07T18:00:00Z");
  private static final String ID = "5b0f3c1e-2a6d-4c1e-9d1e-6a1f0c2b7e11";

  private static Weeks.Published arrest(String id, int revision, String force, Instant at, int count) {
    return Weeks.valid(Weeks.event(WEEK.getId(), id, revision, force, at, at.plusSeconds(60), new Arrest(count, 0, 0)));
  }

  private static Weeks.Published withdrawal(String id, int revision, String force) {
    return Weeks.valid(Weeks.event(WEEK.getId(), id, revision, force, FRIDAY, FRIDAY, new Withdrawal("reported twice")));
  }

  @Test
  void shouldDropRecordsOfOtherOperationsByTheirKeyWithoutDecodingThem() {
    ReplayResult r = new FoldHarness(WEEK)
        .accept(new Weeks.Published("cliw-2022-100/kent", null, "not avro".getBytes(StandardCharsets.UTF_8), 0, null))
        .accept(new Weeks.Published("cliw-2022-1/kent", null, "not avro".getBytes(StandardCharsets.UTF_8), 0, null))
        .accept(new Weeks.Published("cliw-2022-10", null, "not avro".getBytes(StandardCharsets.UTF_8), 0, null))
        .result();
    assertThat(r.counts().recordsRead()).isEqualTo(3);
    assertThat(r.counts().operationRecords()).isZero();
    assertThat(r.counts().rejected()).isEmpty();
  }

  @Test
  void shouldRefuseWhatTheLiveTopologyRefusesAndSayWhy() {
    ReplayResult r = new FoldHarness(WEEK)
        .acceptAll(Weeks.refused(WEEK.getId(), 1, TUESDAY))
        .accept(arrest(ID, 1, "kent", Instant.parse("2022-10-10T09:00:00Z"), 1))
        .result();
    assertThat(r.counts().rejected()).containsExactlyInAnyOrderEntriesOf(Map.of(
        ReplayFold.REJECT_FORCE, 1L, "invalid arrest.count", 1L, ReplayFold.REJECT_UNREADABLE, 1L,
        ReplayFold.REJECT_KEY, 1L, ReplayFold.REJECT_EMPTY, 1L, ReplayFold.REJECT_WINDOW, 1L));
    assertThat(r.national().isZero()).isTrue();
    assertThat(r.forces()).isEmpty();
  }

  @Test
  void shouldCountTheLatestRevisionOnceAndIgnoreRepeatsAndOlderRevisions() {
    ReplayResult r = new FoldHarness(WEEK)
        .accept(arrest(ID, 1, "kent", TUESDAY, 1))
        .accept(arrest(ID, 1, "kent", TUESDAY, 1))
        .accept(arrest(ID, 3, "kent", TUESDAY, 4))
        .accept(arrest(ID, 2, "kent", TUESDAY, 9))
        .result();
    assertThat(r.force("kent").get(Metric.ARRESTS)).isEqualTo(4);
    assertThat(r.force("kent").get(Metric.EVENTS)).isEqualTo(1);
    assertThat(r.counts().newEvents()).isEqualTo(1);
    assertThat(r.counts().amended()).isEqualTo(1);
    assertThat(r.counts().duplicates()).isEqualTo(1);
    assertThat(r.counts().stale()).isEqualTo(1);
  }

  @Test
  void shouldSubtractAWithdrawnEventFromItsForceItsRegionTheNationAndItsDay() {
    String other = "00000000-0000-4000-8000-000000000002";
    ReplayResult r = new FoldHarness(WEEK)
        .accept(arrest(ID, 1, "kent", TUESDAY, 3))
        .accept(arrest(other, 1, "kent", TUESDAY, 2))
        .accept(withdrawal(ID, 2, "kent"))
        .result();
    assertThat(r.force("kent").get(Metric.ARRESTS)).isEqualTo(2);
    assertThat(r.region("eastern").get(Metric.ARRESTS)).isEqualTo(2);
    assertThat(r.national().get(Metric.EVENTS)).isEqualTo(1);
    assertThat(r.daily().get("kent").get(LocalDate.of(2022, 10, 4)).get(Metric.ARRESTS)).isEqualTo(2);
    assertThat(r.counts().withdrawn()).isEqualTo(1);
  }

  @Test
  void shouldMoveAnAmendedEventFromItsOldDayToItsNewOne() {
    ReplayResult r = new FoldHarness(WEEK)
        .accept(arrest(ID, 1, "kent", TUESDAY, 3))
        .accept(arrest(ID, 2, "kent", FRIDAY, 5))
        .result();
    assertThat(r.daily().get("kent").get(LocalDate.of(2022, 10, 4)).isZero()).isTrue();
    assertThat(r.daily().get("kent").get(LocalDate.of(2022, 10, 7)).get(Metric.ARRESTS)).isEqualTo(5);
  }

  @Test
  void shouldPlaceEventsOnTheirLocalDayInTheOperationsTimeZone() {
    // 23:30 UTC on Tuesday is 00:30 on Wednesday in London (BST).
    ReplayResult r = new FoldHarness(WEEK).accept(arrest(ID, 1, "kent", Instant.parse("2022-10-04T23:30:00Z"), 1)).result();
    assertThat(r.daily().get("kent")).containsOnlyKeys(LocalDate.of(2022, 10, 5));
  }

  @Test
  void shouldRefuseEventsReportedAtOrAfterTheOperationClosed() {
    Operation closed = Weeks.operation(WEEK.getId(), LocalDate.of(2022, 10, 3), null, Instant.parse("2022-10-07T18:01:00Z"));
    FieldEvent late = Weeks.event(WEEK.getId(), ID, 1, "kent", FRIDAY, Instant.parse("2022-10-07T18:01:00Z"), new WarrantExecuted(1));
    FieldEvent inTime = Weeks.event(WEEK.getId(), "00000000-0000-4000-8000-000000000003", 1, "kent", FRIDAY,
        Instant.parse("2022-10-07T18:00:59Z"), new WarrantExecuted(1));
    ReplayResult r = new FoldHarness(closed).accept(Weeks.valid(late)).accept(Weeks.valid(inTime)).result();
    assertThat(r.counts().rejected()).containsExactly(Map.entry(ReplayFold.REJECT_CLOSED, 1L));
    assertThat(r.force("kent").get(Metric.WARRANTS)).isEqualTo(1);
  }

  @Test
  void shouldKeepEventsOfDifferentPartitionsApartAsTheLiveTopologyDoes() {
    // The live topology remembers events per task, that is per partition: the same id in two
    // partitions is two events there, and so here.
    ReplayResult r = new FoldHarness(WEEK)
        .accept(0, arrest(ID, 1, "kent", TUESDAY, 1))
        .accept(1, arrest(ID, 1, "essex", TUESDAY, 1))
        .result();
    assertThat(r.national().get(Metric.ARRESTS)).isEqualTo(2);
  }

  @Test
  void shouldRefuseARevisionThatMovesAnEventToAnotherForce() {
    ReplayResult r = new FoldHarness(WEEK)
        .accept(0, arrest(ID, 1, "kent", TUESDAY, 1))
        .accept(0, arrest(ID, 2, "essex", TUESDAY, 7))
        .result();
    assertThat(r.counts().rejected()).containsExactly(Map.entry(ReplayFold.REJECT_MOVED, 1L));
    assertThat(r.forces()).containsOnlyKeys("kent");
  }

  @Test
  void shouldStampTheTotalsWithTheLastRecordThatChangedThem() {
    ReplayResult r = new FoldHarness(WEEK)
        .accept(arrest(ID, 1, "kent", TUESDAY, 1))
        .accept(arrest(ID, 2, "kent", FRIDAY, 2))
        .result();
    Tally kent = r.force("kent");
    assertThat(kent.updatedAtMillis()).isEqualTo(FRIDAY.plusSeconds(60).toEpochMilli());
    assertThat(r.national().updatedAtMillis()).isEqualTo(kent.updatedAtMillis());
  }
}
