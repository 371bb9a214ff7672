package org.countline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.avro.FieldEvent;
import org.countline.core.ReferenceData;
import org.countline.producers.FieldEventPublisher;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.registry.testing.EmbeddedKafkaExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway answers 202 only after Kafka's acknowledgement: held back until the producer
 * completes the send, 503 (never 202) when the send fails or the broker cannot be reached, within
 * the bounded wait. Reference data comes from a real broker; the writes go where each test says.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class GatewayAcknowledgementIT {
  static final String OP = "ack-2022-10";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2022-10-05T11:00:00Z"), ZoneOffset.UTC);
  static Fixture fixture;
  static String kent;

  @BeforeAll
  static void start(EmbeddedKafka kafka) {
    fixture = Fixture.start(kafka.bootstrapServers());
    fixture.publish(Fixture.operation(OP));
    kent = GatewayTokens.issue(fixture.bootstrap, ReferenceData.defaults(), "kent", CLOCK);
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static GatewayConfig.Builder config(String bootstrap) {
    return GatewayConfig.builder(bootstrap, fixture.serdeConfig).port(0).clock(CLOCK).ackTimeout(Duration.ofSeconds(2));
  }

  private static String arrest(String eventId) {
    ObjectNode e = GatewayIT.arrest(OP, "kent", 1);
    return eventId == null ? e.toString() : e.put("eventId", eventId).toString();
  }

  private static MockProducer<String, FieldEvent> heldProducer() {
    return new MockProducer<>(false, null, new StringSerializer(), (topic, event) -> new byte[0]);
  }

  @Test
  void shouldHoldTheAnswerBackUntilKafkaAcknowledgesTheWrite() throws Exception {
    MockProducer<String, FieldEvent> producer = heldProducer();
    try (GatewayServer gateway = new GatewayServer(config(fixture.bootstrap).build(), new FieldEventPublisher(producer)).start()) {
      assertThat(gateway.awaitReady(Duration.ofSeconds(60))).isTrue();
      CompletableFuture<Http.Answer> answer = new Http(gateway.url()).postAsync("/v1/events", kent, arrest(null));
      await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
      // The event is with the producer, not yet acknowledged: no answer may have been given.
      assertThat(answer).isNotDone();

      assertThat(producer.completeNext()).isTrue();
      Http.Answer accepted = answer.get(10, TimeUnit.SECONDS);
      assertThat(accepted.status()).isEqualTo(202);
      assertThat(accepted.json().path("eventId").asText()).isEqualTo(producer.history().get(0).value().getEventId());
    }
  }

  @Test
  void shouldAnswer503AndNot202WhenKafkaFailsTheWrite() throws Exception {
    MockProducer<String, FieldEvent> producer = heldProducer();
    try (GatewayServer gateway = new GatewayServer(config(fixture.bootstrap).build(), new FieldEventPublisher(producer)).start()) {
      assertThat(gateway.awaitReady(Duration.ofSeconds(60))).isTrue();
      String id = UUID.randomUUID().toString();
      CompletableFuture<Http.Answer> answer = new Http(gateway.url()).postAsync("/v1/events", kent, arrest(id));
      await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
      producer.errorNext(new TimeoutException("Expiring 1 record(s) for countline.field-events-0"));

      Http.Answer refused = answer.get(10, TimeUnit.SECONDS);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().path("eventId").asText()).isEqualTo(id);
      assertThat(refused.json().path("errors").get(0).path("message").asText())
          .contains("Kafka is not available").contains("send it again with the same eventId");
      assertThat(refused.header("Retry-After")).isEqualTo("5");
    }
  }

  @Test
  void shouldAnswer503WithinTheBoundedWaitWhenTheBrokerCannotBeReachedAndAcceptTheResendLater() throws Exception {
    GatewayConfig config = config(fixture.bootstrap).build();
    Properties props = GatewayServer.producerConfig(config);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + unusedPort());
    String id = UUID.randomUUID().toString();
    try (GatewayServer gateway = new GatewayServer(config,
        FieldEventPublisher.create("unused", fixture.serdeConfig, props)).start()) {
      assertThat(gateway.awaitReady(Duration.ofSeconds(60))).isTrue();
      long start = System.nanoTime();
      Http.Answer answer = new Http(gateway.url()).post("/v1/events", kent, arrest(id));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
      assertThat(answer.json().path("eventId").asText()).isEqualTo(id);
      assertThat(took).isLessThan(config.ackTimeout().plusSeconds(3));
    }
    assertThat(fixture.events(OP)).noneMatch(e -> e.getEventId().equals(id));

    // The client sends the same event again once Kafka is back: accepted, and stored once.
    try (GatewayServer gateway = new GatewayServer(config(fixture.bootstrap).build()).start()) {
      assertThat(gateway.awaitReady(Duration.ofSeconds(60))).isTrue();
      assertThat(new Http(gateway.url()).post("/v1/events", kent, arrest(id)).status()).isEqualTo(202);
    }
    assertThat(fixture.events(OP)).filteredOn(e -> e.getEventId().equals(id)).hasSize(1);
  }

  @Test
  void shouldAnswer503NotAcceptWhileItCannotReadKafkaAtAll() throws Exception {
    String dead = "localhost:" + unusedPort();
    try (GatewayServer gateway = new GatewayServer(config(dead).startupWait(Duration.ZERO).build()).start()) {
      Http http = new Http(gateway.url());
      Http.Answer answer = http.post("/v1/events", kent, arrest(null));
      assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
      assertThat(answer.json().path("errors").get(0).path("message").asText()).contains("still reading");
      assertThat(http.post("/v1/events", null, arrest(null)).status()).isEqualTo(401);

      Http.Answer health = http.get("/health");
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.json().path("kafka").path("reachable").asBoolean()).isFalse();
      assertThat(health.json().path("ready").path("reference").asBoolean()).isFalse();
    }
  }

  @Test
  void shouldCloseOnlyOnce() {
    GatewayServer gateway = new GatewayServer(config(fixture.bootstrap).build(), new FieldEventPublisher(heldProducer())).start();
    int port = gateway.port();
    gateway.close();
    gateway.close();
    assertThat(port).isPositive();
  }

  static int unusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
