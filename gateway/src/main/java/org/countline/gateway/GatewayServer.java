package org.countline.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.countline.core.Violation;
import org.countline.producers.FieldEventPublisher;
import org.countline.streams.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP ingest gateway, for field apps that speak HTTP rather than Kafka (CONTRACT.md,
 * "Gateway"; the OpenAPI document is served at {@code /openapi.json}).
 *
 * <p>Writes field events to {@code countline.field-events} (keyed {@code OPERATION/FORCE}) and
 * answers 202 only after Kafka has acknowledged them. Reads, from the beginning and live, {@code
 * countline.gateway.tokens} (who may report for which force), {@code countline.forces} and {@code
 * countline.operations} (to validate as the topology will) and {@code countline.field-events}
 * (the latest revision of each event, for amendments and withdrawals).
 *
 * <p>Also serves the officers' field app at {@code /app/} ({@link FieldApp}) and, for it, {@code
 * GET /v1/operations}: the token's force and the operations open now ({@link OperationsApi}).
 *
 * <pre>{@code
 * try (GatewayServer gateway = new GatewayServer(GatewayConfig.builder(bootstrap, registry).build()).start()) {
 *   ... gateway.url() ...
 * }
 * }</pre>
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
  private static final String OPENAPI = "openapi.json";

  private final GatewayConfig config;
  private final FieldEventPublisher publisher;
  private final ReferenceView reference;
  private final TokenStore tokens = new TokenStore();
  private final EventIndex index;
  private final TopicFollower referenceReader;
  private final TopicFollower eventReader;
  private final KafkaHealth health;
  private final byte[] openApi;
  private final FieldApp fieldApp = new FieldApp();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private Javalin app;

  /** A gateway with its own producer, tuned to answer within {@link GatewayConfig#ackTimeout()}. */
  public GatewayServer(GatewayConfig config) {
    this(config, FieldEventPublisher.create(config.bootstrapServers(), config.registryConfig(), producerConfig(config)));
  }

  /** A gateway writing through {@code publisher}, which it then owns and closes. */
  public GatewayServer(GatewayConfig config, FieldEventPublisher publisher) {
    this.config = config;
    this.publisher = publisher;
    this.reference = new ReferenceView(config.registryConfig());
    this.index = new EventIndex(config.registryConfig());
    this.referenceReader = new TopicFollower("reference", config.bootstrapServers(), config.kafkaProperties(), Map.of(
        GatewayTokens.TOPIC, tokens::onToken,
        Topics.FORCES, reference::onForce,
        Topics.OPERATIONS, reference::onOperation));
    this.eventReader = new TopicFollower("events", config.bootstrapServers(), config.kafkaProperties(), Map.of(Topics.FIELD_EVENTS, index::onEvent));
    this.health = new KafkaHealth(config.bootstrapServers(), config.kafkaProperties());
    this.openApi = resource(OPENAPI);
  }

  /**
   * The gateway's producer settings: idempotent, {@code acks=all}, and every send answered within
   * the ack timeout (no minute-long block on metadata when Kafka is away). Overrides win.
   */
  static Properties producerConfig(GatewayConfig config) {
    long ack = config.ackTimeout().toMillis();
    long request = Math.max(1_000, ack - 100);
    Properties p = new Properties();
    p.putAll(config.kafkaProperties());
    p.putAll(config.producerOverrides());
    p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ack);
    p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request);
    p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(ack, request + 10));
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "countline-gateway");
    return FieldEventPublisher.producerConfig(config.bootstrapServers(), p);
  }

  /**
   * Starts reading the topics and listening; waits up to {@link GatewayConfig#startupWait()} to have
   * read tokens, forces, operations and the events so far (requests that need what is not read yet
   * answer 503). Returns this.
   */
  public GatewayServer start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("the gateway is already started");
    }
    createTokensTopic();
    referenceReader.start();
    eventReader.start();
    EventsApi api = new EventsApi(config, publisher, reference, tokens, index,
        referenceReader::isCaughtUp, eventReader::isCaughtUp);
    OperationsApi operations = new OperationsApi(reference, api, config.clock());
    app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.startupWatcherEnabled = false;
      cfg.http.prefer405over404 = true;
      cfg.http.maxRequestSize = config.maxBodyBytes();
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
      cfg.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
      cfg.jetty.modifyHttpConfiguration(http -> {
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
      });
      cfg.router.mount(router -> {
        router.post("/v1/events", api::post);
        router.post("/v1/events/batch", api::batch);
        router.put("/v1/events/{eventId}", api::amend);
        router.delete("/v1/events/{eventId}", api::withdraw);
        router.get("/v1/operations", operations::list);
        router.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        router.get("/app", fieldApp::redirect);
        router.get("/app/{file}", fieldApp::file);
        router.get("/health", this::health);
      });
    });
    app.exception(ApiException.class, GatewayServer::answer);
    app.exception(HttpResponseException.class, GatewayServer::answerJavalin);
    app.exception(Exception.class, (e, ctx) -> {
      log.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
      answer(ApiException.of(500, "internal error; the event was not accepted"), ctx);
    });
    app.error(404, ctx -> {
      if (ctx.result() == null) {
        answer(ApiException.of(404, "no such resource: " + method(ctx) + " " + ctx.path() + " (see /openapi.json)"), ctx);
      }
    });
    try {
      app.start(config.host(), config.port());
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException("the gateway cannot listen on " + config.host() + ":" + config.port() + ": "
          + e.getMessage(), e);
    }
    log.info("Gateway listening on {}", url());
    awaitReaders();
    return this;
  }

  private void createTokensTopic() {
    Duration timeout = config.startupWait().compareTo(Duration.ofSeconds(10)) < 0 ? config.startupWait() : Duration.ofSeconds(10);
    if (timeout.toMillis() < 500) {
      return;
    }
    try (Admin admin = Admin.create(GatewayTokens.clientConfig(config.bootstrapServers(), config.kafkaProperties()))) {
      GatewayTokens.ensureTopic(admin, timeout);
    } catch (IllegalStateException e) {
      log.warn("Cannot check the tokens topic yet ({}); the gateway follows it once it exists", e.getMessage());
    }
  }

  private void awaitReaders() {
    try {
      long deadline = System.nanoTime() + config.startupWait().toNanos();
      if (!referenceReader.awaitCaughtUp(config.startupWait())) {
        log.warn("The gateway has not read tokens, forces and operations from {} within {} s; it answers 503 until it has",
            config.bootstrapServers(), config.startupWait().toSeconds());
      } else if (!eventReader.awaitCaughtUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        log.warn("The gateway has not read the events reported so far within {} s; amendments, withdrawals and events"
            + " with an eventId answer 503 until it has", config.startupWait().toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The port the gateway listens on (the chosen one when configured with 0). */
  public int port() {
    if (app == null) {
      throw new IllegalStateException("the gateway is not started");
    }
    return app.port();
  }

  /** {@code http://localhost:PORT}. */
  public String url() {
    return "http://localhost:" + port();
  }

  /** True once tokens, forces, operations and the events so far have been read. */
  public boolean isReady() {
    return referenceReader.isCaughtUp() && eventReader.isCaughtUp();
  }

  /** Waits until {@link #isReady()}; false when {@code timeout} passes first. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    return referenceReader.awaitCaughtUp(timeout)
        && eventReader.awaitCaughtUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }

  /** Stops listening, reading and producing. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (app != null) {
      app.stop();
    }
    referenceReader.close();
    eventReader.close();
    health.close();
    publisher.close(Duration.ofSeconds(5));
    log.info("Gateway stopped");
  }

  // ---------------------------------------------------------------------------------------------

  private void health(Context ctx) {
    ObjectNode body = EventsApi.JSON.createObjectNode().put("status", "UP");
    body.putObject("kafka").put("reachable", health.reachable()).put("bootstrapServers", config.bootstrapServers());
    body.putObject("ready")
        .put("reference", referenceReader.isCaughtUp())
        .put("events", eventReader.isCaughtUp());
    ctx.status(200).contentType("application/json").result(EventsApi.json(body));
  }

  private static void answer(ApiException e, Context ctx) {
    ObjectNode body = EventsApi.JSON.createObjectNode();
    e.extra().forEach((k, v) -> body.set(k, EventsApi.JSON.valueToTree(v)));
    body.set("errors", EventsApi.errors(e.errors()));
    e.headers().forEach(ctx::header);
    ctx.status(e.status()).contentType("application/json").result(EventsApi.json(body));
  }

  /** Javalin's own answers (404, 405, 413 from its size check) in the gateway's error shape. */
  private static void answerJavalin(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    String message = switch (status) {
      case 404 -> "no such resource: " + method(ctx) + " " + ctx.path() + " (see /openapi.json)";
      case 405 -> "method " + method(ctx) + " is not allowed on " + ctx.path();
      case 413 -> "the body is too large";
      default -> e.getMessage();
    };
    if (status == 405) {
      String allowed = e.getDetails().get("availableMethods");
      if (allowed != null) {
        ctx.header("Allow", allowed.replace("[", "").replace("]", ""));
      }
    }
    answer(new ApiException(status >= 400 && status < 600 ? status : 500, List.of(new Violation(ApiException.WHOLE, message)),
        Map.of(), Map.of()), ctx);
  }

  /** The method as sent (Javalin calls methods it does not know INVALID); cut short, it is echoed back. */
  private static String method(Context ctx) {
    String m = ctx.req().getMethod();
    return m == null ? "?" : m.length() > 20 ? m.substring(0, 20) + "..." : m;
  }

  private static byte[] resource(String name) {
    try (InputStream in = GatewayServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
