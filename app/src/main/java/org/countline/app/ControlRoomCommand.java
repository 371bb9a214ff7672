package org.countline.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.countline.controlroom.ControlRoomConfig;
import org.countline.controlroom.ControlRoomServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code countline control-room}: the live dashboard, the totals API and the metrics, until Ctrl-C or SIGTERM. */
@Command(
    name = "control-room",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the control room until Ctrl-C or SIGTERM: the live dashboard at /, the totals API at",
      "/api/operations, Server-Sent Events at /api/operations/ID/stream, /metrics (Prometheus) and /health.",
      "Reads the totals topics from the beginning, so a restart shows the same figures.",
    })
final class ControlRoomCommand implements Callable<Integer> {
  static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);
  static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + ControlRoomConfig.DEFAULT_PORT,
      description = "HTTP port (0 picks a free one). Default: ${DEFAULT-VALUE}")
  int port;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      defaultValue = ControlRoomConfig.DEFAULT_HOST,
      description = "Interface to listen on (0.0.0.0: every one, so that a wall screen can connect). Default: ${DEFAULT-VALUE}")
  String host;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (port != 0) {
      Ports.requireFree(host, port, "control room");
    }
    connection.requireKafka(KAFKA_TIMEOUT);
    try (ShutdownHook hook = ShutdownHook.install("countline-control-room", STOP_TIMEOUT)) {
      ControlRoomServer room = hook.closeOnStop(start(connection, host, port));
      out.printf("Control room listening on %s (dashboard; API at /api/operations; /metrics, /health)%n", room.url());
      out.flush();
      if (!room.awaitCaughtUp(LOAD_TIMEOUT)) {
        out.printf("Still reading the totals topics after %d s; the dashboard fills in as they load.%n", LOAD_TIMEOUT.toSeconds());
      }
      out.println("Countline control room ready. Ctrl-C to stop.");
      out.flush();
      hook.awaitStop();
    }
    return 0;
  }

  /** A started control room on {@code connection}'s Kafka and registry; the demo uses it too. */
  static ControlRoomServer start(ConnectionOptions connection, String host, int port) {
    ControlRoomConfig config = ControlRoomConfig.of(connection.bootstrapServers(), Registries.config(connection))
        .withHost(host)
        .withPort(port)
        .withKafkaProperties(connection.kafkaProperties());
    return new ControlRoomServer(config).start();
  }
}
