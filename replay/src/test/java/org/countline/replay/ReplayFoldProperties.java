package org.countline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.countline.avro.Operation;

/** The replay's totals equal a plain fold of the latest valid revisions, for any week. */
class ReplayFoldProperties {
  private static final Operation WEEK = Weeks.operation("cliw-2022-10", LocalDate.of(2022, 10, 3), null,
      java.time.Instant.parse("2022-10-11T11:00:00Z"));

  @Property(tries = 40)
  void shouldEqualAPlainFoldOfTheLatestValidRevisions(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int events) {
    List<Weeks.Published> week = Weeks.week(seed, WEEK, events);
    ReplayResult r = new FoldHarness(WEEK).acceptAll(week).result();
    Weeks.Expected expected = Weeks.fold(week, WEEK);
    assertThat(Weeks.figures(r.forces())).isEqualTo(Weeks.figures(expected.forces()));
    assertThat(Weeks.figures(r.regions())).isEqualTo(Weeks.figures(expected.regions()));
    assertThat(r.national().sameFigures(expected.national())).isTrue();
    assertThat(Weeks.dailyFigures(r.daily())).isEqualTo(Weeks.dailyFigures(expected.daily()));
    assertThat(r.counts().rejected()).isEqualTo(Weeks.rejections(week));
    assertThat(r.counts().eventsCounted() + r.counts().duplicates() + r.counts().stale() + r.counts().rejectedTotal())
        .isEqualTo(week.size());
  }
}
