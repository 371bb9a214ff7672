package org.countline.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP client against a scripted stub server: requests on the wire, retries, failover, auth,
 * caching and error mapping. The real server is exercised in {@code RegistryServerIT}.
 */
class HttpSchemaRegistryClientTest {

  private static final Schema NOTE =
      SchemaBuilder.record("Note").fields().requiredString("text").endRecord();

  private HttpServer stub;
  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private record Answer(int status, String body, String retryAfter) {}

  private record Request(
      String method, String path, String contentType, String authorization, String body) {}

  @BeforeEach
  void startStub() throws IOException {
    stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stub.createContext("/", this::answer);
    stub.start();
  }

  @AfterEach
  void stopStub() {
    stub.stop(0);
  }

  private synchronized void answer(HttpExchange exchange) throws IOException {
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                    ? ""
                    : "?" + exchange.getRequestURI().getRawQuery()),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst("Authorization"),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    Answer answer =
        script.isEmpty()
            ? new Answer(500, "{\"error_code\":50001,\"message\":\"unscripted\"}", null)
            : script.poll();
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", HttpSchemaRegistryClient.CONTENT_TYPE);
    if (answer.retryAfter() != null) {
      exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
    }
    exchange.sendResponseHeaders(answer.status(), body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private void then(int status, String body) {
    script.add(new Answer(status, body, null));
  }

  private String stubUrl() {
    return "http://127.0.0.1:" + stub.getAddress().getPort();
  }

  private HttpSchemaRegistryClient client(String... urls) {
    return HttpSchemaRegistryClient.builder()
        .urls(List.of(urls))
        .maxRetries(3)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(20))
        .build();
  }

  @Test
  void shouldPostSchemaToSubjectVersionsAndReturnId() {
    then(200, "{\"id\": 7}");

    int id = client(stubUrl()).register("countline.field-events-value", NOTE);

    assertThat(id).isEqualTo(7);
    Request request = requests.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/subjects/countline.field-events-value/versions");
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(request.body()).isEqualTo("{\"schema\":" + quoted(NOTE.toString()) + "}");
  }

  @Test
  void shouldCacheIdsAndSchemasBothWays() {
    then(200, "{\"id\": 7}");
    then(200, "{\"schema\": " + quoted(NOTE.toString()) + "}");
    HttpSchemaRegistryClient client = client(stubUrl());

    client.register("notes-value", NOTE);
    client.register("notes-value", NOTE);
    assertThat(client.getSchemaById(7)).isEqualTo(NOTE);
    assertThat(client.getSchemaById(8)).isEqualTo(NOTE);
    assertThat(client.getSchemaById(8)).isEqualTo(NOTE);

    // One registration; id 7 known from it; id 8 fetched once.
    assertThat(requests)
        .extracting(Request::path)
        .containsExactly("/subjects/notes-value/versions", "/schemas/ids/8");
  }

  @Test
  void shouldRetryServerErrorsWithBackoff() {
    then(503, "{\"error_code\":50003,\"message\":\"busy\"}");
    then(429, "{\"error_code\":429,\"message\":\"slow down\"}");
    then(408, "");
    then(200, "{\"id\": 3}");

    assertThat(client(stubUrl()).register("notes-value", NOTE)).isEqualTo(3);
    assertThat(requests).hasSize(4);
  }

