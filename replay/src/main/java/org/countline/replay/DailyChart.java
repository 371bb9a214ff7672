package org.countline.replay;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.time.format.TextStyle;
import java.util.Locale;
import org.countline.core.Tally;

/**
 * The day-by-day chart of a report as SVG: one small bar chart per figure (arrests, warrants,
 * weapons, people safeguarded, side by side), the days of the operation along each, the value above each bar.
 * Accessible as an image with a title and a description that reads every value out, and legible
 * in print (dark text, one solid colour with 5:1 contrast on white). The same SVG goes inline in
 * the HTML report and into a file beside the Markdown one.
 */
final class DailyChart {
  static final List<Figure> PANELS = List.of(Figure.ARRESTS, Figure.WARRANTS, Figure.WEAPONS, Figure.SAFEGUARDED);
  private static final int PER_ROW = 4;
  private static final int PANEL_WIDTH = 245;
  private static final int PANEL_HEIGHT = 220;
  private static final int GAP = 20;
  private static final int WIDTH = PER_ROW * PANEL_WIDTH + (PER_ROW - 1) * GAP;
  private static final String BAR = "#1d70b8";
  private static final String TEXT = "#0b0c0c";
  private static final String RULE = "#505a5f";

  private DailyChart() {}

  /** The chart; {@code idPrefix} keeps its element ids unique within an HTML page. */
  static String svg(Report report, String idPrefix) {
    List<LocalDate> days = report.days();
    List<Tally> values = new ArrayList<>();
    days.forEach(d -> values.add(report.day(d)));
    // Days still to come show no value: a zero there would read as nothing done.
    boolean[] future = new boolean[days.size()];
    for (int i = 0; i < future.length; i++) {
      future[i] = report.isFuture(days.get(i));
    }
    int rows = (PANELS.size() + PER_ROW - 1) / PER_ROW;
    int height = rows * PANEL_HEIGHT + (rows - 1) * GAP;
    String title = "Day by day, " + report.scopePhrase() + ": " + lower(Prose.join(PANELS.stream().map(Figure::title).toList()));
    StringBuilder desc = new StringBuilder();
    for (Figure f : PANELS) {
      desc.append(f.title()).append(" per day: ");
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < days.size(); i++) {
        parts.add(Prose.shortDay(days.get(i)) + ": " + (future[i] ? "still to come" : f.cell(f.of(values.get(i)))));
      }
      desc.append(String.join(", ", parts)).append(". ");
    }
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\" role=\"img\" aria-labelledby=\"")
        .append(idPrefix).append("-title ").append(idPrefix).append("-desc\" font-family=\"Arial, Helvetica, 'Liberation Sans', sans-serif\">\n");
    s.append("  <title id=\"").append(idPrefix).append("-title\">").append(Html.escape(title)).append("</title>\n");
    s.append("  <desc id=\"").append(idPrefix).append("-desc\">").append(Html.escape(desc.toString().trim())).append("</desc>\n");
    s.append("  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    for (int p = 0; p < PANELS.size(); p++) {
      int x = (p % PER_ROW) * (PANEL_WIDTH + GAP);
      int y = (p / PER_ROW) * (PANEL_HEIGHT + GAP);
      panel(s, PANELS.get(p), days, values, future, x, y);
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static void panel(StringBuilder s, Figure f, List<LocalDate> days, List<Tally> values, boolean[] future, int x, int y) {
    int top = 34;
    int bottom = PANEL_HEIGHT - 36;
    int plot = bottom - top - 18;
    long max = 0;
    for (Tally t : values) {
      max = Math.max(max, f.of(t));
    }
    s.append("  <g transform=\"translate(").append(x).append(',').append(y).append(")\">\n");
    s.append("    <text x=\"0\" y=\"18\" font-size=\"16\" font-weight=\"bold\" fill=\"").append(TEXT).append("\">")
        .append(Html.escape(f.title())).append("</text>\n");
    double slot = (double) PANEL_WIDTH / Math.max(1, days.size());
    double bar = Math.min(36, slot * 0.72);
    for (int i = 0; i < days.size(); i++) {
      long v = f.of(values.get(i));
      double h = max == 0 ? 0 : Math.max(v > 0 ? 1.5 : 0, plot * (double) v / max);
      double bx = i * slot + (slot - bar) / 2;
      double cx = i * slot + slot / 2;
      String label = Prose.shortDay(days.get(i));
      s.append("    <rect x=\"").append(num(bx)).append("\" y=\"").append(num(bottom - h)).append("\" width=\"").append(num(bar))
          .append("\" height=\"").append(num(h)).append("\" fill=\"").append(BAR).append("\"><title>")
          .append(Html.escape(label + ": " + f.cell(v))).append("</title></rect>\n");
      if (!future[i]) {
        text(s, cx, bottom - h - 5, f.cell(v));
      }
      LocalDate day = days.get(i);
      if (days.size() <= 7) {
        // Day name over day of the month: two short lines fit a narrow bar where "Mon 3" would not.
        text(s, cx, bottom + 15, day.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.UK));
        text(s, cx, bottom + 29, String.valueOf(day.getDayOfMonth()));
      } else {
        text(s, cx, bottom + 15, String.valueOf(day.getDayOfMonth()));
      }
    }
    s.append("    <line x1=\"0\" x2=\"").append(PANEL_WIDTH).append("\" y1=\"").append(bottom).append("\" y2=\"").append(bottom)
        .append("\" stroke=\"").append(RULE).append("\" stroke-width=\"1\"/>\n");
    s.append("  </g>\n");
  }

  private static void text(StringBuilder s, double x, double y, String text) {
    s.append("    <text x=\"").append(num(x)).append("\" y=\"").append(num(y))
        .append("\" font-size=\"12\" text-anchor=\"middle\" fill=\"").append(TEXT).append("\">")
        .append(Html.escape(text)).append("</text>\n");
  }

  private static String num(double d) {
    String s = String.format(Locale.ROOT, "%.1f", d);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.UK);
  }
}
