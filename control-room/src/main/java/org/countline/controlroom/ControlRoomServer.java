package org.countline.controlroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.countline.streams.Topics;
import org.countline.streams.TotalsSerdes;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control room: the live dashboard, the totals API, its Server-Sent Events and the metrics,
 * over HTTP (CONTRACT.md, "Control room").
 *
 * <p>Reads {@code countline.totals.national}, {@code .region}, {@code .force}, {@code .daily},
 * {@code countline.operations} and {@code countline.forces} from the beginning, committed records
 * only, into an in-memory {@link TotalsView}; counts the records of {@code
 * countline.field-events.rejected}. It writes nothing to Kafka and joins no consumer group, so a
 * restart rebuilds the same view and any number of control rooms can run side by side.
 *
 * <pre>{@code
 * ControlRoomConfig config = ControlRoomConfig.of("localhost:9092",
 *     Map.of("schema.registry.url", "http://localhost:8081")).withPort(8080);
 * try (ControlRoomServer room = new ControlRoomServer(config).start()) {
 *   room.awaitCaughtUp(Duration.ofSeconds(30));
 *   room.bindKafkaStreams(totalsApp.streams(), "streams"); // metrics of a role in the same process
 *   ...
 * }
 * }</pre>
 */
public final class ControlRoomServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlRoomServer.class);

  /** Where the dashboard's files are in the jar. */
  static final String DASHBOARD = "/org/countline/controlroom/dashboard";
  static final String EVENT_STREAM = "text/event-stream";
  /** Events a client may fall behind by before it is disconnected (it reconnects to a snapshot). */
  static final int CLIENT_QUEUE = 10_000;
  static final int MAX_CLIENTS = 200;
  /** How long a request about an unknown operation waits for the view to load after a restart. */
  private static final Duration LOAD_WAIT = Duration.ofSeconds(10);
  private static final int MAX_THREADS = 32;
  private static final int MIN_THREADS = 2;

  private final ControlRoomConfig config;
  private final PrometheusMeterRegistry registry;
  private final boolean ownsRegistry;
  private final TotalsView view = new TotalsView();
  private final Set<SseSession> sessions = ConcurrentHashMap.newKeySet();
  private final List<AutoCloseable> binders = new ArrayList<>();
  private TotalsSerdes serdes;
  private ControlRoomMetrics metrics;
  private TopicFeed totalsFeed;
  private TopicFeed rejectedFeed;
  private Javalin http;
  private boolean started;
  private volatile boolean closed;

  /** A control room with its own Prometheus registry, which {@code /metrics} serves. */
  public ControlRoomServer(ControlRoomConfig config) {
    this(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), true);
    bindJvmMetrics();
  }

  /**
   * A control room that registers its meters in {@code registry} and serves all of it on {@code
   * /metrics}: the app may share one registry between the roles of one process. The registry is
   * not closed by {@link #close()}; JVM metrics are left to its owner.
   */
  public ControlRoomServer(ControlRoomConfig config, PrometheusMeterRegistry registry) {
    this(config, registry, false);
  }

  private ControlRoomServer(ControlRoomConfig config, PrometheusMeterRegistry registry, boolean ownsRegistry) {
    this.config = config;
    this.registry = registry;
    this.ownsRegistry = ownsRegistry;
  }

  /**
   * Starts reading the topics and listening; returns once the HTTP port is bound (the view may
   * still be loading: see {@link #awaitCaughtUp}). Calling it again does nothing.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized ControlRoomServer start() {
    if (closed) {
      throw new IllegalStateException("ControlRoomServer is closed");
    }
    if (started) {
      return this;
    }
    started = true;
    try {
      metrics = new ControlRoomMetrics(registry, sessions::size);
      serdes = TotalsSerdes.fromRegistry(config.registryConfig());
      totalsFeed = new TopicFeed("countline-control-room-totals", config.bootstrapServers(), config.kafkaProperties(),
          List.of(Topics.OPERATIONS, Topics.FORCES, Topics.TOTALS_NATIONAL, Topics.TOTALS_REGION,
              Topics.TOTALS_FORCE, Topics.TOTALS_DAILY),
          this::onTotalsRecord, registry);
      rejectedFeed = new TopicFeed("countline-control-room-rejected", config.bootstrapServers(),
          config.kafkaProperties(), List.of(Topics.REJECTED), (record, feed) -> metrics.rejected(), registry);
      totalsFeed.start();
      rejectedFeed.start();
      http = Javalin.create(javalin -> {
        javalin.showJavalinBanner = false;
        javalin.startupWatcherEnabled = false;
        javalin.jetty.threadPool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        javalin.staticFiles.add(files -> {
          files.hostedPath = "/";
          files.directory = DASHBOARD;
          files.location = Location.CLASSPATH;
          // A control room screen runs for days: after an upgrade it must load the new files.
          files.headers = Map.of(Header.CACHE_CONTROL, "no-cache");
        });
      });
      routes(http);
      http.start(config.host(), config.port());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    log.info("Control room listening on {} (Kafka {})", url(), config.bootstrapServers());
    return this;
  }

  /** The port listened on: the configured one, or the one picked for port 0. */
  public synchronized int port() {
    if (http == null) {
      throw new IllegalStateException("ControlRoomServer is not started");
    }
    return http.port();
  }

  /** The address to open in a browser, e.g. {@code http://localhost:8080}. */
  public String url() {
    String host = config.host();
    if ("0.0.0.0".equals(host) || "::".equals(host)) {
      host = "localhost";
    }
    return "http://" + host + ":" + port();
  }

  public ControlRoomConfig config() {
    return config;
  }

  /**
   * Waits until the totals, operations and forces topics have been read to the ends they had at
   * {@link #start()}: from then on the dashboard shows the current figures.
   *
   * @return false if that did not happen within {@code timeout}
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    TopicFeed feed;
    synchronized (this) {
      if (totalsFeed == null) {
        throw new IllegalStateException("ControlRoomServer is not started");
      }
      feed = totalsFeed;
    }
    return feed.awaitCaughtUp(timeout);
  }

  /** The registry {@code /metrics} serves; other roles of the process may register in it. */
  public MeterRegistry meterRegistry() {
    return registry;
  }

  /**
   * Publishes the Kafka Streams metrics of {@code streams} (another role of this process, the
   * totals app say) on {@code /metrics}, tagged {@code role=ROLE}, until this server closes.
   */
  public void bindKafkaStreams(KafkaStreams streams, String role) {
    bind(new KafkaStreamsMetrics(streams, Tags.of("role", role)));
  }

  /** Binds any Micrometer binder to {@code /metrics}; closed with this server when it is {@link AutoCloseable}. */
  public synchronized void bind(MeterBinder binder) {
    if (closed) {
      throw new IllegalStateException("ControlRoomServer is closed");
    }
    binder.bindTo(registry);
    if (binder instanceof AutoCloseable closeable) {
      binders.add(closeable);
    }
  }

  /** Ends every stream, stops listening and reading, and removes its meters. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    // Streams first: their threads hold requests open, and Jetty would wait for them.
    sessions.forEach(SseSession::end);
    if (http != null) {
      http.stop();
    }
    closeQuietly(totalsFeed);
    closeQuietly(rejectedFeed);
    if (serdes != null) {
      serdes.operations().close();
      serdes.forces().close();
      serdes.totals().close();
      serdes.fieldEvents().close();
    }
    binders.forEach(ControlRoomServer::closeQuietly);
    closeQuietly(metrics);
    if (ownsRegistry) {
      registry.close();
    }
    log.info("Control room stopped");
  }

  // ---- Kafka ----

  private void onTotalsRecord(ConsumerRecord<String, byte[]> record, TopicFeed feed) throws InterruptedException {
    String key = record.key();
    if (key == null) {
      feed.skip(record, "no key");
      return;
    }
    switch (record.topic()) {
      case Topics.OPERATIONS -> feed.decode(record, serdes.operations().deserializer(), v -> view.applyOperation(key, v));
      case Topics.FORCES -> feed.decode(record, serdes.forces().deserializer(), v -> view.applyForce(key, v));
      default -> {
        Scope scope = Scope.ofTopic(record.topic())
            .orElseThrow(() -> new IllegalStateException("not a totals topic: " + record.topic()));
        feed.decode(record, serdes.totals().deserializer(), v -> {
          if (view.applyTotals(scope, key, v)) {
            metrics.totalsUpdate(scope);
          }
        });
      }
    }
  }

  // ---- HTTP ----

  private void routes(Javalin app) {
    SseHandler sse = new SseHandler(0, this::serve);
    app.get("/health", this::health);
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    app.get("/api/operations", ctx -> json(ctx, view.operationsJson()));
    app.get("/api/forces", ctx -> json(ctx, view.referenceJson()));
    app.get("/api/operations/{id}/totals", ctx -> answer(ctx, view::totalsJson, "operation"));
    app.get("/api/operations/{id}/daily", ctx -> answer(ctx, view::dailyJson, "operation"));
    app.get("/api/operations/{id}/forces/{code}",
        ctx -> answer(ctx, id -> view.forceJson(id, ctx.pathParam("code")), "force"));
    app.get("/api/operations/{id}/regions/{code}",
        ctx -> answer(ctx, id -> view.regionJson(id, ctx.pathParam("code")), "region"));
    app.get("/api/operations/{id}/stream", ctx -> {
      if (known(ctx, "operation")) {
        if (!EVENT_STREAM.equals(ctx.header(Header.ACCEPT))) {
          error(ctx, HttpStatus.NOT_ACCEPTABLE, "this is a Server-Sent Events stream: send Accept: " + EVENT_STREAM);
        } else if (sessions.size() >= MAX_CLIENTS) {
          error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "too many clients on the stream (" + MAX_CLIENTS + ")");
        } else {
          sse.handle(ctx);
        }
      }
    });
    app.exception(Exception.class, (e, ctx) -> {
      log.error("{} {} failed", ctx.method(), ctx.path(), e);
      error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + e.getClass().getSimpleName());
    });
  }

  /**
   * Answers with {@code body} for the operation in the path, or 404 naming what is unknown, or
   * 503 while the view is still loading after a restart.
   */
  private void answer(Context ctx, Function<String, Optional<ObjectNode>> body, String what) throws InterruptedException {
    String id = ctx.pathParam("id");
    if (!known(ctx, "operation")) {
      return;
    }
    Optional<ObjectNode> found = body.apply(id);
    if (found.isPresent()) {
      json(ctx, found.get());
    } else {
      String unknown = "operation".equals(what) ? "'" + id + "'" : "'" + ctx.pathParam("code") + "' in operation '" + id + "'";
      error(ctx, HttpStatus.NOT_FOUND, "unknown " + what + " " + unknown);
    }
  }

  /** True when the path's operation is known; otherwise answers 404 (or 503 while loading) and returns false. */
  private boolean known(Context ctx, String what) throws InterruptedException {
    String id = ctx.pathParam("id");
    if (view.knows(id)) {
      return true;
    }
    if (!totalsFeed.isCaughtUp() && totalsFeed.awaitCaughtUp(LOAD_WAIT) && view.knows(id)) {
      return true;
    }
    if (!totalsFeed.isCaughtUp()) {
      ctx.header(Header.RETRY_AFTER, "2");
      error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "the control room is still reading the totals topics; try again shortly");
    } else {
      error(ctx, HttpStatus.NOT_FOUND, "unknown " + what + " '" + id + "'");
    }
    return false;
  }

  private void health(Context ctx) {
    Throwable failure = Optional.ofNullable(totalsFeed.failure()).orElse(rejectedFeed.failure());
    boolean caughtUp = totalsFeed.isCaughtUp();
    ObjectNode json = ControlRoomJson.object();
    json.put("status", failure != null ? "DOWN" : caughtUp ? "UP" : "STARTING");
    json.put("caughtUp", caughtUp);
    json.put("operations", view.operationCount());
    json.put("forces", view.forceCount());
    json.put("streamClients", sessions.size());
    if (failure != null) {
      json.put("error", failure.toString());
    }
    ctx.status(failure != null ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK);
    json(ctx, json);
  }

  /**
   * One stream client, on its own thread (Javalin's async executor): the snapshot, then each
   * change of the operation as it is applied, and a comment line when nothing happened for a
   * heartbeat, until the client goes, falls too far behind, or the server closes.
   */
  private void serve(SseClient client) {
    String id = client.ctx().pathParam("id");
    SseSession session = new SseSession(id, CLIENT_QUEUE);
    Optional<StreamEvent> snapshot = view.subscribe(id, session);
    if (snapshot.isEmpty()) {
      client.close();
      return;
    }
    sessions.add(session);
    if (closed) {
      session.end();
    }
    try {
      client.sendEvent(snapshot.get().name(), snapshot.get().data());
      while (!client.terminated() && !session.ended()) {
        StreamEvent event = session.next(config.heartbeat());
        if (session.ended()) {
          break;
        }
        if (event == null) {
          client.sendComment("heartbeat");
        } else {
          client.sendEvent(event.name(), event.data());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      view.unsubscribe(id, session);
      sessions.remove(session);
      client.close();
    }
  }

  private static void json(Context ctx, JsonNode node) {
    ctx.contentType(ContentType.APPLICATION_JSON).result(ControlRoomJson.write(node));
  }

  private static void error(Context ctx, HttpStatus status, String message) {
    ctx.status(status).contentType(ContentType.APPLICATION_JSON).result(ControlRoomJson.error(message));
  }

  private void bindJvmMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    binders.add(gc);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      log.warn("Error while closing {}: {}", c.getClass().getSimpleName(), e.toString(), e);
    }
  }
}
