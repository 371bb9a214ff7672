package org.countline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.core.ReferenceData;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.registry.testing.EmbeddedKafkaExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the field app needs from the gateway over real HTTP: its files at {@code /app/} with the
 * right content types and headers, and {@code GET /v1/operations} (the token's force and the
 * operations open at the gateway's time).
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class FieldAppServingIT {
  static final String OPEN_OP = "app-open-2022-10";
  static final String LATER_OP = "app-later-2022-11";
  static final String CLOSED_OP = "app-closed-2022-10";
  /** Wednesday of the week of OPEN_OP, noon London time. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2022-10-05T11:00:00Z"), ZoneOffset.UTC);

  static Fixture fixture;
  static GatewayServer gateway;
  static Http http;
  static String essex;

  @BeforeAll
  static void start(EmbeddedKafka kafka) throws Exception {
    fixture = Fixture.start(kafka.bootstrapServers());
    Operation later = Fixture.operation(LATER_OP);
    later.setStart(LocalDate.of(2022, 11, 7));
    later.setEnd(LocalDate.of(2022, 11, 13));
    Operation closed = Fixture.operation(CLOSED_OP);
    closed.setStatus(OperationStatus.CLOSED);
    closed.setClosedAt(Instant.parse("2022-10-04T00:00:00Z"));
    fixture.publish(Fixture.operation(OPEN_OP), later, closed);
    essex = GatewayTokens.issue(fixture.bootstrap, ReferenceData.defaults(), "essex", CLOCK);
    gateway = new GatewayServer(GatewayConfig.builder(fixture.bootstrap, fixture.serdeConfig)
        .port(0).clock(CLOCK).build()).start();
    assertThat(gateway.awaitReady(Duration.ofSeconds(60))).isTrue();
    http = new Http(gateway.url());
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void shouldServeEveryFileOfTheAppWithItsContentType() {
    assertServed("/app/", "text/html; charset=utf-8", "<title>Countline field reports</title>");
    assertServed("/app/index.html", "text/html; charset=utf-8", "<main>");
    assertServed("/app/app.css", "text/css; charset=utf-8", ":focus");
    assertServed("/app/app.js", "text/javascript; charset=utf-8", "crypto.randomUUID");
    assertServed("/app/rules.js", "text/javascript; charset=utf-8", "CountlineRules");
    assertServed("/app/sw.js", "text/javascript; charset=utf-8", "caches.open");
    assertServed("/app/manifest.webmanifest", "application/manifest+json; charset=utf-8", "\"start_url\": \"/app/\"");
    assertServed("/app/icon.svg", "image/svg+xml", "<svg");
  }

  @Test
  void shouldAllowTheServiceWorkerTheAppScopeAndProtectThePage() {
    Http.Answer worker = http.get("/app/sw.js");
    assertThat(worker.header("Service-Worker-Allowed")).isEqualTo("/app/");
    assertThat(worker.header("Cache-Control")).isEqualTo("no-cache");

    Http.Answer page = http.get("/app/");
    assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'").contains("frame-ancestors 'none'");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.header("Service-Worker-Allowed")).isNull();
  }

  @Test
  void shouldCacheInTheWorkerExactlyTheFilesTheGatewayServes() {
    String worker = http.get("/app/sw.js").body();
    Matcher list = Pattern.compile("var FILES = \\[([^\\]]*)\\]").matcher(worker);
    assertThat(list.find()).as("the worker's list of files").isTrue();
    List<String> cached = new ArrayList<>();
    Matcher item = Pattern.compile("'([^']+)'").matcher(list.group(1));
    while (item.find()) {
      cached.add(item.group(1));
    }
    List<String> served = new ArrayList<>();
    new FieldApp().files().forEach(served::add);
    // The browser keeps the worker itself; it does not cache its own script.
    served.remove("sw.js");
    assertThat(cached).contains("./", "/openapi.json");
    assertThat(cached).filteredOn(f -> !f.startsWith("/") && !f.startsWith(".")).containsExactlyInAnyOrderElementsOf(served);
    for (String f : cached) {
      String path = f.startsWith("/") ? f : "/app/" + (f.equals("./") ? "" : f);
      assertThat(http.get(path).status()).as(path).isEqualTo(200);
    }
  }

  @Test
  void shouldRedirectToTheAppsAddressWithASlash() throws Exception {
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(java.net.URI.create(gateway.url() + "/app")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(r.headers().firstValue("Location")).hasValue("/app/");
  }

  @Test
  void shouldAnswerNotModifiedForAFileTheDeviceHas() throws Exception {
    String etag = http.get("/app/app.js").header("ETag");
    assertThat(etag).startsWith("\"").endsWith("\"");
    Http.Answer again = http.send(http.request("/app/app.js", null).header("If-None-Match", etag).GET().build());
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void shouldAnswerNotFoundInTheGatewaysErrorShapeForAnyOtherFile() {
    for (String path : List.of("/app/nothing.js", "/app/..%2Fopenapi.json", "/app/%2e%2e")) {
      Http.Answer answer = http.get(path);
      assertThat(answer.status()).as(path).isIn(400, 404);
      assertThat(answer.json().path("errors").isArray()).as(path + ": " + answer.body()).isTrue();
    }
  }

  @Test
  void shouldListTheOperationsOpenNowWithTheForceOfTheToken() {
    Http.Answer answer = http.send(http.request("/v1/operations", essex).GET().build());

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    JsonNode body = answer.json();
    assertThat(body.path("force").path("code").asText()).isEqualTo("essex");
    assertThat(body.path("force").path("name").asText()).isEqualTo("Essex Police");
    List<String> ids = new ArrayList<>();
    body.path("operations").forEach(o -> ids.add(o.path("id").asText()));
    // Other test classes share the broker and may add operations of the same week.
    assertThat(ids).contains(OPEN_OP).doesNotContain(LATER_OP, CLOSED_OP);
    JsonNode open = null;
    for (JsonNode o : body.path("operations")) {
      if (o.path("id").asText().equals(OPEN_OP)) {
        open = o;
      }
    }
    assertThat(open.path("start").asText()).isEqualTo("2022-10-03");
    assertThat(open.path("end").asText()).isEqualTo("2022-10-09");
    // Midnight in London, in summer time.
    assertThat(open.path("startsAt").asText()).isEqualTo("2022-10-02T23:00:00Z");
    assertThat(open.path("endsBefore").asText()).isEqualTo("2022-10-09T23:00:00Z");
  }

  @Test
  void shouldRefuseToListOperationsWithoutAValidToken() {
    Http.Answer none = http.get("/v1/operations");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().path("errors").get(0).path("field").asText()).isEqualTo("Authorization");
    Http.Answer wrong = http.send(http.request("/v1/operations", "clt_not-a-token").GET().build());
    assertThat(wrong.status()).isEqualTo(401);
  }

  private static void assertServed(String path, String contentType, String content) {
    Http.Answer answer = http.get(path);
    assertThat(answer.status()).as(path).isEqualTo(200);
    // Jetty writes the charset without the space: text/html;charset=utf-8.
    assertThat(answer.header("Content-Type").replace(" ", "")).as(path).isEqualTo(contentType.replace(" ", ""));
    assertThat(answer.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
    assertThat(answer.body()).as(path).contains(content);
  }
}
