package org.countline.controlroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.countline.avro.Arrest;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.core.Contribution;
import org.countline.core.Metric;
import org.countline.core.ReferenceData;
import org.countline.core.Tally;
import org.countline.producers.FieldEventPublisher;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.registry.testing.EmbeddedKafkaExtension;
import org.countline.streams.TopologyOptions;
import org.countline.streams.TotalsApp;
import org.countline.streams.TotalsSerdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in real headless Chromium, fed by the whole pipeline: field events published with
 * {@link FieldEventPublisher}, summed by the real {@link TotalsApp} on a real broker, read by the
 * control room and pushed to the page over Server-Sent Events. Saves a screenshot of the wall
 * screen (1920x1080) to {@code target/screenshots/dashboard.png}.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} (or {@code -Dcountline.chromium}
 * and {@code -Dcountline.chromedriver}); fails, rather than skips, without them.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class DashboardBrowserIT {
  private static final Path CHROMIUM = Path.of(System.getProperty("countline.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("countline.chromedriver", "/usr/bin/chromedriver"));
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** A field event's way to the page: producer, streams (exactly-once commit), control room, browser. */
  private static final Duration LIVE = Duration.ofSeconds(15);
  private static final String OP = "cliw-2022-10";
  private static final String PREVIOUS = "cliw-2022-05";

  @TempDir static Path stateDir;
  @TempDir static Path browserProfile;

  private static TestKafka kafka;
  private static TotalsApp totals;
  private static ControlRoomServer room;
  private static FieldEventPublisher publisher;
  private static ChromeDriver browser;
  /** What the national figures must be once every event published so far is counted. */
  private static final Tally expected = Tally.zero();

  @BeforeAll
  static void start(EmbeddedKafka broker) throws Exception {
    assertThat(Files.isExecutable(CHROMIUM))
        .as("Chromium is needed for the dashboard test at %s (Debian: apt-get install -y chromium chromium-driver;"
            + " or set -Dcountline.chromium=PATH)", CHROMIUM)
        .isTrue();
    assertThat(Files.isExecutable(CHROMEDRIVER))
        .as("chromedriver is needed for the dashboard test at %s (Debian: apt-get install -y chromium-driver;"
            + " or set -Dcountline.chromedriver=PATH)", CHROMEDRIVER)
        .isTrue();

    kafka = new TestKafka(broker);
    kafka.forces(ReferenceData.defaults());
    Operation week = Fixtures.operation(OP, "County Lines Intensification Week, October 2022", LocalDate.of(2022, 10, 3), OperationStatus.OPEN);
    kafka.operation(week);
    kafka.operation(Fixtures.operation(PREVIOUS, "County Lines Intensification Week, May 2022", LocalDate.of(2022, 5, 16), OperationStatus.CLOSED));
    kafka.totals(Scope.NATIONAL, PREVIOUS, Fixtures.tally(641, 210_000, 0));

    Properties overrides = new Properties();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, "control-room-browser-it");
    totals = new TotalsApp(TotalsApp.config(kafka.bootstrap(), stateDir.toString(), overrides),
        TotalsSerdes.fromRegistry(kafka.serdeConfig()), TopologyOptions.defaults());
    totals.start();
    await().atMost(WAIT)
        .failFast("the totals streams app stopped (see its log above)", () -> !totals.streams().state().isRunningOrRebalancing()
            && totals.streams().state() != KafkaStreams.State.CREATED)
        .until(totals::isRunning);

    room = new ControlRoomServer(kafka.controlRoomConfig()).start();
    room.bindKafkaStreams(totals.streams(), "streams");
    assertThat(room.awaitCaughtUp(WAIT)).isTrue();

    publisher = FieldEventPublisher.create(kafka.bootstrap(), kafka.serdeConfig());
    publish(WeekOfEvents.of(week, 900, 2022_10));
    awaitNationalArrests(room.url(), expected.get(Metric.ARRESTS), WAIT);

    browser = chromium();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (publisher != null) {
      publisher.close();
    }
    if (room != null) {
      room.close();
    }
    if (totals != null) {
      totals.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldShowANewArrestOnTheNationalFigureWithoutReloading() throws Exception {
    open(room.url());
    long before = expected.get(Metric.ARRESTS);
    await().atMost(WAIT).until(() -> tileValue("arrests") == before);
    script("window.countlineTestMarker = 'the same page';");

    publish(List.of(WeekOfEvents.event(OP, "kent", Instant.parse("2022-10-05T10:15:00Z"), new Arrest(3, 2, 1), "browser-arrest")));

    await().atMost(LIVE).pollInterval(Duration.ofMillis(100)).until(() -> tileValue("arrests") == before + 3);
    assertThat(script("return window.countlineTestMarker;")).as("the page was not reloaded").isEqualTo("the same page");
    assertThat(tileText("arrests")).isEqualTo(String.format("%,d", before + 3));
    assertThat(browser.findElement(By.id("connection-text")).getText()).isEqualTo("Live");
    assertThat((Boolean) script("return Array.from(document.querySelectorAll('.table-wrap'))"
        + ".every(function (w) { return w.scrollWidth <= w.clientWidth; });"))
        .as("every table column visible on the wall screen").isTrue();
    assertThat((Boolean) script("return document.documentElement.scrollHeight <= window.innerHeight;"))
        .as("the wall screen needs no scrolling").isTrue();
    // The changed tile flashes; the picture is taken once it has settled.
    await().atMost(Duration.ofSeconds(5)).until(() -> (Boolean) script("return document.getAnimations().length === 0;"));
    screenshot("dashboard.png");
    viewport(1366, 768);
    try {
      nextFrames();
      assertThat((Boolean) script("return document.documentElement.scrollWidth <= window.innerWidth;"))
          .as("no sideways scrolling on a laptop").isTrue();
      screenshot("dashboard-laptop.png");
    } finally {
      viewport(1920, 1080);
    }
  }

  @Test
  void shouldShowMoneyInPoundsWithThousandsSeparatorsAndTheTimeOfTheLastUpdate() {
    open(room.url());
    await().atMost(WAIT).until(() -> tileValue("arrests") == expected.get(Metric.ARRESTS));

    assertThat(tileText("cash")).matches("£\\d{1,3}(,\\d{3})+");
    assertThat(tileText("drugs")).matches("£\\d{1,3}(,\\d{3})+");
    assertThat(browser.findElement(By.id("last-update")).getAttribute("datetime")).isNotBlank();
    assertThat(browser.findElements(By.cssSelector("#charts svg rect.bar"))).hasSize(8 * 7);
    assertThat(browser.findElements(By.cssSelector("#forces-table tbody tr"))).hasSize(ReferenceData.defaults().forces().size());
    assertThat(browser.findElements(By.cssSelector("#regions-table tbody tr"))).hasSize(ReferenceData.defaults().regions().size());
  }

  @Test
  void shouldSortAForcesColumnFromTheKeyboard() {
    open(room.url());
    await().atMost(WAIT).until(() -> tileValue("arrests") == expected.get(Metric.ARRESTS));
    WebElement forceHeader = browser.findElement(By.cssSelector("#forces-table thead button[data-sort='name']"));

    forceHeader.sendKeys(Keys.ENTER);

    assertThat(sortOf("forces", "name")).isEqualTo("ascending");
    List<String> names = columnTexts("forces", 1);
    assertThat(names).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);

    browser.findElement(By.cssSelector("#forces-table thead button[data-sort='warrants']")).sendKeys(Keys.SPACE);

    assertThat(sortOf("forces", "warrants")).isEqualTo("descending");
    assertThat(sortOf("forces", "name")).isNull();
    List<Long> warrants = columnTexts("forces", 3).stream().map(DashboardBrowserIT::number).toList();
    assertThat(warrants).isSortedAccordingTo((a, b) -> Long.compare(b, a));
  }

  @Test
  void shouldSwitchOperationFromTheKeyboardPicker() {
    open(room.url());
    await().atMost(WAIT).until(() -> tileValue("arrests") == expected.get(Metric.ARRESTS));
    WebElement picker = browser.findElement(By.id("operation-picker"));
    assertThat(browser.findElement(By.cssSelector("label[for='operation-picker']")).getText()).isEqualTo("Operation");

    // Type-ahead, as a keyboard user picks from a long list (other tests' operations share the broker).
    picker.sendKeys("County Lines Intensification Week, May");

    await().atMost(LIVE).until(() -> tileValue("arrests") == 641);
    assertThat(browser.getCurrentUrl()).contains("operation=" + PREVIOUS);
    assertThat(browser.findElement(By.id("operation-meta")).getText()).contains("May 2022").containsIgnoringCase("closed");
  }

  @Test
  void shouldShowReconnectingWhenTheServerStopsAndRecoverWhenItIsBack() throws Exception {
    int port = freePort();
    ControlRoomServer first = new ControlRoomServer(kafka.controlRoomConfig().withPort(port)).start();
    ControlRoomServer second = null;
    try {
      assertThat(first.awaitCaughtUp(WAIT)).isTrue();
      open(first.url());
      await().atMost(WAIT).until(() -> "live".equals(connection()));

      first.close();

      await().atMost(LIVE).until(() -> "reconnecting".equals(connection()));
      assertThat(browser.findElement(By.id("connection-text")).getText()).isEqualTo("Reconnecting…");
      assertThat(browser.findElement(By.id("banner")).isDisplayed()).isTrue();
      screenshot("dashboard-reconnecting.png");

      second = new ControlRoomServer(kafka.controlRoomConfig().withPort(port)).start();
      await().atMost(Duration.ofSeconds(30)).until(() -> "live".equals(connection()));
      assertThat(tileValue("arrests")).isEqualTo(expected.get(Metric.ARRESTS));
      assertThat(browser.findElement(By.id("banner")).isDisplayed()).isFalse();
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  @Test
  void shouldMeetContrastAndLabellingRulesOfWcagAa() {
    open(room.url());
    await().atMost(WAIT).until(() -> tileValue("arrests") == expected.get(Metric.ARRESTS));

    assertThat(browser.findElements(By.cssSelector(".tile-value[aria-live='polite']"))).hasSize(8);
    assertThat(browser.findElements(By.cssSelector("table.figures thead th"))).allSatisfy(th ->
        assertThat(th.findElements(By.tagName("button"))).hasSize(1));
    assertThat(browser.findElements(By.cssSelector("#charts svg[role='img']"))).allSatisfy(svg ->
        assertThat(svg.getAttribute("aria-label")).contains(" by day: "));
    Object worst = script(CONTRAST_SCRIPT);
    assertThat(((Number) worst).doubleValue()).as("lowest text contrast on the page").isGreaterThanOrEqualTo(4.5);
  }

  @Test
  void shouldPublishTheKafkaStreamsMetricsOfARoleInTheSameProcess() {
    String metrics = Http.get(room.url() + "/metrics", "text/plain").body();

    assertThat(metrics).containsPattern("kafka_stream_[a-z_]+\\{[^}]*role=\"streams\"");
    assertThat(metrics).contains("countline_controlroom_totals_updates_total{scope=\"force\"}");
  }

  // ---- helpers ----

  /** Publishes the events, waits for Kafka's acknowledgements, and adds them to {@link #expected}. */
  private static void publish(List<FieldEvent> events) throws Exception {
    List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
    for (FieldEvent e : events) {
      sends.add(publisher.publish(e));
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    events.forEach(e -> expected.add(Contribution.of(e)));
  }

  private static void awaitNationalArrests(String url, long arrests, Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
      Http.Response r = Http.get(url + "/api/operations/" + OP + "/totals");
      return r.status() == 200 && r.json().get("national").get("arrests").asLong() == arrests;
    });
  }

  private static ChromeDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + browserProfile.toAbsolutePath(), "--window-size=1920,1080", "--lang=en-GB");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    browser = driver;
    // --window-size includes the (invisible) window frame; the wall screen's viewport is 1920x1080.
    viewport(1920, 1080);
    return driver;
  }

  private static void viewport(int width, int height) {
    browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
  }

  private static void open(String base) {
    browser.get(base + "/?operation=" + OP);
    await().atMost(WAIT).until(() -> "live".equals(connection()));
  }

  private static String connection() {
    return (String) script("return document.body.dataset.connection;");
  }

  private static long tileValue(String figure) {
    Object value = script("var v = document.querySelector('[data-figure=\"" + figure + "\"] .tile-value');"
        + " return v && v.dataset.value ? v.dataset.value : null;");
    return value == null ? -1 : Math.round(Double.parseDouble((String) value));
  }

  private static String tileText(String figure) {
    return browser.findElement(By.cssSelector("[data-figure='" + figure + "'] .tile-value")).getText();
  }

  private static String sortOf(String table, String key) {
    return browser.findElement(By.cssSelector("#" + table + "-table thead th[data-key='" + key + "']")).getAttribute("aria-sort");
  }

  private static List<String> columnTexts(String table, int column) {
    return browser.findElements(By.cssSelector("#" + table + "-table tbody tr > :nth-child(" + column + ")"))
        .stream().map(WebElement::getText).toList();
  }

  private static long number(String text) {
    String digits = text.replaceAll("[^0-9]", "");
    return digits.isEmpty() ? 0 : Long.parseLong(digits);
  }

  /** Returns after the page has drawn twice, so that a re-render queued by a resize has happened. */
  private static void nextFrames() {
    ((JavascriptExecutor) browser).executeAsyncScript(
        "var done = arguments[arguments.length - 1];"
            + " requestAnimationFrame(function () { requestAnimationFrame(function () { done(); }); });");
  }

  private static Object script(String js) {
    return ((JavascriptExecutor) browser).executeScript(js);
  }

  private static void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The lowest WCAG contrast ratio between the text of the page's readable elements (and the
   * chart labels) and the first opaque background behind them.
   */
  private static final String CONTRAST_SCRIPT = """
      function rgb(c) { var m = c.match(/[\\d.]+/g).map(Number); return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 }; }
      function lum(c) {
        return [c.r, c.g, c.b].map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
          .reduce(function (s, v, i) { return s + v * [0.2126, 0.7152, 0.0722][i]; }, 0);
      }
      function background(node) {
        for (var n = node; n && n.nodeType === 1; n = n.parentElement) {
          var c = rgb(getComputedStyle(n).backgroundColor);
          if (c.a === 1) { return c; }
        }
        return rgb(getComputedStyle(document.body).backgroundColor);
      }
      var worst = 21;
      var selector = '.tile-label, .tile-value, .tile-detail, .figures td, .figures thead button, .operation-meta,'
        + ' .figures tbody th, .last-update, .section-title, .chart figcaption, .connection, .picker label, .picker select, .chart text';
      document.querySelectorAll(selector).forEach(function (node) {
        var style = getComputedStyle(node);
        var fg = rgb(node instanceof SVGElement ? style.fill : style.color);
        var bg = background(node instanceof SVGElement ? node.ownerSVGElement : node);
        var a = lum(fg), b = lum(bg);
        var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < worst) { worst = ratio; }
      });
      return worst;
      """;
}
