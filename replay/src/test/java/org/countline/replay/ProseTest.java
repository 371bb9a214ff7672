package org.countline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.countline.avro.Operation;
import org.countline.core.Metric;
import org.countline.core.Tally;
import org.junit.jupiter.api.Test;

class ProseTest {
  private static final Operation WEEK = Weeks.operation("cliw-2022-10", LocalDate.of(2022, 10, 3), null, null);

  /** A replay in which each of the given forces has the given totals. */
  private static ReplayResult replay(Operation op, Map<String, Tally> forces) {
    Map<String, Tally> regions = new LinkedHashMap<>();
    Tally national = Tally.zero();
    Map<String, java.util.SortedMap<LocalDate, Tally>> daily = new LinkedHashMap<>();
    var reference = ReportFixtures.reference();
    forces.forEach((code, t) -> {
      regions.computeIfAbsent(reference.get(code).region(), r -> Tally.zero()).add(t);
      national.add(t);
      daily.put(code, new TreeMap<>(Map.of(op.getStart(), t)));
    });
    ReplayCounts counts = new ReplayCounts(0, 0, 0, 0, 0, 0, 0, Map.of(), Duration.ZERO);
    return new ReplayResult(op, national, regions, forces, daily, counts, reference);
  }

  private static Tally tally(Object... metricsAndValues) {
    Tally t = Tally.zero().set(Metric.EVENTS, 1);
    for (int i = 0; i < metricsAndValues.length; i += 2) {
      t.set((Metric) metricsAndValues[i], ((Number) metricsAndValues[i + 1]).longValue());
    }
    return t;
  }

  private static Report report(Map<String, Tally> forces) {
    return Report.of(replay(WEEK, forces), Instant.parse("2022-10-12T09:00:00Z"));
  }

  @Test
  void shouldOpenWithTheDatesTheForcesTakingPartAndWhatTheyDid() {
    Map<String, Tally> forces = new LinkedHashMap<>();
    forces.put("kent", tally(Metric.ARRESTS, 1_000, Metric.DEAL_LINES_CLOSED, 100));
    forces.put("essex", tally(Metric.ARRESTS, 360, Metric.WARRANTS, 2, Metric.DEAL_LINES_CLOSED, 72));
    assertThat(Prose.headline(report(forces))).isEqualTo("Between Monday 3 October and Sunday 9 October 2022, officers in"
        + " two forces made 1,360 arrests, executed two warrants and closed 172 deal lines.");
  }

  @Test
  void shouldCountOnlyForcesThatReportedSomethingAsTakingPart() {
    Map<String, Tally> forces = new LinkedHashMap<>();
    forces.put("kent", tally(Metric.ARRESTS, 1));
    forces.put("essex", Tally.zero());
    assertThat(Prose.headline(report(forces))).startsWith(
        "Between Monday 3 October and Sunday 9 October 2022, officers in one force made one arrest.");
  }

  @Test
  void shouldSaySoWhenNothingWasReported() {
    assertThat(Prose.headline(report(Map.of()))).isEqualTo(
        "Between Monday 3 October and Sunday 9 October 2022, no events were reported.");
  }

  @Test
  void shouldWriteMoneyAndDrugsAsAPressReleaseWould() {
    Tally t = tally(Metric.DRUGS_VALUE, 123_456_700L, Metric.CASH, 15_000_000L, Metric.COCAINE, 5_200_000L,
        Metric.HEROIN, 420_000L, Metric.CANNABIS_PLANTS, 1, Metric.BLADED_WEAPONS, 17, Metric.FIREARMS, 2, Metric.PHONES, 1);
    String text = Prose.headline(report(Map.of("kent", t)));
    assertThat(text).contains("officers in one force seized drugs worth an estimated £1.2m, £150,000 in cash,"
        + " 19 weapons and one mobile phone.");
    assertThat(text).contains("The drugs seized included 5.2 kg of cocaine, 420 g of heroin and one cannabis plant.");
    assertThat(text).contains("The weapons were 17 bladed weapons and two firearms.");
  }

  @Test
  void shouldNameTheWeaponTypeWhenAllWeaponsAreOfOneType() {
    String text = Prose.headline(report(Map.of("kent", tally(Metric.FIREARMS, 1))));
    assertThat(text).endsWith("officers in one force seized one firearm.");
  }

  @Test
  void shouldSayHowManyOfThoseArrestedWereChargedAndRemanded() {
    assertThat(Prose.headline(report(Map.of("kent", tally(Metric.ARRESTS, 10, Metric.CHARGED, 1)))))
        .endsWith("made 10 arrests. Of those arrested, one has been charged.");
    assertThat(Prose.headline(report(Map.of("kent", tally(Metric.ARRESTS, 10, Metric.CHARGED, 6, Metric.REMANDED, 2)))))
        .endsWith("Of those arrested, six have been charged and two remanded in custody.");
  }

  @Test
  void shouldDescribeSafeguardingByAgeWithTheRightPlurals() {
    assertThat(Prose.headline(report(Map.of("kent", tally(Metric.SAFEGUARDED_ADULTS, 43, Metric.SAFEGUARDED_CHILDREN, 12)))))
        .endsWith("officers in one force safeguarded 55 vulnerable people (43 adults and 12 children).");
    assertThat(Prose.headline(report(Map.of("kent", tally(Metric.SAFEGUARDED_CHILDREN, 1, Metric.CUCKOO_VISITS, 1)))))
        .endsWith("safeguarded one vulnerable child and visited one cuckooed address.");
  }

