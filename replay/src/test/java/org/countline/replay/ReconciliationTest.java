package org.countline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.countline.core.Metric;
import org.countline.core.Tally;
import org.countline.streams.Topics;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
  private static final ReplayResult OCTOBER = ReportFixtures.october();

  /** The live totals exactly as the replay has them, keyed as the totals topics key them. */
  private static LiveTotals live(ReplayResult r) {
    Map<String, Tally> regions = new java.util.HashMap<>();
    r.regions().forEach((code, t) -> regions.put("cliw-2022-10/" + code, t.copy()));
    Map<String, Tally> forces = new java.util.HashMap<>();
    r.forces().forEach((code, t) -> forces.put("cliw-2022-10/" + code, t.copy()));
    Map<String, Tally> daily = new java.util.HashMap<>();
    r.daily().forEach((code, days) -> days.forEach((day, t) -> daily.put("cliw-2022-10/" + code + "/" + day, t.copy())));
    return new LiveTotals(Map.of("cliw-2022-10", r.national().copy()), regions, forces, daily);
  }

  @Test
  void shouldAgreeWhenEveryFigureIsTheSame() {
    Reconciliation check = Reconciliation.of(OCTOBER, live(OCTOBER));
    assertThat(check.differences()).isEmpty();
    assertThat(check.agrees()).isTrue();
    assertThat(check.keysCompared()).isEqualTo(1 + OCTOBER.regions().size() + OCTOBER.forces().size() + 12 * 7);
  }

  @Test
  void shouldListEveryFigureThatDiffersWithBothValues() {
    LiveTotals live = live(OCTOBER);
    live.forces().get("cliw-2022-10/kent").plus(Metric.ARRESTS, 7).plus(Metric.CASH, -100);
    live.daily().get("cliw-2022-10/essex/2022-10-05").plus(Metric.EVENTS, 1);
    Reconciliation check = Reconciliation.of(OCTOBER, live);
    long arrests = OCTOBER.force("kent").get(Metric.ARRESTS);
    long cash = OCTOBER.force("kent").get(Metric.CASH);
    long events = OCTOBER.daily().get("essex").get(java.time.LocalDate.of(2022, 10, 5)).get(Metric.EVENTS);
    assertThat(check.differences()).containsExactly(
        new Reconciliation.Difference(Topics.TOTALS_FORCE, "cliw-2022-10/kent", Metric.ARRESTS, arrests + 7, arrests),
        new Reconciliation.Difference(Topics.TOTALS_FORCE, "cliw-2022-10/kent", Metric.CASH, cash - 100, cash),
        new Reconciliation.Difference(Topics.TOTALS_DAILY, "cliw-2022-10/essex/2022-10-05", Metric.EVENTS, events + 1, events));
  }

  @Test
  void shouldTreatAKeyWhoseFiguresAreAllZeroAsAMissingKey() {
    LiveTotals live = live(OCTOBER);
    Map<String, Tally> forces = new java.util.HashMap<>(live.forces());
    forces.put("cliw-2022-10/dorset", Tally.zero().updatedAtMillis(123));
    Reconciliation check = Reconciliation.of(OCTOBER, new LiveTotals(live.national(), live.regions(), forces, live.daily()));
    assertThat(check.differences()).isEmpty();
  }

  @Test
  void shouldReportAKeyMissingLiveAsLiveZero() {
    LiveTotals live = live(OCTOBER);
    Map<String, Tally> forces = new java.util.HashMap<>(live.forces());
    forces.remove("cliw-2022-10/btp");
    Reconciliation check = Reconciliation.of(OCTOBER, new LiveTotals(live.national(), live.regions(), forces, live.daily()));
    assertThat(check.differences()).isNotEmpty().allSatisfy(d -> {
      assertThat(d.key()).isEqualTo("cliw-2022-10/btp");
      assertThat(d.live()).isZero();
    });
  }

  @Test
  void shouldNotCompareUpdateTimes() {
    LiveTotals live = live(OCTOBER);
    live.national().get("cliw-2022-10").updatedAtMillis(1);
    assertThat(Reconciliation.of(OCTOBER, live).agrees()).isTrue();
  }
}
