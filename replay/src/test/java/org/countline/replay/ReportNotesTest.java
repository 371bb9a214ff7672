package org.countline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.countline.core.Metric;
import org.countline.streams.Topics;
import org.junit.jupiter.api.Test;

class ReportNotesTest {
  @Test
  void shouldSayTheFiguresAreTheWeekSoFarWhileTheOperationRuns() {
    Report midweek = Report.of(ReportFixtures.october(), Instant.parse("2022-10-05T11:00:00Z"));
    assertThat(ReportNotes.stillRunning(midweek)).isEqualTo(
        "The operation runs until Sunday 9 October 2022: these are the figures so far, to 5 October 2022 at 12:00 BST.");
    assertThat(ReportNotes.stillRunning(ReportFixtures.report())).isNull();
    assertThat(MarkdownReport.render(midweek, null)).contains("_The operation runs until Sunday 9 October 2022");
  }

  @Test
  void shouldShowDaysStillToComeAsDashesNotZeros() {
    Report midweek = Report.of(ReportFixtures.october(), Instant.parse("2022-10-05T11:00:00Z"));
    String md = MarkdownReport.render(midweek, null);
    assertThat(md).contains("| Wednesday 5 October | 49 |", "| Thursday 6 October | – | – | – | – | – | – |");
    assertThat(DailyChart.svg(midweek, "c")).contains("Thu 6: still to come").doesNotContain("Wed 5: still to come");
  }

  @Test
  void shouldSayWhereTheFiguresComeFromAndWhatWasRefused() {
    String source = ReportNotes.about(ReportFixtures.report()).get(0);
    assertThat(source).contains("replayed from the event log (countline.field-events) on 12 October 2022 at 10:30 BST");
    assertThat(source).contains("9,609 of them changed the totals (8,900 first reports, 612 amendments, 97 withdrawals)");
    assertThat(source).endsWith("15 records were refused (12 occurred outside the operation's window; 3 unknown force).");
  }

  @Test
  void shouldSayWhetherTheFiguresWereCheckedAgainstTheLiveTotals() {
    Report report = ReportFixtures.report();
    assertThat(ReportNotes.verification(report)).startsWith("They were not checked against the live totals");
    assertThat(ReportNotes.verification(report.withVerification(new Reconciliation("cliw-2022-10", 97, List.of()))))
        .isEqualTo("They were checked against the live totals and agree with them exactly (97 totals compared).");
    Reconciliation.Difference one = new Reconciliation.Difference(Topics.TOTALS_FORCE, "cliw-2022-10/kent", Metric.ARRESTS, 52, 45);
    Report differs = report.withVerification(new Reconciliation("cliw-2022-10", 97, List.of(one)));
    assertThat(ReportNotes.verification(differs)).isEqualTo(
        "They were checked against the live totals and differ from them in 1 figure, listed below.");
    assertThat(ReportNotes.differences(differs)).containsExactly("countline.totals.force cliw-2022-10/kent arrests: live 52, replayed 45");
  }

  @Test
  void shouldListTwentyDifferencesThenSayHowManyMore() {
    List<Reconciliation.Difference> many = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      many.add(new Reconciliation.Difference(Topics.TOTALS_DAILY, "k" + i, Metric.EVENTS, i, i + 1));
    }
    List<String> listed = ReportNotes.differences(ReportFixtures.report().withVerification(new Reconciliation("op", 30, many)));
    assertThat(listed).hasSize(21).last().isEqualTo("... and 5 more");
  }
}
