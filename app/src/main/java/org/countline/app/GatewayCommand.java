package org.countline.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.countline.gateway.GatewayConfig;
import org.countline.gateway.GatewayServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code countline gateway}: the HTTP ingest gateway alone, until Ctrl-C or SIGTERM. Everything it
 * does is {@link GatewayServer}'s; this class only wires options and lifecycle.
 */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the HTTP ingest gateway for field apps until Ctrl-C or SIGTERM.",
      "POST /v1/events, PUT and DELETE /v1/events/{eventId}, POST /v1/events/batch, GET /v1/operations;",
      "the officers' field app at /app/; see /openapi.json.",
      "Callers need a token for their force: countline token create --force CODE",
    })
final class GatewayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin ReferenceOptions reference;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + GatewayConfig.DEFAULT_PORT,
      description = "Port to listen on. Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
      description = "Address to listen on. Default: ${DEFAULT-VALUE} (every interface)")
  String host;

  @Option(names = "--ack-timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "How long a request waits for Kafka's acknowledgement before answering 503. Default: ${DEFAULT-VALUE}")
  int ackTimeoutSeconds;

  @Override
  public Integer call() throws InterruptedException {
    if (ackTimeoutSeconds < 1) {
      throw new UserFacingException("--ack-timeout: must be at least 1 second");
    }
    PrintWriter out = spec.commandLine().getOut();
    connection.requireKafka(Duration.ofSeconds(15));
    try (ShutdownHook hook = ShutdownHook.install("countline-gateway", Duration.ofSeconds(30))) {
      Setup.prepareTopics(connection, reference.load(), 6, (short) 1);
      GatewayServer gateway = hook.closeOnStop(start(connection, host, port, Duration.ofSeconds(ackTimeoutSeconds)));
      out.printf("Gateway:          %s (OpenAPI at %s/openapi.json), writing to %s%n",
          gateway.url(), gateway.url(), connection.bootstrapServers());
      out.printf("Field app:        %s/app/%n", gateway.url());
      out.println("Tokens:           ./countline token create --force CODE");
      out.println("Countline gateway ready. Ctrl-C to stop.");
      out.flush();
      hook.awaitStop();
    }
    return 0;
  }

  /** Starts a gateway on {@code port} against the connection's Kafka and registry; the demo uses it too. */
  static GatewayServer start(ConnectionOptions connection, String host, int port, Duration ackTimeout) {
    GatewayConfig.Builder builder = GatewayConfig.builder(connection.bootstrapServers(), Registries.config(connection))
        .host(host)
        .port(port)
        .ackTimeout(ackTimeout);
    connection.kafkaProperties().forEach(builder::kafkaProperty);
    GatewayConfig config = builder.build();
    try {
      return new GatewayServer(config).start();
    } catch (IllegalStateException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
  }
}
