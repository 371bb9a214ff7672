package org.countline.replay;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.countline.core.ForceInfo;
import org.countline.core.Metric;
import org.countline.core.Tally;

/**
 * The tables of a report, as text cells, shared by the Markdown and HTML writers so both show the
 * same figures: day by day, by region, by force, and every metric.
 */
final class ReportTables {
  /** The figures of the region and force tables. */
  static final List<Figure> SUMMARY = List.of(Figure.values());
  /** The figures of the day-by-day table and chart. */
  static final List<Figure> DAILY = List.of(Figure.ARRESTS, Figure.WARRANTS, Figure.DEAL_LINES, Figure.WEAPONS, Figure.SAFEGUARDED);

  /**
   * A table: a caption, column headings, which columns are numbers (right-aligned), body rows and
   * an optional total row.
   */
  record Table(String caption, List<String> headings, List<Boolean> numeric, List<List<String>> rows, List<String> total) {}

  private ReportTables() {}

  static Table daily(Report report) {
    List<String> headings = new ArrayList<>(List.of("Day"));
    DAILY.forEach(f -> headings.add(f.heading()));
    headings.add("Reports counted");
    List<List<String>> rows = new ArrayList<>();
    for (LocalDate day : report.days()) {
      Tally t = report.day(day);
      String name = Prose.longDay(day).replaceFirst(" \\d{4}$", "");
      if (report.isFuture(day)) {
        List<String> row = new ArrayList<>(List.of(name));
        DAILY.forEach(f -> row.add("–"));
        row.add("–");
        rows.add(row);
      } else {
        rows.add(row(name, DAILY, t, Numbers.count(t.get(Metric.EVENTS))));
      }
    }
    Tally all = report.totals();
    return new Table("Figures per day (local time), " + report.scopePhrase(), headings, numeric(headings.size(), 1), rows,
        row("Week", DAILY, all, Numbers.count(all.get(Metric.EVENTS))));
  }

  static Table regions(Report report) {
    List<String> headings = new ArrayList<>(List.of("Region", "Forces taking part"));
    SUMMARY.forEach(f -> headings.add(f.heading()));
    List<List<String>> rows = new ArrayList<>();
    List<ForceInfo> forces = report.forces();
    for (Map.Entry<String, String> region : report.regions().entrySet()) {
      long all = forces.stream().filter(f -> f.region().equals(region.getKey())).count();
      long taking = forces.stream().filter(f -> f.region().equals(region.getKey()) && report.tookPart(f.code())).count();
      List<String> row = new ArrayList<>(List.of(region.getValue(), taking + " of " + all));
      Tally t = report.current().region(region.getKey());
      SUMMARY.forEach(f -> row.add(f.cell(f.of(t))));
      rows.add(row);
    }
    List<String> total = new ArrayList<>(List.of(report.scopeName(), report.forcesTakingPart().size() + " of " + forces.size()));
    SUMMARY.forEach(f -> total.add(f.cell(f.of(report.totals()))));
    return new Table("Figures by region; a force takes part with at least one report that counts", headings, numeric(headings.size(), 1), rows, total);
  }

  /** The forces that took part; {@link #absent} lists the others. */
  static Table forces(Report report) {
    boolean withRegion = report.scope().level() == ReportScope.Level.NATIONAL;
    List<String> headings = new ArrayList<>(List.of("Force"));
    if (withRegion) {
      headings.add("Region");
    }
    SUMMARY.forEach(f -> headings.add(f.heading()));
    List<List<String>> rows = new ArrayList<>();
    for (ForceInfo force : report.forcesTakingPart()) {
      List<String> row = new ArrayList<>(List.of(force.name()));
      if (withRegion) {
        row.add(force.regionName());
      }
      Tally t = report.current().force(force.code());
      SUMMARY.forEach(f -> row.add(f.cell(f.of(t))));
      rows.add(row);
    }
    List<String> total = new ArrayList<>(List.of(report.scopeName()));
    if (withRegion) {
      total.add("");
    }
    SUMMARY.forEach(f -> total.add(f.cell(f.of(report.totals()))));
    return new Table("Figures by force, for the forces that took part", headings, numeric(headings.size(), withRegion ? 2 : 1), rows, total);
  }

  /** Names of the forces in scope that reported nothing. */
  static List<String> absent(Report report) {
    return report.forces().stream().filter(f -> !report.tookPart(f.code())).map(ForceInfo::name).sorted().toList();
  }

  static Table metrics(Report report) {
    Tally now = report.totals();
    Tally before = report.previousTotals();
    List<String> headings = new ArrayList<>(List.of("Figure", "This operation"));
    if (before != null) {
      headings.add("Previous operation");
      headings.add("Change");
    }
    List<List<String>> rows = new ArrayList<>();
    for (Metric m : Metric.values()) {
      List<String> row = new ArrayList<>(List.of(label(m), cell(m, now.get(m))));
      if (before != null) {
        row.add(cell(m, before.get(m)));
        row.add(Prose.change(now.get(m), before.get(m)));
      }
      rows.add(row);
    }
    return new Table("Every figure counted, " + report.scopePhrase()
        + (before == null ? "" : ", with the previous operation's"), headings, numeric(headings.size(), 1), rows, null);
  }

  /** A metric's label as a table shows it: money in pounds, counted things as they are. */
  static String label(Metric m) {
    return switch (m) {
      case EVENTS -> "Reports counted";
      case DRUGS_VALUE -> "Drugs, street value";
      case CASH -> "Cash seized";
      default -> m.label();
    };
  }

  /** A metric's value in a table: {@code 1,360}, {@code £150,000}, grams {@code 5,000.5}. */
  static String cell(Metric m, long v) {
    return switch (m.unit()) {
      case COUNT -> Numbers.count(v);
      case PENCE -> Numbers.poundsInTable(v);
      case MILLIGRAMS -> Numbers.gramsInTable(v);
    };
  }

  private static List<String> row(String first, List<Figure> figures, Tally t, String last) {
    List<String> row = new ArrayList<>(List.of(first));
    figures.forEach(f -> row.add(f.cell(f.of(t))));
    row.add(last);
    return row;
  }

  private static List<Boolean> numeric(int columns, int textColumns) {
    List<Boolean> out = new ArrayList<>();
    for (int i = 0; i < columns; i++) {
      out.add(i >= textColumns);
    }
    return out;
  }
}
