package org.countline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.countline.avro.Totals;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Reports, a resend, an amendment and a withdrawal through the gateway move the live totals exactly. */
@ExtendWith(EmbeddedKafkaExtension.class)
class GatewayTotalsIT {
  static final String OP = "totals-gw-2022-10";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2022-10-05T11:00:00Z"), ZoneOffset.UTC);
  static Fixture fixture;
  static TotalsApp totals;
  static GatewayServer gateway;
  static Http http;
  static String kent;

  @TempDir static Path stateDir;

  @BeforeAll
  static void start(EmbeddedKafka kafka) throws Exception {
    fixture = Fixture.start(kafka.bootstrapServers());
    fixture.publish(Fixture.operation(OP));
    kent = GatewayTokens.issue(fixture.bootstrap, ReferenceData.defaults(), "kent", CLOCK);
    Properties overrides = new Properties();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, "gateway-totals-it");
    totals = new TotalsApp(TotalsApp.config(fixture.bootstrap, stateDir.toString(), overrides),
        TotalsSerdes.fromRegistry(fixture.serdeConfig), TopologyOptions.defaults());
    totals.start();
    gateway = new GatewayServer(GatewayConfig.builder(fixture.bootstrap, fixture.serdeConfig).port(0).clock(CLOCK).build()).start();
    assertThat(gateway.awaitReady(Duration.ofSeconds(60))).isTrue();
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

  @Test
  void shouldMoveTheTotalsWithEveryReportResendAmendmentAndWithdrawal() {
    String a = accepted(http.post("/v1/events", kent, GatewayIT.arrest(OP, "kent", 2).toString()));
    String s = accepted(http.post("/v1/events", kent, GatewayIT.seizure(OP, "kent").toString()));
    String b = accepted(http.post("/v1/events", kent, GatewayIT.arrest(OP, "kent", 1).toString()));
    // A device that did not hear the 202 sends the same event again: counted once.
    String resend = GatewayIT.arrest(OP, "kent", 1).put("eventId", b).toString();
    assertThat(http.post("/v1/events", kent, resend).status()).isEqualTo(202);
    // Arrest a: five people in the end, three of them charged.
    com.fasterxml.jackson.databind.node.ObjectNode amended = GatewayIT.arrest(OP, "kent", 5);
    ((com.fasterxml.jackson.databind.node.ObjectNode) amended.path("arrest")).put("charged", 3);
    assertThat(http.put("/v1/events/" + a, kent, amended.toString()).status()).isEqualTo(202);
    // The seizure was reported by mistake.
    assertThat(http.delete("/v1/events/" + s, kent, "{\"reason\": \"entered against the wrong operation\"}").status())
        .isEqualTo(202);

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      Tally force = read(Topics.TOTALS_FORCE).get(OP + "/kent");
      assertThat(force).as("force totals of %s/kent", OP).isNotNull();
      assertThat(force.get(Metric.EVENTS)).isEqualTo(2);
      assertThat(force.get(Metric.ARRESTS)).isEqualTo(6);
      assertThat(force.get(Metric.CHARGED)).isEqualTo(4);
      assertThat(force.get(Metric.CASH)).isZero();
      assertThat(force.get(Metric.BLADED_WEAPONS)).isZero();
      assertThat(force.get(Metric.COCAINE)).isZero();
      // The national total is summed by another task, which may be a commit behind the force's.
      Tally national = read(Topics.TOTALS_NATIONAL).get(OP);
      assertThat(national).as("national totals of %s", OP).isNotNull();
      assertThat(national.get(Metric.ARRESTS)).isEqualTo(6);
      assertThat(national.get(Metric.EVENTS)).isEqualTo(2);
    });
  }

  private static String accepted(Http.Answer answer) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
    return answer.json().path("eventId").asText();
  }

  private static Map<String, Tally> read(String topic) {
    SpecificAvroDeserializer<Totals> values = new SpecificAvroDeserializer<>(Totals.class);
    values.configure(fixture.serdeConfig, false);
    Map<String, Totals> latest = TotalsReader.latest(fixture.bootstrap, topic, values, k -> k.startsWith(OP), Duration.ofSeconds(30));
    Map<String, Tally> out = new java.util.HashMap<>();
    latest.forEach((k, v) -> out.put(k, Tally.fromAvro(v)));
    return out;
  }
}
