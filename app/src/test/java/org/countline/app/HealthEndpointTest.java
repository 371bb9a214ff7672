package org.countline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldAnswerUpWhileHealthyAndDownOtherwise() throws Exception {
    AtomicBoolean healthy = new AtomicBoolean(true);
    try (HealthEndpoint endpoint = HealthEndpoint.start(0, healthy::get)) {
      HttpResponse<String> up = get(endpoint, "GET");
      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(up.body()).isEqualTo("{\"status\":\"UP\"}");
      assertThat(up.headers().firstValue("Content-Type")).hasValue("application/json");

      healthy.set(false);
      HttpResponse<String> down = get(endpoint, "GET");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\"}");
    }
  }

  @Test
  void shouldRefuseOtherMethods() throws Exception {
    try (HealthEndpoint endpoint = HealthEndpoint.start(0, () -> true)) {
      assertThat(get(endpoint, "POST").statusCode()).isEqualTo(405);
    }
  }

  private HttpResponse<String> get(HealthEndpoint endpoint, String method) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + endpoint.port() + "/health"))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
