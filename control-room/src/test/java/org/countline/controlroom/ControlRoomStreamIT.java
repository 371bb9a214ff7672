package org.countline.controlroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.countline.core.ReferenceData;
import org.countline.core.json.TotalsJson;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.registry.testing.EmbeddedKafkaExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The totals stream (Server-Sent Events) on a real broker: a snapshot first, then every totals
 * change within a second of Kafka acknowledging it, heartbeats when idle, and an end when the
 * server closes.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ControlRoomStreamIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);
  private static final String OP = "stream-week";

  private static TestKafka kafka;
  private static ControlRoomServer room;

  @BeforeAll
  static void start(EmbeddedKafka broker) throws InterruptedException {
    kafka = new TestKafka(broker);
    kafka.forces(ReferenceData.defaults());
    kafka.operation(Fixtures.operation(OP));
    kafka.totals(Scope.NATIONAL, OP, Fixtures.tally(3, 100, 1));
    // A short heartbeat, so that the test sees one without waiting 15 s.
    room = new ControlRoomServer(kafka.controlRoomConfig().withHeartbeat(Duration.ofMillis(300))).start();
    assertThat(room.awaitCaughtUp(WAIT)).isTrue();
  }

  @AfterAll
  static void stop() {
    if (room != null) {
      room.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static String stream(String operation) {
    return room.url() + "/api/operations/" + operation + "/stream";
  }

  @Test
  void shouldSendTheCurrentSnapshotFirst() throws Exception {
    try (SseTestClient client = SseTestClient.connect(stream(OP))) {
      SseTestClient.Event first = client.next(WAIT);

      assertThat(client.status()).isEqualTo(200);
      assertThat(first.name()).isEqualTo("snapshot");
      JsonNode snapshot = first.json();
      assertThat(snapshot.get("operation").get("id").asText()).isEqualTo(OP);
      assertThat(snapshot.get("national").get("arrests").asLong()).isGreaterThanOrEqualTo(3);
      assertThat(snapshot.get("daily").get("days")).hasSize(7);
      assertThat(snapshot.get("reference").get("forces")).hasSize(ReferenceData.defaults().forces().size());
    }
  }

  @Test
  void shouldSendEveryTotalsChangeWithinASecond() throws Exception {
    try (SseTestClient client = SseTestClient.connect(stream(OP))) {
      assertThat(client.next(WAIT).name()).isEqualTo("snapshot");

      kafka.totals(Scope.NATIONAL, OP, Fixtures.tally(40, 2_000, 20));
      SseTestClient.Event national = client.next(ONE_SECOND);
      kafka.totals(Scope.REGION, OP + "/eastern", Fixtures.tally(30, 1_000, 20));
      SseTestClient.Event region = client.next(ONE_SECOND);
      kafka.totals(Scope.FORCE, OP + "/kent", Fixtures.tally(30, 1_000, 20));
      SseTestClient.Event force = client.next(ONE_SECOND);
      kafka.totals(Scope.DAILY, OP + "/kent/2022-10-05", Fixtures.tally(30, 1_000, 20));
      SseTestClient.Event daily = client.next(ONE_SECOND);

      assertThat(national.name()).isEqualTo("national");
      assertThat(national.json().get("totals")).isEqualTo(Http.parse(TotalsJson.write(Fixtures.tally(40, 2_000, 20))));
      assertThat(region.name()).isEqualTo("region");
      assertThat(region.json().get("region").asText()).isEqualTo("eastern");
      assertThat(force.name()).isEqualTo("force");
      assertThat(force.json().get("force").asText()).isEqualTo("kent");
      assertThat(force.json().get("totals").get("arrests").asLong()).isEqualTo(30);
      assertThat(daily.name()).isEqualTo("daily");
      assertThat(daily.json().get("day").asText()).isEqualTo("2022-10-05");
      assertThat(daily.json().get("national").get("arrests").asLong()).isEqualTo(30);
    }
  }

  @Test
  void shouldNotSendChangesOfOtherOperations() throws Exception {
    kafka.operation(Fixtures.operation("stream-other"));
    try (SseTestClient client = SseTestClient.connect(stream(OP))) {
      assertThat(client.next(WAIT).name()).isEqualTo("snapshot");

      kafka.totals(Scope.NATIONAL, "stream-other", Fixtures.tally(99, 0, 30));
      kafka.totals(Scope.NATIONAL, OP, Fixtures.tally(41, 0, 31));

      assertThat(client.next(ONE_SECOND).json().get("totals").get("arrests").asLong()).isEqualTo(41);
    }
  }

  @Test
  void shouldSendHeartbeatCommentsWhileNothingChanges() throws Exception {
    try (SseTestClient client = SseTestClient.connect(stream(OP))) {
      client.next(WAIT);

      await().atMost(Duration.ofSeconds(5)).until(() -> client.comments() >= 2);
      assertThat(client.comments()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void shouldCountItsClientsInMetrics() throws Exception {
    try (SseTestClient one = SseTestClient.connect(stream(OP)); SseTestClient two = SseTestClient.connect(stream(OP))) {
      one.next(WAIT);
      two.next(WAIT);

      await().atMost(WAIT).untilAsserted(() ->
          assertThat(Http.get(room.url() + "/metrics", "text/plain").body()).contains("countline_controlroom_sse_clients 2.0"));
    }
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(Http.get(room.url() + "/metrics", "text/plain").body()).contains("countline_controlroom_sse_clients 0.0"));
  }

  @Test
  void shouldRefuseAStreamOfAnUnknownOperationWith404() {
    Http.Response response = Http.get(stream("no-such-week"), "text/event-stream");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().get("error").asText()).contains("no-such-week");
  }

  @Test
  void shouldRefuseAClientThatDoesNotAcceptAnEventStream() {
    Http.Response response = Http.get(stream(OP), "application/json");

    assertThat(response.status()).isEqualTo(406);
  }

  @Test
  void shouldEndItsStreamsWhenClosedSoThatBrowsersReconnect() throws Exception {
    ControlRoomServer own = new ControlRoomServer(kafka.controlRoomConfig()).start();
    assertThat(own.awaitCaughtUp(WAIT)).isTrue();
    try (SseTestClient client = SseTestClient.connect(own.url() + "/api/operations/" + OP + "/stream")) {
      assertThat(client.next(WAIT).name()).isEqualTo("snapshot");

      own.close();

      assertThat(client.awaitEnd(Duration.ofSeconds(10))).as("stream ended").isTrue();
    }
  }
}
