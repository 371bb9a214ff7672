package org.countline.replay;

import java.util.List;

/**
 * A report in Markdown, for people who edit a press release or paste into a wiki: headline,
 * comparison, the chart as an image beside the file, then tables. Numbers are right-aligned.
 */
final class MarkdownReport {
  private MarkdownReport() {}

  /**
   * @param chartFile the SVG chart's file name, relative to the Markdown file, or null to show
   *     the day-by-day table alone (output to a terminal has no file beside it)
   */
  static String render(Report report, String chartFile) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(escape(report.operation().getName())).append("\n\n");
    md.append("**Post-operation report** · ").append(Prose.range(report.operation())).append(" · ")
        .append(escape(report.scopeName())).append("\n\n");
    String running = ReportNotes.stillRunning(report);
    if (running != null) {
      md.append('_').append(escape(running)).append("_\n\n");
    }
    for (String paragraph : Prose.paragraphs(report)) {
      md.append(escape(paragraph)).append("\n\n");
    }

    md.append("## Compared with the previous operation\n\n");
    md.append(escape(Prose.comparisonIntro(report))).append("\n\n");
    List<String> lines = Prose.comparison(report);
    for (String line : lines) {
      md.append("- ").append(escape(Prose.capitalise(line))).append('\n');
    }
    if (!lines.isEmpty()) {
      md.append('\n');
    }

    md.append("## Day by day\n\n");
    if (chartFile != null) {
      String panels = Prose.join(DailyChart.PANELS.stream().map(f -> f.title().toLowerCase(java.util.Locale.UK)).toList());
      md.append("![Bar charts of ").append(panels).append(" per day](").append(chartFile).append(")\n\n");
    }
    table(md, ReportTables.daily(report));

    if (report.scope().level() == ReportScope.Level.NATIONAL) {
      md.append("## By region\n\n");
      table(md, ReportTables.regions(report));
    }
    if (report.scope().level() != ReportScope.Level.FORCE) {
      md.append("## By force\n\n");
      ReportTables.Table forces = ReportTables.forces(report);
      if (forces.rows().isEmpty()) {
        md.append("No force reported anything.\n\n");
      } else {
        table(md, forces);
      }
      List<String> absent = ReportTables.absent(report);
      if (!absent.isEmpty()) {
        md.append("Forces with no reports: ").append(escape(String.join(", ", absent))).append(".\n\n");
      }
    }

    md.append("## All figures\n\n");
    table(md, ReportTables.metrics(report));

    md.append("## About these figures\n\n");
    for (String note : ReportNotes.about(report)) {
      md.append("- ").append(escape(note)).append('\n');
    }
    List<String> differences = ReportNotes.differences(report);
    if (!differences.isEmpty()) {
      md.append('\n');
      for (String d : differences) {
        md.append("    ").append(d).append('\n');
      }
    }
    return md.toString();
  }

  private static void table(StringBuilder md, ReportTables.Table t) {
    md.append('|');
    for (String h : t.headings()) {
      md.append(' ').append(escape(h)).append(" |");
    }
    md.append("\n|");
    for (boolean numeric : t.numeric()) {
      md.append(numeric ? " ---: |" : " --- |");
    }
    md.append('\n');
    for (List<String> row : t.rows()) {
      row(md, row, false);
    }
    if (t.total() != null) {
      row(md, t.total(), true);
    }
    md.append('\n');
  }

  private static void row(StringBuilder md, List<String> cells, boolean bold) {
    md.append('|');
    for (String c : cells) {
      String text = escape(c);
      md.append(' ').append(bold && !text.isEmpty() ? "**" + text + "**" : text).append(" |");
    }
    md.append('\n');
  }

  /** Escapes the characters that would otherwise be read as Markdown in names and prose. */
  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;");
  }
}
