package org.countline.replay;

import static org.countline.replay.Html.escape;

import java.util.List;
import org.countline.core.Tally;

/**
 * A report as one self-contained HTML page: inline CSS and an inline SVG chart, nothing fetched
 * from anywhere, so it opens offline, mails as one file and prints on A4. Accessible: a language,
 * one heading outline, tables with captions and header cells, the chart described in text, no
 * meaning carried by colour alone.
 */
final class HtmlReport {
  /** The figures of the key-figure cards. */
  static final List<Figure> CARDS = List.of(Figure.ARRESTS, Figure.CHARGED, Figure.WARRANTS, Figure.DEAL_LINES,
      Figure.DRUGS_VALUE, Figure.CASH, Figure.WEAPONS, Figure.SAFEGUARDED);

  private static final String CSS = """
      :root { --text: #0b0c0c; --muted: #505a5f; --accent: #1d70b8; --rule: #b1b4b6; --shade: #f3f2f1; }
      * { box-sizing: border-box; }
      html { font-family: Arial, Helvetica, "Liberation Sans", sans-serif; color: var(--text); background: #fff; }
      body { margin: 0; line-height: 1.5; font-size: 16px; }
      main { max-width: 1140px; margin: 0 auto; padding: 32px 32px 48px; }
      .masthead { border-bottom: 6px solid var(--accent); padding-bottom: 16px; margin-bottom: 24px; }
      .eyebrow { margin: 0; color: var(--muted); font-size: 16px; letter-spacing: 0.02em; text-transform: uppercase; }
      h1 { margin: 4px 0 4px; font-size: 34px; line-height: 1.15; }
      .dates { margin: 0; font-size: 19px; }
      .running { margin: 8px 0 0; padding: 6px 10px; border-left: 5px solid var(--accent); background: var(--shade); }
      h2 { font-size: 24px; margin: 40px 0 12px; }
      .lead { font-size: 20px; line-height: 1.55; max-width: 60em; margin: 0 0 12px; }
      .more { font-size: 17px; max-width: 68em; margin: 0 0 12px; }
      .cards { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; }
      .card { border: 1px solid var(--rule); border-top: 4px solid var(--accent); padding: 12px 14px; break-inside: avoid; }
      .card .value { display: block; font-size: 30px; font-weight: bold; font-variant-numeric: tabular-nums; line-height: 1.2; }
      .card .label { display: block; font-size: 16px; }
      .card .change { display: block; font-size: 14px; color: var(--muted); margin-top: 4px; }
      .comparison li { margin: 2px 0; }
      figure { margin: 0 0 16px; }
      figure svg { max-width: 100%; height: auto; }
      figcaption { color: var(--muted); font-size: 14px; }
      .scroll { overflow-x: auto; }
      table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 0 0 8px; }
      caption { text-align: left; color: var(--muted); font-size: 14px; padding: 0 0 6px; }
      th, td { padding: 6px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; }
      thead th { text-align: left; border-bottom: 2px solid var(--text); }
      th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
      td.num { white-space: nowrap; }
      tbody th, tfoot th { min-width: 11em; }
      tbody tr:nth-child(even) { background: var(--shade); }
      tr.group th { background: #fff; font-weight: bold; text-align: left; padding-top: 14px; border-bottom: 1px solid var(--text); }
      tbody th { font-weight: normal; text-align: left; }
      tfoot th, tfoot td { font-weight: bold; border-top: 2px solid var(--text); border-bottom: none; }
      tfoot th { text-align: left; }
      .note { color: var(--muted); font-size: 14px; }
      footer { margin-top: 40px; border-top: 1px solid var(--rule); font-size: 14px; }
      footer li { margin: 4px 0; }
      pre { font-size: 13px; background: var(--shade); padding: 8px; overflow-x: auto; }
      .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
      @media (max-width: 800px) { .cards { grid-template-columns: repeat(2, 1fr); } main { padding: 16px; } }
      @media print {
        @page { size: A4; margin: 14mm; }
        body { font-size: 11pt; }
        main { max-width: none; padding: 0; }
        h1 { font-size: 22pt; }
        h2 { font-size: 15pt; margin-top: 18pt; break-after: avoid; }
        .lead { font-size: 12pt; }
        .card .value { font-size: 18pt; }
        table { font-size: 8.5pt; }
        th, td { padding: 3px 4px; }
        thead { display: table-header-group; }
        tr, figure, .cards { break-inside: avoid; }
        tbody tr:nth-child(even) { background: none; }
        .scroll { overflow: visible; }
      }
      """;

