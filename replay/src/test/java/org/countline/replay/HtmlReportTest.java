package org.countline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The HTML report is one self-contained, accessible page. */
class HtmlReportTest {
  private static final String HTML = ReportWriter.render(ReportFixtures.report(), ReportFormat.HTML);

  @Test
  void shouldLoadNothingFromAnywhere() {
    assertThat(HTML).doesNotContain("<script", "<link", "<img", "<iframe", "@import", "url(");
    Matcher urls = Pattern.compile("https?://[^\"'\\s<]+").matcher(HTML);
    while (urls.find()) {
      // The only address is the SVG namespace name, which is never fetched.
      assertThat(urls.group()).isEqualTo("http://www.w3.org/2000/svg");
    }
  }

  @Test
  void shouldGiveTheLanguageOneTopHeadingAndLabelledSections() {
    assertThat(HTML).contains("<html lang=\"en-GB\">", "<meta charset=\"utf-8\">");
    assertThat(count("<h1>")).isEqualTo(1);
    assertThat(count("<section aria-labelledby=")).isEqualTo(count("<section"));
  }

  @Test
  void shouldGiveEveryTableACaptionAndHeaderCells() {
    int tables = count("<table>");
    assertThat(tables).isEqualTo(4);
    assertThat(count("<caption>")).isEqualTo(tables);
    assertThat(count("<th scope=\"col\"")).isGreaterThan(tables * 2);
    assertThat(count("<th scope=\"row\"")).isGreaterThan(tables * 2);
  }

  @Test
  void shouldDescribeTheChartInWordsForScreenReaders() {
    assertThat(HTML).contains("role=\"img\" aria-labelledby=\"daily-chart-title daily-chart-desc\"");
    assertThat(HTML).contains("<desc id=\"daily-chart-desc\">Arrests per day: Mon 3: 73, Tue 4: 71");
  }

  @Test
  void shouldSayUpOrDownInWordsBesideTheArrows() {
    assertThat(HtmlReport.cardChange(Figure.ARRESTS, 172, 104)).isEqualTo("▲ up 65% from 104");
    assertThat(HtmlReport.cardChange(Figure.CASH, 9_000_000, 10_000_000)).isEqualTo("▼ down 10% from £100,000");
    assertThat(HtmlReport.cardChange(Figure.ARRESTS, 5, 5)).isEqualTo("same as the previous operation");
  }

  @Test
  void shouldPrintOnA4() {
    assertThat(HTML).contains("@media print", "@page { size: A4;");
  }

  private static int count(String s) {
    int n = 0;
    for (int i = HTML.indexOf(s); i >= 0; i = HTML.indexOf(s, i + 1)) {
      n++;
    }
    return n;
  }
}
