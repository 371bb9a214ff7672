package org.countline.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.countline.app.broker.EmbeddedBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code countline broker}: the embedded Kafka broker alone, until Ctrl-C or SIGTERM. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a real Apache Kafka broker (KRaft, one node) in this process until Ctrl-C or SIGTERM.",
      "Topics and records persist in DIR/kafka across restarts.",
    })
final class BrokerCommand implements Callable<Integer> {
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "countline-data",
      description = "Countline's data directory; the broker keeps its log in DIR/kafka. Default: ${DEFAULT-VALUE}")
  Path dataDir;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + EmbeddedBroker.DEFAULT_PORT,
      description = "Port for Kafka clients (0 picks a free one). Default: ${DEFAULT-VALUE}")
  int port;

  @Option(
      names = "--controller-port",
      paramLabel = "PORT",
      defaultValue = "" + EmbeddedBroker.DEFAULT_CONTROLLER_PORT,
      description = "Port of the KRaft controller (0 picks a free one). Default: ${DEFAULT-VALUE}")
  int controllerPort;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    try (ShutdownHook hook = ShutdownHook.install("countline-broker", STOP_TIMEOUT)) {
      EmbeddedBroker broker =
          hook.closeOnStop(new EmbeddedBroker(EmbeddedBroker.dataDirUnder(dataDir), port, controllerPort)).start();
      out.printf(
          "Kafka broker listening on %s (controller on port %d), data in %s%n",
          broker.bootstrapServers(), broker.controllerPort(), broker.dataDir());
      out.println("Countline broker ready. Ctrl-C to stop.");
      out.flush();
      hook.awaitStop();
    }
    return 0;
  }
}
