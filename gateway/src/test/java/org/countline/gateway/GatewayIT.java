package org.countline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.avro.Arrest;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.avro.Seizure;
import org.countline.avro.Source;
import org.countline.avro.Withdrawal;
import org.countline.core.ReferenceData;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.registry.testing.EmbeddedKafkaExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway over real HTTP against a real broker and registry: every answer of the contract,
 * and what lands on {@code countline.field-events}.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class GatewayIT {
  static final String OP = "gw-2022-10";
  static final String OTHER_OP = "gw-other-2022-10";
  static final String CLOSED_OP = "gw-closed-2022-10";
  /** Wednesday of the week, noon London time: reportedAt of events without one. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2022-10-05T11:00:00Z"), ZoneOffset.UTC);

  static Fixture fixture;
  static GatewayServer gateway;
  static Http http;
  static String kent;
  static String essex;

  @BeforeAll
  static void start(EmbeddedKafka kafka) throws Exception {
    fixture = Fixture.start(kafka.bootstrapServers());
    Operation closed = Fixture.operation(CLOSED_OP);
    closed.setStatus(OperationStatus.CLOSED);
    closed.setClosedAt(Instant.parse("2022-10-04T00:00:00Z"));
    fixture.publish(Fixture.operation(OP), Fixture.operation(OTHER_OP), closed);
    kent = GatewayTokens.issue(fixture.bootstrap, ReferenceData.defaults(), "kent", CLOCK);
    essex = GatewayTokens.issue(fixture.bootstrap, ReferenceData.defaults(), "essex", CLOCK);
    gateway = new GatewayServer(GatewayConfig.builder(fixture.bootstrap, fixture.serdeConfig)
        .port(0).ackTimeout(Duration.ofSeconds(5)).clock(CLOCK).build()).start();
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

  static ObjectNode arrest(String op, String force, int count) {
    ObjectNode e = Http.JSON.createObjectNode()
        .put("operationId", op).put("force", force).put("type", "arrest")
        .put("occurredAt", "2022-10-04T09:30:00+01:00").put("reporter", "r-1842");
    e.putObject("arrest").put("count", count).put("charged", 1);
    return e;
  }

  static ObjectNode seizure(String op, String force) {
    ObjectNode e = Http.JSON.createObjectNode()
        .put("operationId", op).put("force", force).put("type", "seizure")
        .put("occurredAt", "2022-10-04T09:30:00+01:00").put("reporter", "r-1842");
    ObjectNode s = e.putObject("seizure");
    s.putArray("drugs").addObject().put("drug", "cocaine").put("quantity", 50).put("unit", "g").put("valueGbp", 2500);
    s.put("cashGbp", 1500).put("phones", 2);
    s.putArray("weapons").addObject().put("type", "bladed").put("count", 2);
    return e;
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }

  private static FieldEvent onTopic(String eventId, int revision) {
    return fixture.events(OP).stream()
        .filter(e -> e.getEventId().equals(eventId) && e.getRevision() == revision)
        .findFirst().orElseThrow(() -> new AssertionError("no record of " + eventId + " revision " + revision));
  }

  private static void assertError(Http.Answer answer, int status, String field, String messagePart) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/json");
    assertThat(answer.json().path("errors")).as(answer.toString())
        .anySatisfy(e -> {
          assertThat(e.path("field").asText()).isEqualTo(field);
          assertThat(e.path("message").asText()).contains(messagePart);
        });
    assertThat(answer.body()).doesNotContain("at org.").doesNotContain("Exception:").doesNotContain("<html");
  }

  // --- 202 -------------------------------------------------------------------------------------

  @Test
  void shouldAcceptAnEventAssignItAnIdAndHaveItOnTheTopicWhenAnswering() {
    Http.Answer answer = http.post("/v1/events", kent, seizure(OP, "kent").toString());

    assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
    String id = answer.json().path("eventId").asText();
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    assertThat(answer.json().path("revision").asInt()).isEqualTo(1);
    // 202 came after Kafka's acknowledgement: the record is there to read at once.
    FieldEvent stored = onTopic(id, 1);
    assertThat(stored.getSource()).isEqualTo(Source.GATEWAY);
    assertThat(stored.getForce()).isEqualTo("kent");
    assertThat(stored.getReportedAt()).isEqualTo(CLOCK.instant());
    assertThat(((Seizure) stored.getPayload()).getCashPence()).isEqualTo(150_000);
  }

  @Test
  void shouldAnswer202AgainForTheSameEventIdAndRevision() {
    String id = newId();
    ObjectNode body = arrest(OP, "kent", 2).put("eventId", id);
    assertThat(http.post("/v1/events", kent, body.toString()).status()).isEqualTo(202);
    Http.Answer again = http.post("/v1/events", kent, body.toString());

    assertThat(again.status()).isEqualTo(202);
    assertThat(again.json().path("eventId").asText()).isEqualTo(id);
    assertThat(again.json().path("revision").asInt()).isEqualTo(1);
  }

  @Test
  void shouldTakeAnUpperCaseEventIdAsTheSameEvent() {
    String id = newId();
    Http.Answer answer = http.post("/v1/events", kent, arrest(OP, "kent", 1).put("eventId", id.toUpperCase()).toString());
    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.json().path("eventId").asText()).isEqualTo(id);
  }

  // --- 401 / 403 -------------------------------------------------------------------------------

  @Test
  void shouldRefuseARequestWithoutAValidToken() {
    String body = arrest(OP, "kent", 1).toString();
    Http.Answer none = http.post("/v1/events", null, body);
    assertError(none, 401, "Authorization", "token is required");
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");

    assertError(http.post("/v1/events", "clt_not-a-real-token", body), 401, "Authorization", "not valid");
    assertError(http.send(http.request("/v1/events", null).header("Authorization", "Basic a2VudDprZW50")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build()),
        401, "Authorization", "token is required");
  }

  @Test
  void shouldNeverEchoTheTokenBack() {
    String bad = "clt_" + "x".repeat(43);
    Http.Answer answer = http.post("/v1/events", bad, arrest(OP, "kent", 1).toString());
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.body()).doesNotContain(bad).doesNotContain(kent);
  }

  @Test
  void shouldRefuseOneForcesTokenForAnotherForcesEvent() {
    Http.Answer answer = http.post("/v1/events", kent, arrest(OP, "essex", 1).toString());
    assertError(answer, 403, "force", "reports for force 'kent', not 'essex'");
    assertThat(fixture.events(OP)).noneMatch(e -> e.getForce().equals("essex") && e.getReporter().equals("r-1842")
        && e.getPayload() instanceof Arrest a && a.getCount() == 1 && e.getReportedAt().equals(CLOCK.instant()));
  }

  @Test
  void shouldAcceptATokenCreatedWhileTheGatewayRuns() {
    String durham = GatewayTokens.issue(fixture.bootstrap, ReferenceData.defaults(), "durham", CLOCK);
    long issued = System.nanoTime();
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
        assertThat(http.post("/v1/events", durham, arrest(OP, "durham", 1).toString()).status()).isEqualTo(202));
    assertThat(Duration.ofNanos(System.nanoTime() - issued)).isLessThan(Duration.ofSeconds(5));
  }

  // --- 400 -------------------------------------------------------------------------------------

  @Test
  void shouldNameTheFieldOfEachValidationError() {
    ObjectNode negative = seizure(OP, "kent");
    ((ObjectNode) negative.path("seizure").path("drugs").get(0)).put("quantity", -5);
    assertError(http.post("/v1/events", kent, negative.toString()), 400, "seizure.drugs[0].quantity", "must be >= 0");

    ObjectNode wrongType = arrest(OP, "kent", 1);
    ((ObjectNode) wrongType.path("arrest")).put("count", "two");
    assertError(http.post("/v1/events", kent, wrongType.toString()), 400, "arrest.count", "must be an integer");

    assertError(http.post("/v1/events", kent, arrest(OP, "kent", 1).put("type", "picnic").toString()),
        400, "type", "must be one of");
    assertError(http.post("/v1/events", kent, arrest("no-such-week", "kent", 1).toString()),
        400, "operationId", "unknown operation 'no-such-week'");
    assertError(http.post("/v1/events", kent, arrest(OP, "kent", 1).put("occurredAt", "2022-10-10T09:00:00+01:00").toString()),
        400, "occurredAt", "is outside operation");
    assertError(http.post("/v1/events", kent, arrest(OP, "kent", 1).put("occurredAt", "yesterday").toString()),
        400, "occurredAt", "ISO-8601");
    assertError(http.post("/v1/events", kent, arrest(OP, "kent", 1).put("eventId", "nope").toString()),
        400, "eventId", "must be a UUID");
    assertError(http.post("/v1/events", kent, arrest(OP, "kent", 1).put("name", "John Smith").toString()),
        400, "name", "unknown field");
  }

  @Test
  void shouldRefuseAnEventForAClosedOperation() {
    assertError(http.post("/v1/events", kent, arrest(CLOSED_OP, "kent", 1).toString()), 400, "operationId", "is closed");
  }

  @Test
  void shouldRefuseAnUnknownForceNamingTheField() throws Exception {
    // A token for a force the forces topic does not list (written straight to the tokens topic).
    String token = GatewayTokens.newToken();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrap);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(GatewayTokens.TOPIC, GatewayTokens.hash(token), "{\"force\":\"atlantis\"}")).get();
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertError(http.post("/v1/events", token, arrest(OP, "atlantis", 1).toString()), 400, "force", "unknown force 'atlantis'"));
  }

  @Test
  void shouldRefuseMalformedJsonAndBodiesThatAreNotEvents() {
    assertError(http.post("/v1/events", kent, "{\"type\": \"arrest\","), 400, "$", "malformed JSON at line 1");
    assertError(http.post("/v1/events", kent, "[1, 2]"), 400, "$", "must be a JSON object");
    assertError(http.post("/v1/events", kent, ""), 400, "$", "the body is empty");
    assertError(http.post("/v1/events", kent, "{\"count\": 1, \"count\": 2}"), 400, "$", "uplicate field");
  }

  // --- 415 / 413 -------------------------------------------------------------------------------

  @Test
  void shouldRefuseAnythingButJson() {
    String body = arrest(OP, "kent", 1).toString();
    assertError(http.send(http.request("/v1/events", kent).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build()), 415, "Content-Type", "must be application/json");
    assertError(http.send(http.request("/v1/events", kent)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build()), 415, "Content-Type", "must be application/json");
    assertError(http.send(http.request("/v1/events", kent).header("Content-Type", "application/json; charset=ISO-8859-1")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build()), 415, "Content-Type", "charset must be UTF-8");
    assertThat(http.send(http.request("/v1/events", kent).header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build()).status()).isEqualTo(202);
  }

  @Test
  void shouldRefuseABodyOverOneMebibyteWithOrWithoutALength() {
    byte[] big = ("{\"x\": \"" + "a".repeat(1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertError(http.send(http.request("/v1/events", kent).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build()), 413, "$", "larger than 1 MiB");
    // Chunked, with no Content-Length to go by.
    assertError(http.send(http.request("/v1/events/batch", kent).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build()),
        413, "$", "larger than 1 MiB");
  }

  // --- 404 / 405 and the server's own errors ---------------------------------------------------

  @Test
  void shouldAnswerUnknownRoutesWith404InJson() {
    assertError(http.get("/v1/nothing-here"), 404, "$", "no such resource: GET /v1/nothing-here");
    assertError(http.get("/"), 404, "$", "no such resource");
  }

  @Test
  void shouldAnswerWrongMethodsWith405InJson() {
    Http.Answer answer = http.get("/v1/events");
    assertError(answer, 405, "$", "method GET is not allowed on /v1/events");
    assertThat(answer.header("Allow")).contains("POST");
    assertError(http.send(http.request("/health", null).DELETE().build()), 405, "$", "not allowed");
    assertError(http.send(http.request("/v1/events", kent).method("FOO", HttpRequest.BodyPublishers.noBody()).build()),
        405, "$", "method FOO is not allowed");
  }

  @Test
  void shouldAnswerRequestsJettyRefusesInJsonWithoutAStackTrace() throws IOException {
    String malformed = rawRequest("GET /v1/events HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n");
    assertThat(malformed).startsWith("HTTP/1.1 400");
    assertThat(malformed).contains("application/json").contains("{\"errors\":[{\"field\":\"$\"").doesNotContain("<html");

    String hugeHeader = rawRequest("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
    assertThat(hugeHeader).startsWith("HTTP/1.1 431").contains("{\"errors\":").doesNotContain("<html");

    String badUri = rawRequest("GET /v1/%zz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assertThat(badUri).startsWith("HTTP/1.1 400").contains("{\"errors\":").doesNotContain("<html").doesNotContain("at org.");
  }

  private static String rawRequest(String request) throws IOException {
    try (Socket socket = new Socket("localhost", gateway.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[8192];
      StringBuilder sb = new StringBuilder();
      int n;
      while ((n = in.read(buf)) > 0) {
        sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        if (sb.indexOf("\r\n\r\n") > 0 && sb.indexOf("}]}") > 0) {
          break;
        }
      }
      return sb.toString();
    }
  }

  // --- amend (PUT) -----------------------------------------------------------------------------

  @Test
  void shouldAmendWithTheNextRevisionOrTheOneGiven() {
    String id = http.post("/v1/events", kent, arrest(OP, "kent", 1).toString()).json().path("eventId").asText();

    Http.Answer next = http.put("/v1/events/" + id, kent, arrest(OP, "kent", 3).toString());
    assertThat(next.status()).as(next.toString()).isEqualTo(202);
    assertThat(next.json().path("revision").asInt()).isEqualTo(2);
    assertThat(((Arrest) onTopic(id, 2).getPayload()).getCount()).isEqualTo(3);

    Http.Answer given = http.put("/v1/events/" + id, kent, arrest(OP, "kent", 4).put("revision", 7).toString());
    assertThat(given.json().path("revision").asInt()).isEqualTo(7);

    assertError(http.put("/v1/events/" + id, kent, arrest(OP, "kent", 5).put("revision", 7).toString()),
        409, "revision", "must be higher than the latest revision, 7");
    assertError(http.put("/v1/events/" + id, kent, arrest(OP, "kent", 5).put("eventId", newId()).toString()),
        400, "eventId", "must be the eventId of the path");
  }

  @Test
  void shouldRefuseToMoveAnEventToAnotherOperationOrForce() {
    String id = http.post("/v1/events", kent, arrest(OP, "kent", 1).toString()).json().path("eventId").asText();
    assertError(http.put("/v1/events/" + id, kent, arrest(OTHER_OP, "kent", 1).toString()),
        409, "operationId", "may not move it");
    // Essex reporting an event id that Kent holds would move it to Essex.
    assertError(http.post("/v1/events", essex, arrest(OP, "essex", 1).put("eventId", id).toString()),
        409, "force", "belongs to force 'kent'");
    assertThat(fixture.events(OP)).filteredOn(e -> e.getEventId().equals(id)).hasSize(1);
  }

  @Test
  void shouldRefuseToAmendOrWithdrawAnotherForcesEvent() {
    String id = http.post("/v1/events", kent, arrest(OP, "kent", 1).toString()).json().path("eventId").asText();
    assertError(http.put("/v1/events/" + id, essex, arrest(OP, "essex", 2).toString()), 403, "eventId", "another force");
    assertError(http.put("/v1/events/" + id, essex, arrest(OP, "kent", 2).toString()), 403, "force",
        "reports for force 'essex', not 'kent'");
    assertError(http.delete("/v1/events/" + id, essex, "{\"reason\": \"not ours\"}"), 403, "eventId", "another force");
  }

  @Test
  void shouldAnswer404ForAnEventNeverReported() {
    String id = newId();
    assertError(http.put("/v1/events/" + id, kent, arrest(OP, "kent", 1).toString()), 404, "eventId", "no event " + id);
    assertError(http.delete("/v1/events/" + id, kent, "{\"reason\": \"typo\"}"), 404, "eventId", "no event " + id);
    assertError(http.delete("/v1/events/not-a-uuid", kent, "{\"reason\": \"typo\"}"), 400, "eventId", "must be a UUID");
  }

  @Test
  void shouldRefuseAFurtherRevisionOfAnEventAtTheLargestRevision() {
    // Found by the gateway fuzzing: the next revision overflowed to a negative one (a 400 naming a
    // field the caller never sent).
    String id = http.post("/v1/events", kent, arrest(OP, "kent", 1).put("revision", Integer.MAX_VALUE).toString())
        .json().path("eventId").asText();
    assertError(http.delete("/v1/events/" + id, kent, "{\"reason\": \"typo\"}"), 409, "revision", "largest possible");
    assertError(http.put("/v1/events/" + id, kent, arrest(OP, "kent", 2).toString()), 409, "revision", "largest possible");
  }

  // --- withdraw (DELETE) -----------------------------------------------------------------------

  @Test
  void shouldWithdrawWithTheNextRevisionAndAnswerTheSameWhenRepeated() {
    String id = http.post("/v1/events", kent, seizure(OP, "kent").toString()).json().path("eventId").asText();
    http.put("/v1/events/" + id, kent, seizure(OP, "kent").toString());

    Http.Answer withdrawn = http.delete("/v1/events/" + id, kent, "{\"reason\": \"reported twice\", \"reporter\": \"r-77\"}");
    assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(202);
    assertThat(withdrawn.json().path("revision").asInt()).isEqualTo(3);
    FieldEvent stored = onTopic(id, 3);
    assertThat(stored.getPayload()).isEqualTo(new Withdrawal("reported twice"));
    assertThat(stored.getForce()).isEqualTo("kent");
    assertThat(stored.getOperationId()).isEqualTo(OP);
    assertThat(stored.getReporter()).isEqualTo("r-77");

    Http.Answer again = http.delete("/v1/events/" + id, kent, "{\"reason\": \"reported twice\"}");
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.json().path("revision").asInt()).isEqualTo(3);
    assertThat(fixture.events(OP)).filteredOn(e -> e.getEventId().equals(id)).hasSize(3);
  }

  @Test
  void shouldRefuseAWithdrawalWithoutAReason() {
    String id = http.post("/v1/events", kent, arrest(OP, "kent", 1).toString()).json().path("eventId").asText();
    assertError(http.delete("/v1/events/" + id, kent, "{}"), 400, "reason", "is required");
    assertError(http.delete("/v1/events/" + id, kent, "{\"reason\": \"  \"}"), 400, "reason", "must not be blank");
    assertError(http.delete("/v1/events/" + id, kent, "{\"reason\": 5}"), 400, "reason", "must be a string");
    assertError(http.delete("/v1/events/" + id, kent, "{\"reason\": \"x\", \"why\": \"y\"}"), 400, "why", "unknown field");
    assertError(http.send(http.request("/v1/events/" + id, kent).DELETE().build()), 400, "reason", "is required");
  }

  // --- batch -----------------------------------------------------------------------------------

  @Test
  void shouldPublishTheValidItemsOfABatchAndAnswerForEachItem() {
    String given = newId();
    ObjectNode negative = arrest(OP, "kent", 1);
    ((ObjectNode) negative.path("arrest")).put("count", -1);
    ArrayNode batch = Http.JSON.createArrayNode()
        .add(arrest(OP, "kent", 2))
        .add(negative)
        .add(arrest(OP, "essex", 1))
        .add(seizure(OP, "kent").put("eventId", given))
        .add(seizure(OP, "kent").put("eventId", given).put("revision", 2))
        .add("not an event");

    Http.Answer answer = http.post("/v1/events/batch", kent, batch.toString());

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    JsonNode results = answer.json().path("results");
    assertThat(results).hasSize(6);
    assertThat(results).extracting(r -> r.path("index").asInt()).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(results).extracting(r -> r.path("status").asInt()).containsExactly(202, 400, 403, 202, 202, 400);
    assertThat(results.get(1).path("errors").get(0).path("field").asText()).isEqualTo("arrest.count");
    assertThat(results.get(2).path("errors").get(0).path("field").asText()).isEqualTo("force");
    assertThat(results.get(3).path("eventId").asText()).isEqualTo(given);
    assertThat(results.get(4).path("revision").asInt()).isEqualTo(2);
    assertThat(results.get(5).path("errors").get(0).path("message").asText()).contains("JSON object");

    String first = results.get(0).path("eventId").asText();
    List<FieldEvent> topic = fixture.events(OP);
    assertThat(topic).filteredOn(e -> e.getEventId().equals(first)).hasSize(1);
    assertThat(topic).filteredOn(e -> e.getEventId().equals(given)).extracting(FieldEvent::getRevision).containsExactly(1, 2);
  }

  @Test
  void shouldRefuseABatchThatIsNoArrayOrTooLong() {
    assertError(http.post("/v1/events/batch", kent, arrest(OP, "kent", 1).toString()), 400, "$", "must be a JSON array");
    ArrayNode many = Http.JSON.createArrayNode();
    for (int i = 0; i < 1_001; i++) {
      many.add(Http.JSON.createObjectNode().put("type", "arrest"));
    }
    assertError(http.post("/v1/events/batch", kent, many.toString()), 413, "$", "at most 1000");
    Http.Answer empty = http.post("/v1/events/batch", kent, "[]");
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.json().path("results")).isEmpty();
  }

  // --- documents -------------------------------------------------------------------------------

  @Test
  void shouldServeAnOpenApiDocumentDescribingEveryPath() {
    Http.Answer answer = http.get("/openapi.json");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("Content-Type")).startsWith("application/json");
    JsonNode doc = answer.json();
    assertThat(doc.path("openapi").asText()).startsWith("3.0");
    assertThat(doc.path("paths").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("/v1/events", "/v1/events/{eventId}", "/v1/events/batch", "/v1/operations",
            "/openapi.json", "/health");
    assertThat(doc.path("paths").path("/v1/events").path("post").path("responses").fieldNames()).toIterable()
        .contains("202", "400", "401", "403", "409", "413", "415", "503");
    assertThat(doc.path("paths").path("/v1/events/{eventId}").path("put").path("responses").fieldNames()).toIterable()
        .contains("202", "400", "401", "403", "404", "409", "413", "415", "503");
    assertThat(doc.path("components").path("schemas").fieldNames()).toIterable()
        .contains("FieldEvent", "Errors", "Accepted", "BatchResults", "Withdraw");
  }

  @Test
  void shouldReportHealthWithKafkaReachable() {
    Http.Answer answer = http.get("/health");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("status").asText()).isEqualTo("UP");
    assertThat(answer.json().path("kafka").path("reachable").asBoolean()).isTrue();
    assertThat(answer.json().path("ready").path("reference").asBoolean()).isTrue();
  }
}
