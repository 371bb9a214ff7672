package org.countline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;
import org.countline.avro.Arrest;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.Source;
import org.countline.avro.Totals;
import org.countline.avro.Withdrawal;
import org.countline.core.Metric;
import org.countline.core.ReferenceData;
import org.countline.core.Tally;
import org.countline.registry.serde.SpecificAvroDeserializer;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.registry.testing.EmbeddedKafkaExtension;
import org.countline.streams.Topics;
import org.countline.streams.TopologyOptions;
import org.countline.streams.TotalsApp;
import org.countline.streams.TotalsReader;
import org.countline.streams.TotalsSerdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The field app in real headless Chromium on a 360 x 800 phone screen, against a real gateway
 * on a real broker, with the real {@link TotalsApp} counting: what an officer taps reaches the
 * force's live totals, exactly once, with or without signal at the time.
 *
 * <p>The operation's window holds today (London time): the app stamps a report with the phone's
 * clock, as it must in the field, so this test cannot use a fixed clock as the other gateway
 * tests do. Each test reports for its own force, so their totals are independent, and opens a
 * browser with a fresh profile. Saves {@code target/field-app.png} (and the offline screen,
 * {@code target/field-app-offline.png}).
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} (or {@code -Dcountline.chromium}
 * and {@code -Dcountline.chromedriver}); fails, rather than skips, without them.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class FieldAppBrowserIT {
  private static final Path CHROMIUM = Path.of(System.getProperty("countline.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("countline.chromedriver", "/usr/bin/chromedriver"));
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String OP = "field-app-week";
  private static final String OTHER_OP = "field-app-other-week";
  private static final String OP_NAME = "Field app test week";
  private static final String CLOSING_OP = "field-app-closing-week";

  @TempDir static Path stateDir;

  private static Fixture fixture;
  private static TotalsApp totals;
  private static GatewayServer gateway;
  private static Http http;
  private static final Map<String, String> tokens = new HashMap<>();

  private ChromeDriver browser;
  @TempDir Path profile;

  @BeforeAll
  static void start(EmbeddedKafka kafka) throws Exception {
    assertThat(Files.isExecutable(CHROMIUM))
        .as("Chromium is needed for the field app test at %s (Debian: apt-get install -y chromium chromium-driver;"
            + " or set -Dcountline.chromium=PATH)", CHROMIUM)
        .isTrue();
    assertThat(Files.isExecutable(CHROMEDRIVER))
        .as("chromedriver is needed for the field app test at %s (Debian: apt-get install -y chromium-driver;"
            + " or set -Dcountline.chromedriver=PATH)", CHROMEDRIVER)
        .isTrue();
    fixture = Fixture.start(kafka.bootstrapServers());
    // Today's week, by the wall clock: the phone stamps reports with it (see the class comment).
    LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
    fixture.publish(week(OP, OP_NAME, today), week(OTHER_OP, "Another open week", today),
        week(CLOSING_OP, "A week closed early", today));
    for (String force : List.of("essex", "surrey", "sussex", "hampshire", "kent", "norfolk")) {
      tokens.put(force, GatewayTokens.issue(fixture.bootstrap, ReferenceData.defaults(), force, Clock.systemUTC()));
    }
    Properties overrides = new Properties();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, "gateway-field-app-it");
    totals = new TotalsApp(TotalsApp.config(fixture.bootstrap, stateDir.toString(), overrides),
        TotalsSerdes.fromRegistry(fixture.serdeConfig), TopologyOptions.defaults());
    totals.start();
    gateway = newGateway(0);
    http = new Http(gateway.url());
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (totals != null) {
      totals.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @BeforeEach
  void openBrowser() {
    browser = chromium(profile);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  // --- 1. two taps -----------------------------------------------------------------------------

  @Test
  void shouldCountAnArrestReportedInTwoTaps() {
    open(gateway.url());
    setUp("essex", null);

    click(By.cssSelector("#types button[data-type='arrest']"));
    assertThat(find("types").isDisplayed()).as("the form replaces the types").isFalse();
    assertThat(find(fieldId("arrest.count")).getAttribute("value")).as("one arrest unless told").isEqualTo("1");
    click(By.id("send"));

    awaitReports(1, "sent");
    String eventId = browser.findElement(By.cssSelector("#reports li")).getAttribute("data-event-id");
    assertThat(eventId).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(queueText()).isEqualTo("Nothing waiting to be sent");
    awaitForceTotals("essex", t -> {
      assertThat(t.get(Metric.EVENTS)).isEqualTo(1);
      assertThat(t.get(Metric.ARRESTS)).isEqualTo(1);
      assertThat(t.get(Metric.CHARGED)).isZero();
    });
    List<FieldEvent> onTopic = events("essex");
    assertThat(onTopic).hasSize(1);
    FieldEvent event = onTopic.get(0);
    assertThat(event.getEventId()).isEqualTo(eventId);
    assertThat(event.getRevision()).isEqualTo(1);
    assertThat(event.getSource()).isEqualTo(Source.GATEWAY);
    assertThat(((Arrest) event.getPayload()).getCount()).isEqualTo(1);
  }

  // --- 2. without signal -----------------------------------------------------------------------

  @Test
  void shouldKeepReportsMadeWithoutSignalAndCountThemOnceWhenItReturns() throws Exception {
    int port = freePort();
    GatewayServer first = newGateway(port);
    GatewayServer second = null;
    try {
      open(first.url());
      setUp("surrey", "pc-4411");
      await().atMost(WAIT).until(() -> (Boolean) script("return !!navigator.serviceWorker.controller;"));

      first.close();
      click(By.cssSelector("#types button[data-type='arrest']"));
      click(By.id("send"));
      await().atMost(WAIT).until(() -> "1 waiting to be sent".equals(queueText()));

      click(By.cssSelector("#types button[data-type='seizure']"));
      click(By.id("add-drug"));
      new Select(find("f-seizure-drugs-0-drug")).selectByValue("cocaine");
      type("f-seizure-drugs-0-quantity", "12.5");
      new Select(find("f-seizure-drugs-0-unit")).selectByValue("g");
      type("f-seizure-drugs-0-valueGbp", "800");
      click(By.id("add-drug"));
      new Select(find("f-seizure-drugs-1-drug")).selectByValue("class_a_wraps");
      assertThat(new Select(find("f-seizure-drugs-1-unit")).getFirstSelectedOption().getAttribute("value"))
          .as("wraps are counted").isEqualTo("count");
      type("f-seizure-drugs-1-quantity", "30");
      type("f-seizure-cashGbp", "1500.50");
      click(By.id("add-weapon"));
      new Select(find("f-seizure-weapons-0-type")).selectByValue("bladed");
      click(By.cssSelector("button[aria-label='One more: How many']"));
      for (int i = 0; i < 3; i++) {
        click(By.cssSelector("button[aria-label='One more: Phones seized']"));
      }
      click(By.id("send"));

      await().atMost(WAIT).until(() -> "2 waiting to be sent".equals(queueText()));
      assertThat(browser.findElements(By.cssSelector("#reports li[data-state='waiting']"))).hasSize(2);
      assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("No connection");
      screenshot("field-app-offline.png");
      assertThat(events("surrey")).as("nothing reached Kafka without the gateway").isEmpty();
      // The phone restarts the app with no signal: the service worker's copy opens, the queue is still there.
      browser.navigate().refresh();
      await().atMost(WAIT).until(() -> "true".equals(script("return document.body.dataset.ready;")));
      assertThat(queueText()).isEqualTo("2 waiting to be sent");
      assertThat(new Select(find("operation")).getFirstSelectedOption().getAttribute("value")).isEqualTo(OP);
      assertThat(browser.findElements(By.cssSelector("#types button"))).hasSize(7);

      second = newGateway(port);

      awaitReports(2, "sent");
      assertThat(queueText()).isEqualTo("Nothing waiting to be sent");
      script("window.scrollTo(0, 0);");
      screenshot("field-app.png");
      Set<String> ids = new HashSet<>();
      browser.findElements(By.cssSelector("#reports li")).forEach(li -> ids.add(li.getAttribute("data-event-id")));
      awaitForceTotals("surrey", t -> {
        assertThat(t.get(Metric.EVENTS)).isEqualTo(2);
        assertThat(t.get(Metric.ARRESTS)).isEqualTo(1);
        assertThat(t.get(Metric.COCAINE)).as("milligrams").isEqualTo(12_500);
        assertThat(t.get(Metric.CLASS_A_WRAPS)).isEqualTo(30);
        assertThat(t.get(Metric.DRUGS_VALUE)).as("pence").isEqualTo(80_000);
        assertThat(t.get(Metric.CASH)).as("pence").isEqualTo(150_050);
        assertThat(t.get(Metric.BLADED_WEAPONS)).isEqualTo(2);
        assertThat(t.get(Metric.PHONES)).isEqualTo(3);
      });
      // A resend after an unknown outcome may leave a second record; it must be the same event.
      List<FieldEvent> onTopic = events("surrey");
      Set<String> distinct = new HashSet<>();
      onTopic.forEach(e -> distinct.add(e.getEventId() + "@" + e.getRevision()));
      assertThat(distinct).hasSize(2);
      assertThat(onTopic).extracting(FieldEvent::getEventId).allMatch(ids::contains);
      assertThat(onTopic).extracting(FieldEvent::getReporter).containsOnly("pc-4411");
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  // --- 3. checks, amend, withdraw --------------------------------------------------------------

  @Test
  void shouldRefuseOnTheDeviceWithTheGatewaysMessageAndSendNothing() {
    open(gateway.url());
    setUp("sussex", null);

    click(By.cssSelector("#types button[data-type='seizure']"));
    click(By.id("add-drug"));
    type("f-seizure-drugs-0-quantity", "-5");
    click(By.id("send"));

    String shown = browser.findElement(By.cssSelector("[data-error-for='seizure.drugs[0].quantity']")).getText();
    assertThat(shown).isEqualTo("must be >= 0");
    assertThat(find("f-seizure-drugs-0-quantity").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Not sent: 1 field to correct.");
    ObjectNode same = event("sussex", "seizure");
    ((ObjectNode) same.path("seizure")).putArray("drugs").addObject()
        .put("drug", "cocaine").put("quantity", -5).put("unit", "g");
    Http.Answer gatewaySays = http.post("/v1/events", tokens.get("sussex"), same.toString());
    assertThat(gatewaySays.status()).isEqualTo(400);
    assertThat(gatewaySays.json().path("errors").get(0).path("field").asText()).isEqualTo("seizure.drugs[0].quantity");
    assertThat(gatewaySays.json().path("errors").get(0).path("message").asText()).isEqualTo(shown);
    assertThat(queueText()).isEqualTo("Nothing waiting to be sent");
    assertThat(browser.findElements(By.cssSelector("#reports li"))).isEmpty();
    assertThat(events("sussex")).isEmpty();
  }

  @Test
  void shouldGiveTheSameAnswerOnTheDeviceAsTheGatewayForEveryRule() {
    open(gateway.url());
    setUp("sussex", null);
    List<ObjectNode> bodies = new java.util.ArrayList<>();
    bodies.add(arrest(-1));
    bodies.add(arrest(2.5));
    bodies.add(arrest(3_000_000_000L));
    bodies.add(seizure(s -> s.put("cashGbp", 10.005)));
    bodies.add(seizure(s -> s.put("cashGbp", 2_000_000_000_000L).put("phones", -2)));
    bodies.add(seizure(s -> s.putArray("drugs").addObject().put("drug", "cocaine").put("quantity", 1.0005).put("unit", "g")));
    bodies.add(seizure(s -> s.putArray("drugs").addObject().put("drug", "cocaine").put("quantity", 2_000_000_000L).put("unit", "kg")));
    bodies.add(seizure(s -> s.putArray("drugs").addObject().put("drug", "cannabis_plants").put("quantity", 4).put("unit", "g")));
    bodies.add(seizure(s -> s.putArray("drugs").addObject().put("drug", "heroin").put("quantity", 4).put("unit", "count")));
    bodies.add(seizure(s -> s.putArray("drugs").addObject().put("drug", "ketamine").put("quantity", 4).put("unit", "g")));
    bodies.add(seizure(s -> s.putArray("drugs").addObject().put("drug", "class_a_wraps").put("quantity", 2.5).put("unit", "count")));
    bodies.add(seizure(s -> s.putArray("drugs").addObject().put("drug", "cocaine").put("unit", "g").put("valueGbp", -1)));
    bodies.add(seizure(s -> s.putArray("weapons").addObject().put("type", "spoon")));
    bodies.add(seizure(s -> s.putArray("weapons").addObject().put("type", "firearm").put("count", -1)));
    bodies.add(event("sussex", "safeguarding").put("reporter", "John Smith"));
    ObjectNode engagement = event("sussex", "engagement");
    engagement.putObject("engagement").put("schools", 1.5).put("partners", -3);
    bodies.add(engagement);
    bodies.add(event("sussex", "vehicle_stop").put("occurredAt", "2022-10-04T09:30:00+01:00"));

    for (ObjectNode body : bodies) {
      Http.Answer answer = http.post("/v1/events", tokens.get("sussex"), body.toString());
      assertThat(answer.status()).as(body + " -> " + answer).isEqualTo(400);
      assertThat(onDevice(body)).as("the device's answer to %s", body).containsExactlyInAnyOrderElementsOf(errors(answer.json()));
    }
    assertThat(onDevice(arrest(2))).as("a good report passes on the device").isEmpty();
    assertThat(events("sussex")).isEmpty();
  }

  @Test
  void shouldAmendAndWithdrawOwnReports() {
    open(gateway.url());
    setUp("hampshire", null);
    click(By.cssSelector("#types button[data-type='arrest']"));
    click(By.id("send"));
    awaitReports(1, "sent");
    click(By.cssSelector("#types button[data-type='warrant']"));
    click(By.id("send"));
    awaitReports(2, "sent");
    String warrant = browser.findElement(By.cssSelector("#reports li:nth-child(1)")).getAttribute("data-event-id");
    String arrest = browser.findElement(By.cssSelector("#reports li:nth-child(2)")).getAttribute("data-event-id");

    click(By.cssSelector("#reports li[data-event-id='" + arrest + "'] button[data-action='amend']"));
    type("f-arrest-count", "3");
    type("f-arrest-charged", "2");
    click(By.id("send"));
    await().atMost(WAIT).until(() -> "2".equals(report(arrest).getAttribute("data-revision"))
        && "sent".equals(report(arrest).getAttribute("data-state")));

    click(By.cssSelector("#reports li[data-event-id='" + warrant + "'] button[data-action='withdraw']"));
    new Select(find("withdraw-reason")).selectByValue("reported twice");
    click(By.id("withdraw-confirm"));
    await().atMost(WAIT).until(() -> "withdrawn".equals(report(warrant).getAttribute("data-state")));
    assertThat(report(warrant).findElements(By.cssSelector("button"))).as("nothing more to do with it").isEmpty();

    awaitForceTotals("hampshire", t -> {
      assertThat(t.get(Metric.EVENTS)).isEqualTo(1);
      assertThat(t.get(Metric.ARRESTS)).isEqualTo(3);
      assertThat(t.get(Metric.CHARGED)).isEqualTo(2);
      assertThat(t.get(Metric.WARRANTS)).isZero();
    });
    List<FieldEvent> onTopic = events("hampshire");
    FieldEvent amended = onTopic.stream().filter(e -> e.getEventId().equals(arrest) && e.getRevision() == 2).findFirst().orElseThrow();
    assertThat(((Arrest) amended.getPayload()).getCount()).isEqualTo(3);
    FieldEvent withdrawal = onTopic.stream().filter(e -> e.getEventId().equals(warrant) && e.getRevision() == 2).findFirst().orElseThrow();
    assertThat(withdrawal.getPayload()).isInstanceOf(Withdrawal.class);
    assertThat(((Withdrawal) withdrawal.getPayload()).getReason()).isEqualTo("reported twice");
  }

  @Test
  void shouldMarkAReportTheGatewayRefusesAsRefusedWithItsMessages() throws Exception {
    open(gateway.url());
    setUp("norfolk", null);
    new Select(find("operation")).selectByValue(CLOSING_OP);
    // The operation closes after the device listed it: only the gateway can know.
    Operation closed = week(CLOSING_OP, "A week closed early", LocalDate.now(ZoneId.of("Europe/London")));
    closed.setStatus(org.countline.avro.OperationStatus.CLOSED);
    closed.setClosedAt(java.time.Instant.now().minusSeconds(60));
    fixture.publish(closed);
    await().atMost(WAIT).until(() -> !http.send(http.request("/v1/operations", tokens.get("norfolk")).GET().build())
        .body().contains(CLOSING_OP));

    click(By.cssSelector("#types button[data-type='arrest']"));
    click(By.id("send"));

    awaitReports(1, "refused");
    assertThat(browser.findElement(By.cssSelector("#reports li .errors")).getText())
        .isEqualTo("operationId: operation '" + CLOSING_OP + "' is closed");
    assertThat(queueText()).isEqualTo("Nothing waiting to be sent");
    assertThat(find("status").getText()).contains("refused").contains("is closed");
    assertThat(fixture.events(CLOSING_OP)).isEmpty();
  }

  // --- 4. keyboard, labels, small screens ------------------------------------------------------

  @Test
  void shouldBeUsableByKeyboardWithEveryControlNamedOnA360PixelScreen() throws Exception {
    open(gateway.url());
    assertEveryControlNamed();
    assertFits(360);

    tabTo("token");
    assertFocusVisible();
    browser.switchTo().activeElement().sendKeys(tokens.get("kent"));
    tabTo("reporter");
    browser.switchTo().activeElement().sendKeys("pc-2020", Keys.ENTER);
    await().atMost(WAIT).until(() -> find("operation").isDisplayed() && optionCount() > 1);
    tabTo("operation");
    browser.switchTo().activeElement().sendKeys(OP_NAME);
    assertThat(new Select(find("operation")).getFirstSelectedOption().getAttribute("value")).isEqualTo(OP);
    tabTo(By.cssSelector("#types button[data-type='seizure']"));
    assertFocusVisible();
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    assertThat(browser.switchTo().activeElement().getAttribute("id")).as("focus moves to the form").isEqualTo("form-title");
    tabTo("add-drug");
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    tabTo("add-weapon");
    browser.switchTo().activeElement().sendKeys(Keys.SPACE);
    assertEveryControlNamed();
    assertFits(360);
    assertThat(((Number) script(CONTRAST_SCRIPT)).doubleValue()).as("lowest text contrast").isGreaterThanOrEqualTo(4.5);
    screenshot("field-app-seizure.png");

    tabTo("cancel");
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    tabTo(By.cssSelector("#types button[data-type='deal_line_closed']"));
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    tabTo("send");
    assertFocusVisible();
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    assertThat(find("status").getAttribute("aria-live")).isEqualTo("polite");
    awaitReports(1, "sent");
    assertEveryControlNamed();
    assertFits(360);

    viewport(800, 1280);
    nextFrames();
    assertFits(800);
    viewport(360, 800);
  }

  // --- the browser ---------------------------------------------------------------------------

  private static ChromeDriver chromium(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=360,800", "--lang=en-GB");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", 360, "height", 800, "deviceScaleFactor", 1, "mobile", true));
    return driver;
  }

  private void viewport(int width, int height) {
    browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
  }

  private void open(String base) {
    browser.get(base + "/app");
    assertThat(browser.getCurrentUrl()).isEqualTo(base + "/app/");
    await().atMost(WAIT).until(() -> "true".equals(script("return document.body.dataset.ready;")));
  }

  /** Enters the force's token (and an officer id), then picks the test's operation. */
  private void setUp(String force, String reporter) {
    type("token", tokens.get(force));
    if (reporter != null) {
      type("reporter", reporter);
    }
    click(By.id("save-setup"));
    await().atMost(WAIT).until(() -> find("operation").isDisplayed() && optionCount() > 1);
    assertThat(find("force-line").getText()).startsWith("Reporting for ");
    new Select(find("operation")).selectByValue(OP);
  }

  private long optionCount() {
    return ((Number) script("return document.querySelectorAll('#operation option[value]:not([value=\"\"])').length;")).longValue();
  }

  private static String fieldId(String path) {
    return "f-" + path.replaceAll("[^A-Za-z0-9]+", "-");
  }

  private WebElement find(String id) {
    return browser.findElement(By.id(id));
  }

  private void click(By by) {
    browser.findElement(by).click();
  }

  private void type(String id, String text) {
    WebElement input = find(id);
    input.clear();
    input.sendKeys(text);
  }

  private String queueText() {
    return find("queue").getText();
  }

  private WebElement report(String eventId) {
    return browser.findElement(By.cssSelector("#reports li[data-event-id='" + eventId + "']"));
  }

  private void awaitReports(int count, String state) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() ->
        browser.findElements(By.cssSelector("#reports li[data-state='" + state + "']")).size() == count);
  }

  /** The device's errors for a body: the form's own check, with the operation as listed by the gateway. */
  @SuppressWarnings("unchecked")
  private Set<String> onDevice(JsonNode body) {
    Object errors = script("var ops = JSON.parse(localStorage.getItem('countline.operations')); var id = arguments[1];"
        + " var op = ops.filter(function (o) { return o.id === id; })[0];"
        + " return window.countline.validate(JSON.parse(arguments[0]), op)"
        + ".map(function (e) { return e.field + ': ' + e.message; });", body.toString(), OP);
    return new HashSet<>((List<String>) errors);
  }

  private static Set<String> errors(JsonNode answer) {
    Set<String> out = new HashSet<>();
    answer.path("errors").forEach(e -> out.add(e.path("field").asText() + ": " + e.path("message").asText()));
    return out;
  }

  private void tabTo(String id) {
    tabTo(By.id(id));
  }

  /** Presses Tab until the element has the focus, as a keyboard user would. */
  private void tabTo(By by) {
    WebElement target = browser.findElement(by);
    for (int i = 0; i < 60; i++) {
      if (browser.switchTo().activeElement().equals(target)) {
        return;
      }
      new Actions(browser).sendKeys(Keys.TAB).perform();
    }
    throw new AssertionError("Tab never reaches " + by);
  }

  private void assertFocusVisible() {
    WebElement focused = browser.switchTo().activeElement();
    String style = (String) script("var s = getComputedStyle(document.activeElement);"
        + " return s.outlineStyle + ' ' + s.outlineWidth;");
    assertThat(style).as("focus ring of %s", focused.getAttribute("id")).doesNotStartWith("none").doesNotEndWith(" 0px");
  }

  private void assertEveryControlNamed() {
    List<WebElement> controls = browser.findElements(By.cssSelector("input, select, button, textarea, summary, a[href]"));
    assertThat(controls).isNotEmpty();
    for (WebElement c : controls) {
      if (c.isDisplayed()) {
        assertThat(c.getAccessibleName()).as("accessible name of %s#%s", c.getTagName(), c.getAttribute("id")).isNotBlank();
      }
    }
  }

  private void assertFits(int width) {
    assertThat(((Number) script("return window.innerWidth;")).intValue()).isEqualTo(width);
    assertThat((Boolean) script("return document.documentElement.scrollWidth <= window.innerWidth;"))
        .as("no sideways scrolling at %d px", width).isTrue();
    Object clipped = script("return Array.prototype.filter.call(document.querySelectorAll('button, label, legend, h1, h2, h3, p, select'),"
        + " function (e) { return e.offsetParent && !e.closest('.visually-hidden') && e.scrollWidth > e.clientWidth + 1; })"
        + ".map(function (e) { return e.tagName + '#' + e.id + ' ' + e.textContent.trim(); });");
    assertThat((List<?>) clipped).as("text wider than its box at %d px", width).isEmpty();
  }

  private void nextFrames() {
    ((JavascriptExecutor) browser).executeAsyncScript(
        "var done = arguments[arguments.length - 1];"
            + " requestAnimationFrame(function () { requestAnimationFrame(function () { done(); }); });");
  }

  private Object script(String js, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(js, args);
  }

  private void screenshot(String name) throws IOException {
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(Path.of("target"));
    Files.copy(shot, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
  }

  // --- Kafka -----------------------------------------------------------------------------------

  private static GatewayServer newGateway(int port) throws InterruptedException {
    GatewayServer g = new GatewayServer(GatewayConfig.builder(fixture.bootstrap, fixture.serdeConfig).port(port).build()).start();
    assertThat(g.awaitReady(WAIT)).isTrue();
    return g;
  }

  private static Operation week(String id, String name, LocalDate today) {
    Operation o = Fixture.operation(id);
    o.setName(name);
    o.setStart(today.minusDays(3));
    o.setEnd(today.plusDays(3));
    return o;
  }

  private static List<FieldEvent> events(String force) {
    return fixture.events(OP).stream().filter(e -> e.getForce().equals(force)).toList();
  }

  private static void awaitForceTotals(String force, java.util.function.Consumer<Tally> check) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      SpecificAvroDeserializer<Totals> values = new SpecificAvroDeserializer<>(Totals.class);
      values.configure(fixture.serdeConfig, false);
      Map<String, Totals> latest = TotalsReader.latest(fixture.bootstrap, Topics.TOTALS_FORCE, values,
          k -> k.equals(OP + "/" + force), Duration.ofSeconds(30));
      assertThat(latest).as("force totals of %s/%s", OP, force).containsKey(OP + "/" + force);
      check.accept(Tally.fromAvro(latest.get(OP + "/" + force)));
    });
  }

  private static ObjectNode event(String force, String type) {
    ObjectNode e = Http.JSON.createObjectNode()
        .put("eventId", java.util.UUID.randomUUID().toString()).put("revision", 1)
        .put("operationId", OP).put("force", force).put("type", type)
        .put("occurredAt", java.time.OffsetDateTime.now(ZoneId.of("Europe/London")).toString());
    e.putObject(type);
    return e;
  }

  private static ObjectNode arrest(Number count) {
    ObjectNode e = event("sussex", "arrest");
    ((ObjectNode) e.path("arrest")).set("count", Http.JSON.valueToTree(count));
    return e;
  }

  private static ObjectNode seizure(java.util.function.Consumer<ObjectNode> body) {
    ObjectNode e = event("sussex", "seizure");
    body.accept((ObjectNode) e.path("seizure"));
    return e;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lowest WCAG contrast ratio between text and the first opaque background behind it. */
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
        return { r: 255, g: 255, b: 255, a: 1 };
      }
      var worst = 21;
      document.querySelectorAll('h1, h2, h3, p, label, legend, button, select, input, summary, li, span').forEach(function (node) {
        if (!node.offsetParent && node.tagName !== 'BODY') { return; }
        if (!Array.prototype.some.call(node.childNodes, function (c) { return c.nodeType === 3 && c.textContent.trim(); })
            && node.tagName !== 'INPUT' && node.tagName !== 'SELECT') { return; }
        var fg = rgb(getComputedStyle(node).color);
        var bg = background(node);
        var a = lum(fg), b = lum(bg);
        var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < worst) { worst = ratio; }
      });
      return worst;
      """;
}
