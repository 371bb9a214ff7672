package org.countline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report opened in real headless Chromium (Debian's {@code chromium}): the page renders,
 * with its masthead, text and the chart's bars, into a 1280 x 2000 screenshot saved as
 * {@code target/screenshots/report.png} for people to look at.
 */
class HtmlReportScreenshotTest {
  private static final Path SHOTS = Path.of("target/screenshots");
  private static final int BAR = 0x1d70b8;

  @Test
  void shouldRenderTheHtmlReportInHeadlessChromium(@TempDir Path profile) throws Exception {
    Files.createDirectories(SHOTS);
    Path html = ReportWriter.write(ReportFixtures.report(), ReportFormat.HTML, SHOTS.resolve("report.html")).get(0);
    Path png = SHOTS.resolve("report.png");
    Files.deleteIfExists(png);
    Path log = SHOTS.resolve("chromium.log");
    Process chromium = new ProcessBuilder(List.of(chromium(),
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile.toAbsolutePath(),
            "--screenshot=" + png.toAbsolutePath(), "--window-size=1280,2000", html.toAbsolutePath().toUri().toString()))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    boolean finished = chromium.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      chromium.destroyForcibly();
    }
    assertThat(finished).as("chromium finished within 120 s (see %s)", log).isTrue();
    assertThat(png).as("screenshot written (see %s)", log).exists();
    assertThat(Files.size(png)).isGreaterThan(50_000);

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1280);
    assertThat(image.getHeight()).isEqualTo(2000);
    long bars = 0;
    long dark = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        if (rgb == BAR) {
          bars++;
        }
        if (((rgb >> 16) & 0xFF) < 60 && ((rgb >> 8) & 0xFF) < 60 && (rgb & 0xFF) < 60) {
          dark++;
        }
      }
    }
    // The masthead rule, the cards' tops and the chart's bars are the accent blue; text is near black.
    assertThat(bars).as("accent-blue pixels").isGreaterThan(5_000);
    assertThat(dark).as("text pixels").isGreaterThan(5_000);
  }

  /** Debian's chromium, or one on the PATH. */
  private static String chromium() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (new File(candidate).canExecute()) {
        return candidate;
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, "chromium");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    throw new AssertionError("this test needs Chromium: apt-get install -y chromium");
  }
}