  @Test
  void shouldGiveUpAfterBoundedRetries() {
    for (int i = 0; i < 10; i++) {
      then(500, "{\"error_code\":50001,\"message\":\"store down\"}");
    }

    assertThatThrownBy(() -> client(stubUrl()).register("notes-value", NOTE))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(500);
              assertThat(e.errorCode()).isEqualTo(50001);
              assertThat(e.getMessage()).contains("store down");
            });
    assertThat(requests).hasSize(4);
  }

  @Test
  void shouldNotRetryClientErrorsAndMapErrorCodes() {
    then(404, "{\"error_code\":40401,\"message\":\"Subject 'nope' not found.\"}");
    then(409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");
    then(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");
    then(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
    HttpSchemaRegistryClient client = client(stubUrl());

    assertThatThrownBy(() -> client.getLatestSchemaMetadata("nope"))
        .satisfies(e -> assertCode(e, 404, 40401));
    assertThatThrownBy(() -> client.register("notes-value", NOTE))
        .satisfies(e -> assertCode(e, 409, 409));
    assertThatThrownBy(() -> client.register("other-value", NOTE))
        .satisfies(e -> assertCode(e, 422, 42201));
    assertThatThrownBy(() -> client.getSchemaById(99)).satisfies(e -> assertCode(e, 404, 40403));
    assertThat(requests).hasSize(4);
  }

  @Test
  void shouldFailOverToNextUrlWhenConnectionRefused() throws IOException {
    then(200, "{\"id\": 5}");
    then(200, "{\"id\": 6}");
    HttpSchemaRegistryClient client = client(closedPortUrl(), stubUrl());

    assertThat(client.register("notes-value", NOTE)).isEqualTo(5);
    // The URL that answered is tried first from then on.
    assertThat(client.register("other-value", NOTE)).isEqualTo(6);
    assertThat(requests).hasSize(2);
  }

  @Test
  void shouldReportUnreachableRegistryAfterRetries() throws IOException {
    HttpSchemaRegistryClient client = client(closedPortUrl());

    assertThatThrownBy(() -> client.getSchemaById(1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
              assertThat(e.getMessage()).contains("No schema registry reachable");
            });
  }

  @Test
  void shouldSendBasicAuthFromUserInfo() {
    then(200, "[\"a\", \"b\"]");
    SchemaRegistryClient client = SchemaRegistryClients.create(List.of(stubUrl()), "alice:s3cret");

    assertThat(client.getAllSubjects()).containsExactly("a", "b");
    assertThat(requests.get(0).authorization())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void shouldTakeBasicAuthFromUrlAndStripItFromRequests() {
    then(200, "{\"compatibilityLevel\": \"FULL\"}");
    String url = stubUrl().replace("http://", "http://bob:pa%3Ass@");

    assertThat(SchemaRegistryClients.create(List.of(url), null).getCompatibility(null))
        .isEqualTo(CompatibilityLevel.FULL);
    assertThat(requests.get(0).authorization())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder().encodeToString("bob:pa:ss".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void shouldEncodeSubjectInPath() {
    then(200, "[1, 2]");

    assertThat(client(stubUrl()).getAllVersions("a b/c")).containsExactly(1, 2);
    assertThat(requests.get(0).path()).isEqualTo("/subjects/a%20b%2Fc/versions");
  }

  @Test
  void shouldSpeakConfigAndCompatibilityEndpoints() {
    then(200, "{\"compatibility\": \"FULL_TRANSITIVE\"}");
    then(200, "{\"compatibilityLevel\": \"FULL_TRANSITIVE\"}");
    then(200, "{\"is_compatible\": false}");
    HttpSchemaRegistryClient client = client(stubUrl());

    assertThat(client.updateCompatibility("notes-value", CompatibilityLevel.FULL_TRANSITIVE))
        .isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    assertThat(client.getCompatibility("notes-value"))
        .isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    assertThat(client.testCompatibility("notes-value", NOTE)).isFalse();

    assertThat(requests)
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly(
            "PUT /config/notes-value",
            "GET /config/notes-value?defaultToGlobal=true",
            "POST /compatibility/subjects/notes-value/versions/latest");
    assertThat(requests.get(0).body()).isEqualTo("{\"compatibility\":\"FULL_TRANSITIVE\"}");
  }

  private static void assertCode(Throwable thrown, int status, int code) {
    assertThat(thrown).isInstanceOf(SchemaRegistryException.class);
    SchemaRegistryException e = (SchemaRegistryException) thrown;
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.errorCode()).isEqualTo(code);
  }

  private static String closedPortUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
