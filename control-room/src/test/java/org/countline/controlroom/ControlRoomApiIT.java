package org.countline.controlroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import org.countline.avro.OperationStatus;
import org.countline.core.ReferenceData;
import org.countline.core.json.TotalsJson;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.registry.testing.EmbeddedKafkaExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The control room's HTTP API on a real broker: totals written straight to the totals topics with
 * the registry's serde, read back through the API in the contract's shape.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ControlRoomApiIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String OP = "api-week";

  private static TestKafka kafka;
  private static ControlRoomServer room;
  private static String base;

  @BeforeAll
  static void start(EmbeddedKafka broker) throws InterruptedException {
    kafka = new TestKafka(broker);
    kafka.forces(ReferenceData.defaults());
    kafka.operation(Fixtures.operation(OP));
    kafka.operation(Fixtures.operation("api-older", LocalDate.of(2022, 5, 16), OperationStatus.CLOSED));
    kafka.totals(Scope.NATIONAL, OP, Fixtures.tally(12, 1_500, 10));
    kafka.totals(Scope.REGION, OP + "/eastern", Fixtures.tally(7, 1_000, 9));
    kafka.totals(Scope.REGION, OP + "/london", Fixtures.tally(5, 500, 10));
    kafka.totals(Scope.FORCE, OP + "/kent", Fixtures.tally(7, 1_000, 9));
    kafka.totals(Scope.FORCE, OP + "/metropolitan", Fixtures.tally(5, 500, 10));
    kafka.totals(Scope.DAILY, OP + "/kent/2022-10-03", Fixtures.tally(3, 400, 5));
    kafka.totals(Scope.DAILY, OP + "/kent/2022-10-04", Fixtures.tally(4, 600, 9));
    kafka.totals(Scope.DAILY, OP + "/metropolitan/2022-10-04", Fixtures.tally(5, 500, 10));
    kafka.rejected(OP + "/kent", new byte[] {1, 2, 3});
    kafka.rejected(OP + "/kent", "{not avro".getBytes(StandardCharsets.UTF_8));
    room = new ControlRoomServer(kafka.controlRoomConfig()).start();
    assertThat(room.awaitCaughtUp(WAIT)).as("caught up with the totals topics").isTrue();
    base = room.url();
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

  @Test
  void shouldServeAnOperationsTotalsInTheContractShape() {
    Http.Response response = Http.get(base + "/api/operations/" + OP + "/totals");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    JsonNode json = response.json();
    assertThat(json.fieldNames()).toIterable().containsExactly("operation", "national", "regions", "forces");
    assertThat(json.get("operation").get("id").asText()).isEqualTo(OP);
    assertThat(json.get("operation").get("end").asText()).isEqualTo("2022-10-09");
    assertThat(json.get("national")).isEqualTo(Http.parse(TotalsJson.write(Fixtures.tally(12, 1_500, 10))));
    assertThat(json.get("regions").get("eastern")).isEqualTo(Http.parse(TotalsJson.write(Fixtures.tally(7, 1_000, 9))));
    assertThat(json.get("forces").get("metropolitan")).isEqualTo(Http.parse(TotalsJson.write(Fixtures.tally(5, 500, 10))));
    assertThat(json.get("forces").fieldNames()).toIterable().containsExactly("kent", "metropolitan");
    assertThat(json.get("national").get("cashGbp").asText()).isEqualTo("1500.0");
    assertThat(json.get("national").get("updatedAt").asText()).isEqualTo("2022-10-03T09:10:00Z");
  }

  @Test
  void shouldListOperationsLatestFirst() {
    JsonNode operations = Http.get(base + "/api/operations").json();

    assertThat(operations).extracting(o -> o.get("id").asText()).startsWith(OP).contains("api-older");
    assertThat(operations.get(0).get("status").asText()).isEqualTo("open");
  }

  @Test
  void shouldServeOneForceWithItsDays() {
    JsonNode kent = Http.get(base + "/api/operations/" + OP + "/forces/kent").json();

    assertThat(kent.get("force").get("name").asText()).isEqualTo("Kent Police");
    assertThat(kent.get("totals").get("arrests").asLong()).isEqualTo(7);
    assertThat(kent.get("daily").get("2022-10-04").get("arrests").asLong()).isEqualTo(4);
  }

  @Test
  void shouldServeOneRegionWithItsForces() {
    JsonNode london = Http.get(base + "/api/operations/" + OP + "/regions/london").json();

    assertThat(london.get("region").get("code").asText()).isEqualTo("london");
    assertThat(london.get("totals").get("arrests").asLong()).isEqualTo(5);
    assertThat(london.get("forces").fieldNames()).toIterable().containsExactly("metropolitan");
  }

  @Test
  void shouldServeTheWeekDayByDayPerForceAndNationally() {
    JsonNode daily = Http.get(base + "/api/operations/" + OP + "/daily").json();

    assertThat(daily.get("days")).hasSize(7);
    assertThat(daily.get("national").get("2022-10-04").get("arrests").asLong()).isEqualTo(9);
    assertThat(daily.get("national").get("2022-10-04").get("cashGbp").decimalValue()).isEqualByComparingTo("1100");
    assertThat(daily.get("national").get("2022-10-05").get("arrests").asLong()).isZero();
    assertThat(daily.get("forces").get("kent").get("2022-10-03").get("arrests").asLong()).isEqualTo(3);
  }

  @Test
  void shouldAnswer404WithAJsonReasonForUnknownOperationsForcesAndRegions() {
    Http.Response operation = Http.get(base + "/api/operations/no-such-week/totals");
    Http.Response force = Http.get(base + "/api/operations/" + OP + "/forces/atlantis");
    Http.Response region = Http.get(base + "/api/operations/" + OP + "/regions/atlantis");
    Http.Response daily = Http.get(base + "/api/operations/no-such-week/daily");

    assertThat(operation.status()).isEqualTo(404);
    assertThat(operation.json().get("error").asText()).contains("no-such-week");
    assertThat(force.status()).isEqualTo(404);
    assertThat(force.json().get("error").asText()).contains("atlantis");
    assertThat(region.status()).isEqualTo(404);
    assertThat(daily.status()).isEqualTo(404);
  }

  @Test
  void shouldServeTheDashboardFromTheJar() {
    Http.Response page = Http.get(base + "/", "text/html");
    Http.Response script = Http.get(base + "/dashboard.js", "*/*");
    Http.Response style = Http.get(base + "/dashboard.css", "*/*");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("<title>Countline control room</title>").contains("dashboard.js");
    assertThat(page.body()).doesNotContain("http://").doesNotContain("https://");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.body()).contains("EventSource");
    assertThat(style.status()).isEqualTo(200);
  }

  @Test
  void shouldReportHealthyOnceCaughtUp() {
    Http.Response health = Http.get(base + "/health");

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("UP");
    assertThat(health.json().get("caughtUp").asBoolean()).isTrue();
    assertThat(health.json().get("forces").asInt()).isEqualTo(ReferenceData.defaults().forces().size());
  }

  @Test
  void shouldExposePrometheusMetricsOfTotalsRejectedEventsLagAndItsKafkaClients() {
    await().atMost(WAIT).untilAsserted(() -> {
      String metrics = Http.get(base + "/metrics", "text/plain").body();
      assertThat(metrics).contains("countline_controlroom_totals_updates_total{scope=\"national\"} 1.0");
      assertThat(metrics).contains("countline_controlroom_totals_updates_total{scope=\"daily\"} 3.0");
      assertThat(metrics).contains("countline_rejected_events_total 2.0");
      assertThat(metrics).contains("countline_controlroom_consumer_lag{consumer=\"countline-control-room-totals\",topic=\"countline.totals.force\"} 0.0");
      assertThat(metrics).contains("countline_controlroom_sse_clients ");
      assertThat(metrics).containsPattern("kafka_consumer_fetch_manager_records_consumed_total\\{.*consumer=\"countline-control-room-totals\"");
      assertThat(metrics).contains("jvm_memory_used_bytes");
    });
  }

  @Test
  void shouldRebuildTheSameViewWhenStartedAgain() throws InterruptedException {
    String before = Http.get(base + "/api/operations/" + OP + "/totals").body();

    try (ControlRoomServer second = new ControlRoomServer(kafka.controlRoomConfig()).start()) {
      assertThat(second.awaitCaughtUp(WAIT)).isTrue();

      assertThat(Http.get(second.url() + "/api/operations/" + OP + "/totals").body()).isEqualTo(before);
    }
  }

  @Test
  void shouldStartAndCloseIdempotently() {
    ControlRoomServer server = new ControlRoomServer(kafka.controlRoomConfig());

    assertThat(server.start()).isSameAs(server.start());
    int port = server.port();
    assertThat(server.port()).isEqualTo(port);
    server.close();
    server.close();

    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