  private HtmlReport() {}

  static String render(Report report) {
    StringBuilder h = new StringBuilder(64 * 1024);
    String name = report.operation().getName();
    h.append("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(name)).append(": post-operation report, ").append(escape(report.scopeName())).append("</title>\n")
        .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");

    h.append("<header class=\"masthead\">\n<p class=\"eyebrow\">Post-operation report · ").append(escape(report.scopeName())).append("</p>\n")
        .append("<h1>").append(escape(name)).append("</h1>\n")
        .append("<p class=\"dates\">").append(escape(Prose.range(report.operation()))).append("</p>\n");
    String running = ReportNotes.stillRunning(report);
    if (running != null) {
      h.append("<p class=\"running\">").append(escape(running)).append("</p>\n");
    }
    h.append("</header>\n");

    h.append("<section aria-labelledby=\"summary\">\n<h2 id=\"summary\" class=\"visually-hidden\">Summary</h2>\n")
        .append(paragraphs(report)).append("</section>\n");

    cards(h, report);

    h.append("<section aria-labelledby=\"comparison\">\n<h2 id=\"comparison\">Compared with the previous operation</h2>\n")
        .append("<p>").append(escape(Prose.comparisonIntro(report))).append("</p>\n");
    List<String> lines = Prose.comparison(report);
    if (!lines.isEmpty()) {
      h.append("<ul class=\"comparison\">\n");
      lines.forEach(l -> h.append("<li>").append(escape(Prose.capitalise(l))).append("</li>\n"));
      h.append("</ul>\n");
    }
    h.append("</section>\n");

    h.append("<section aria-labelledby=\"daily\">\n<h2 id=\"daily\">Day by day</h2>\n<figure>\n")
        .append(DailyChart.svg(report, "daily-chart"))
        .append("<figcaption>Each bar is one day, local time (").append(escape(report.operation().getTimeZone()))
        .append("); the table below gives the same figures.</figcaption>\n</figure>\n");
    table(h, ReportTables.daily(report));
    h.append("</section>\n");

    if (report.scope().level() == ReportScope.Level.NATIONAL) {
      h.append("<section aria-labelledby=\"regions\">\n<h2 id=\"regions\">By region</h2>\n");
      table(h, ReportTables.regions(report));
      h.append("</section>\n");
    }
    if (report.scope().level() != ReportScope.Level.FORCE) {
      h.append("<section aria-labelledby=\"forces\">\n<h2 id=\"forces\">By force</h2>\n");
      ReportTables.Table forces = ReportTables.forces(report);
      if (forces.rows().isEmpty()) {
        h.append("<p>No force reported anything.</p>\n");
      } else if (report.scope().level() == ReportScope.Level.NATIONAL) {
        groupedByRegion(h, forces);
      } else {
        table(h, forces);
      }
      List<String> absent = ReportTables.absent(report);
      if (!absent.isEmpty()) {
        h.append("<p class=\"note\">Forces with no reports: ").append(escape(String.join(", ", absent))).append(".</p>\n");
      }
      h.append("</section>\n");
    }

    h.append("<section aria-labelledby=\"all\">\n<h2 id=\"all\">All figures</h2>\n");
    table(h, ReportTables.metrics(report));
    h.append("</section>\n");

    h.append("<footer aria-labelledby=\"about\">\n<h2 id=\"about\">About these figures</h2>\n<ul>\n");
    ReportNotes.about(report).forEach(n -> h.append("<li>").append(escape(n)).append("</li>\n"));
    h.append("</ul>\n");
    List<String> differences = ReportNotes.differences(report);
    if (!differences.isEmpty()) {
      h.append("<pre>").append(escape(String.join("\n", differences))).append("</pre>\n");
    }
    h.append("</footer>\n</main>\n</body>\n</html>\n");
    return h.toString();
  }

  private static String paragraphs(Report report) {
    StringBuilder p = new StringBuilder();
    List<String> paragraphs = Prose.paragraphs(report);
    for (int i = 0; i < paragraphs.size(); i++) {
      p.append(i == 0 ? "<p class=\"lead\">" : "<p class=\"more\">").append(escape(paragraphs.get(i))).append("</p>\n");
    }
    return p.toString();
  }

  private static void cards(StringBuilder h, Report report) {
    Tally now = report.totals();
    Tally before = report.previousTotals();
    h.append("<section aria-labelledby=\"key\">\n<h2 id=\"key\">Key figures</h2>\n<ul class=\"cards\">\n");
    for (Figure f : CARDS) {
      long v = f.of(now);
      String value = f == Figure.DRUGS_VALUE || f == Figure.CASH ? Numbers.money(v) : Numbers.count(v);
      h.append("<li class=\"card\"><span class=\"value\">").append(escape(value)).append("</span><span class=\"label\">")
          .append(escape(f.title())).append("</span>");
      if (before != null) {
        h.append("<span class=\"change\">").append(escape(cardChange(f, v, f.of(before)))).append("</span>");
      }
      h.append("</li>\n");
    }
    h.append("</ul>\n</section>\n");
  }

  /** {@code ▲ up 65% from 104}: the arrow for the eye, the words for everyone. */
  static String cardChange(Figure f, long now, long before) {
    if (now == before) {
      return "same as the previous operation";
    }
    if (before == 0) {
      return "▲ none in the previous operation";
    }
    String arrow = now > before ? "▲ " : "▼ ";
    String was = f == Figure.DRUGS_VALUE || f == Figure.CASH ? Numbers.money(before) : Numbers.count(before);
    return arrow + Prose.change(now, before) + " from " + was;
  }

  private static void table(StringBuilder h, ReportTables.Table t) {
    h.append("<div class=\"scroll\" role=\"region\" aria-label=\"").append(escape(t.caption())).append("\" tabindex=\"0\">\n<table>\n")
        .append("<caption>").append(escape(t.caption())).append("</caption>\n<thead><tr>");
    for (int i = 0; i < t.headings().size(); i++) {
      h.append("<th scope=\"col\"").append(t.numeric().get(i) ? " class=\"num\"" : "").append('>')
          .append(escape(t.headings().get(i))).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : t.rows()) {
      row(h, row, t.numeric());
    }
    h.append("</tbody>\n");
    if (t.total() != null) {
      h.append("<tfoot>\n");
      row(h, t.total(), t.numeric());
      h.append("</tfoot>\n");
    }
    h.append("</table>\n</div>\n");
  }

  /**
   * The national force table with a heading row per region instead of a region column: 44 forces
   * read more easily in their regions, and the rows stay one line high.
   */
  private static void groupedByRegion(StringBuilder h, ReportTables.Table t) {
    List<String> headings = without(t.headings(), 1);
    List<Boolean> numeric = without(t.numeric(), 1);
    h.append("<div class=\"scroll\" role=\"region\" aria-label=\"").append(escape(t.caption())).append("\" tabindex=\"0\">\n<table>\n")
        .append("<caption>").append(escape(t.caption())).append(", by region</caption>\n<thead><tr>");
    for (int i = 0; i < headings.size(); i++) {
      h.append("<th scope=\"col\"").append(numeric.get(i) ? " class=\"num\"" : "").append('>').append(escape(headings.get(i))).append("</th>");
    }
    h.append("</tr></thead>\n");
    String region = null;
    for (List<String> row : t.rows()) {
      if (!row.get(1).equals(region)) {
        if (region != null) {
          h.append("</tbody>\n");
        }
        region = row.get(1);
        h.append("<tbody>\n<tr class=\"group\"><th colspan=\"").append(headings.size()).append("\" scope=\"colgroup\">")
            .append(escape(region)).append("</th></tr>\n");
      }
      row(h, without(row, 1), numeric);
    }
    h.append("</tbody>\n<tfoot>\n");
    row(h, without(t.total(), 1), numeric);
    h.append("</tfoot>\n</table>\n</div>\n");
  }

  private static <T> List<T> without(List<T> list, int index) {
    List<T> out = new java.util.ArrayList<>(list);
    out.remove(index);
    return out;
  }

  private static void row(StringBuilder h, List<String> cells, List<Boolean> numeric) {
    h.append("<tr>");
    for (int i = 0; i < cells.size(); i++) {
      String tag = i == 0 ? "th" : "td";
      h.append('<').append(tag).append(i == 0 ? " scope=\"row\"" : "").append(numeric.get(i) ? " class=\"num\"" : "").append('>')
          .append(escape(cells.get(i))).append("</").append(tag).append('>');
    }
    h.append("</tr>\n");
  }
}
