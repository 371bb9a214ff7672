package org.countline.registry.server;

import io.javalin.Javalin;
import java.util.concurrent.atomic.AtomicBoolean;
import org.countline.registry.store.RegistryState;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry speaking the Confluent Schema Registry REST API, storing its schemas in a
 * compacted Kafka topic ({@code _schemas} by default).
 *
 * <p>Reads the topic from the beginning at start, so ids survive restarts; several instances on the
 * same topic agree, because every write goes through the topic and each instance applies it in the
 * same order. Enforces compatibility levels (BACKWARD by default) with Avro's {@code
 * SchemaCompatibility}. Countline's embedded default registry; a production deployment may point
 * {@code schema.registry.url} at Confluent Schema Registry instead.
 *
 * <pre>{@code
 * RegistryServerConfig config = RegistryServerConfig.builder("localhost:9092").port(8081).build();
 * try (RegistryServer registry = new RegistryServer(config)) {
 *   registry.start();
 *   ...
 * }
 * }</pre>
 */
public final class RegistryServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);
  // A registry answers few, short requests; Jetty's default of 200 threads would only cost memory.
  private static final int MAX_THREADS = 16;
  private static final int MIN_THREADS = 2;

  private final RegistryServerConfig config;
  private final RegistryState state = new RegistryState();
  private final SchemaLog log;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private Javalin http;

  public RegistryServer(RegistryServerConfig config) {
    this.config = config;
    this.log = new SchemaLog(config, state);
  }

  /**
   * Creates the schemas topic if missing, loads it, and starts listening; returns once both are
   * done.
   *
   * @throws IllegalStateException if already started or closed
   */
  public RegistryServer start() {
    if (closed.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException("RegistryServer can be started once");
    }
    try {
      log.start();
      LOG.info(
          "Loaded {} schemas in {} subjects from topic {} on {}",
          state.schemaCount(),
          state.subjectCount(),
          config.topic(),
          config.bootstrapServers());
      RegistryHttpApi api = new RegistryHttpApi(new RegistryService(state, log), config.users());
      http =
          Javalin.create(
              javalin -> {
                javalin.showJavalinBanner = false;
                javalin.startupWatcherEnabled = false;
                javalin.http.prefer405over404 = true;
                javalin.jetty.threadPool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
              });
      api.install(http);
      http.start(config.host(), config.port());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    LOG.info(
        "Schema registry listening on {} (topic {}{})",
        url(),
        config.topic(),
        config.users().isEmpty() ? "" : ", basic auth");
    return this;
  }

  /** The port listened on: the configured one, or the one picked for port 0. */
  public int port() {
    if (http == null) {
      throw new IllegalStateException("RegistryServer is not started");
    }
    return http.port();
  }

  /** The base URL clients should use, e.g. {@code http://localhost:8081}. */
  public String url() {
    String host = config.host();
    if ("0.0.0.0".equals(host) || "::".equals(host)) {
      host = "localhost";
    }
    return "http://" + host + ":" + port();
  }

  public RegistryServerConfig config() {
    return config;
  }

  /** Stops listening and closes the Kafka clients. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (http != null) {
      http.stop();
    }
    log.close();
    LOG.info("Schema registry on topic {} stopped", config.topic());
  }
}
