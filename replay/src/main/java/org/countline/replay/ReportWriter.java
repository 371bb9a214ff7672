package org.countline.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link Report} in one of the {@link ReportFormat}s: Markdown (with its chart in an SVG
 * file beside it), self-contained HTML, CSV for spreadsheets, or JSON in the contract's totals
 * shape. UTF-8 throughout.
 */
public final class ReportWriter {
  private ReportWriter() {}

  /**
   * The report as text, for a terminal or a pipe. Markdown has no chart here, since there is no
   * file to put it beside; its day-by-day table carries the same figures.
   */
  public static String render(Report report, ReportFormat format) {
    return switch (format) {
      case MD -> MarkdownReport.render(report, null);
      case HTML -> HtmlReport.render(report);
      case CSV -> CsvReport.render(report);
      case JSON -> JsonReport.render(report);
    };
  }

  /**
   * Writes the report to {@code out}, and for Markdown the chart to {@code NAME-daily.svg} beside
   * it; returns every file written.
   */
  public static List<Path> write(Report report, ReportFormat format, Path out) throws IOException {
    List<Path> written = new ArrayList<>();
    Path dir = out.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    String text;
    if (format == ReportFormat.MD) {
      Path chart = chartBeside(out);
      Files.writeString(chart, DailyChart.svg(report, "daily-chart"), StandardCharsets.UTF_8);
      written.add(chart);
      text = MarkdownReport.render(report, chart.getFileName().toString());
    } else {
      text = render(report, format);
    }
    Files.writeString(out, text, StandardCharsets.UTF_8);
    written.add(0, out);
    return written;
  }

  /** {@code week.md} → {@code week-daily.svg} in the same directory. */
  static Path chartBeside(Path markdown) {
    String name = markdown.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    return markdown.resolveSibling(base + "-daily.svg");
  }
}
