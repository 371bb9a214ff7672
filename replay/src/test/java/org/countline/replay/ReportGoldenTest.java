package org.countline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The reports written from fixed tallies ({@link ReportFixtures}) equal the golden files in
 * {@code src/test/resources/org/countline/replay/golden/}, which were written once, read by eye,
 * and are now the reference. After a deliberate change, regenerate them with
 * {@code -Dgolden.update=true}, read the diff, and commit it with the change.
 */
class ReportGoldenTest {
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final Path SOURCE = Path.of("src/test/resources/org/countline/replay/golden");

  @Test
  void shouldWriteTheMarkdownReportAsTheGoldenFile() throws IOException {
    assertGolden("report.md", MarkdownReport.render(ReportFixtures.report(), "report-daily.svg"));
  }

  @Test
  void shouldWriteTheDayByDayChartBesideTheMarkdownAsTheGoldenFile() throws IOException {
    assertGolden("report-daily.svg", DailyChart.svg(ReportFixtures.report(), "daily-chart"));
  }

  @Test
  void shouldWriteTheCsvReportAsTheGoldenFile() throws IOException {
    assertGolden("report.csv", ReportWriter.render(ReportFixtures.report(), ReportFormat.CSV));
  }

  @Test
  void shouldWriteTheJsonReportAsTheGoldenFile() throws IOException {
    assertGolden("report.json", ReportWriter.render(ReportFixtures.report(), ReportFormat.JSON));
  }

  @Test
  void shouldWriteAOneForceMarkdownReportWithNoPreviousOperationAsTheGoldenFile() throws IOException {
    Report kent = Report.of(ReportFixtures.october(), ReportFixtures.GENERATED).withScope(ReportScope.force("kent"));
    assertGolden("kent.md", ReportWriter.render(kent, ReportFormat.MD));
  }

  @Test
  void shouldWriteAOneRegionCsvReportAsTheGoldenFile() throws IOException {
    Report eastern = ReportFixtures.report().withScope(ReportScope.region("eastern"));
    assertGolden("eastern.csv", ReportWriter.render(eastern, ReportFormat.CSV));
  }

  private static void assertGolden(String name, String actual) throws IOException {
    if (UPDATE) {
      Files.createDirectories(SOURCE);
      Files.writeString(SOURCE.resolve(name), actual, StandardCharsets.UTF_8);
      assertThat(SOURCE.resolve(name)).hasContent(actual);
      return;
    }
    try (InputStream in = ReportGoldenTest.class.getResourceAsStream("golden/" + name)) {
      assertThat(in).as("golden file %s (write it with -Dgolden.update=true)", name).isNotNull();
      String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(actual).as("report %s against its golden file", name).isEqualTo(expected);
    }
  }
}