  @Test
  void shouldStartLaterParagraphsWithThey() {
    String text = Prose.headline(report(Map.of("kent", tally(Metric.ARRESTS, 3, Metric.SAFEGUARDED_ADULTS, 2, Metric.SCHOOLS, 1,
        Metric.ENGAGED_CHILDREN, 30))));
    assertThat(text).isEqualTo("Between Monday 3 October and Sunday 9 October 2022, officers in one force made three arrests.\n\n"
        + "They safeguarded two vulnerable adults. They also visited one school and gave educational sessions to 30 children.");
  }

  @Test
  void shouldNameTheForceOrTheRegionOfAScopedReport() {
    Map<String, Tally> forces = new LinkedHashMap<>();
    forces.put("kent", tally(Metric.ARRESTS, 2));
    forces.put("essex", tally(Metric.ARRESTS, 3));
    assertThat(Prose.headline(report(forces).withScope(ReportScope.force("kent"))))
        .isEqualTo("Between Monday 3 October and Sunday 9 October 2022, officers of Kent Police made two arrests.");
    assertThat(Prose.headline(report(forces).withScope(ReportScope.region("eastern"))))
        .isEqualTo("Between Monday 3 October and Sunday 9 October 2022, officers in two of the seven forces in Eastern (ERSOU)"
            + " made five arrests.");
    assertThat(Prose.headline(report(forces).withScope(ReportScope.force("dorset"))))
        .isEqualTo("Between Monday 3 October and Sunday 9 October 2022, Dorset Police reported no events.");
  }

  @Test
  void shouldWriteTheDatesOfOperationsAcrossAYearEndOrOnOneDay() {
    Operation newYear = Weeks.operation("ny", LocalDate.of(2022, 12, 26), null, null);
    assertThat(Prose.when(newYear)).isEqualTo("Between Monday 26 December 2022 and Sunday 1 January 2023");
    Operation oneDay = Weeks.operation("day", LocalDate.of(2022, 12, 26), null, null);
    oneDay.setEnd(oneDay.getStart());
    assertThat(Prose.when(oneDay)).isEqualTo("On Monday 26 December 2022");
    assertThat(Prose.range(WEEK)).isEqualTo("Monday 3 October to Sunday 9 October 2022");
  }

  @Test
  void shouldSayUpDownOrUnchangedWithThePercentageAndThePreviousFigure() {
    assertThat(Prose.compare(Figure.DEAL_LINES, 172, 104)).containsExactly("172 deal lines closed, up 65% from 104");
    assertThat(Prose.compare(Figure.ARRESTS, 96, 104)).containsExactly("96 arrests, down 8% from 104");
    assertThat(Prose.compare(Figure.ARRESTS, 1, 1)).containsExactly("one arrest, unchanged");
    assertThat(Prose.compare(Figure.CASH, 15_000_000L, 12_000_000L)).containsExactly("£150,000 in cash seized, up 25% from £120,000");
    assertThat(Prose.compare(Figure.DRUGS_VALUE, 120_000_000L, 130_000_000L))
        .containsExactly("£1.2m of drugs seized, down 8% from £1.3m");
  }

  @Test
  void shouldSayUpFromNoneOrDownToNoneAndSkipFiguresThatWereZeroBothTimes() {
    assertThat(Prose.compare(Figure.WEAPONS, 3, 0)).containsExactly("three weapons seized, up from none");
    assertThat(Prose.compare(Figure.WEAPONS, 0, 5)).containsExactly("no weapons seized, down from five");
    assertThat(Prose.compare(Figure.CASH, 0, 5_000_000L)).containsExactly("no cash seized, down from £50,000");
    assertThat(Prose.compare(Figure.PHONES, 0, 0)).isEmpty();
  }

  @Test
  void shouldNameThePreviousOperationAndItsDatesBeforeTheComparison() {
    Report report = ReportFixtures.report();
    assertThat(Prose.comparisonIntro(report)).isEqualTo("The previous operation was County Lines Intensification Week,"
        + " May 2022 (Monday 16 May to Sunday 22 May 2022).");
    assertThat(Prose.comparisonIntro(report.withScope(ReportScope.force("kent")))).endsWith(
        "(Monday 16 May to Sunday 22 May 2022). The figures below are Kent Police's in both.");
    assertThat(Prose.comparison(report)).hasSize(Figure.values().length).first().asString().startsWith("471 arrests, up 38% from 341");
  }

  @Test
  void shouldSayThereIsNoPreviousOperationWhenThereIsNone() {
    Report alone = Report.of(ReportFixtures.october(), ReportFixtures.GENERATED);
    assertThat(Prose.comparisonIntro(alone)).isEqualTo("There is no previous operation to compare with.");
    assertThat(Prose.comparison(alone)).isEmpty();
    assertThat(Prose.comparisonIntro(alone.withNoPrevious("'cliw-2022-05' is not in countline.operations")))
        .isEqualTo("There is no previous operation to compare with: 'cliw-2022-05' is not in countline.operations.");
  }
}
