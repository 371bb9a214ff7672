package org.countline.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.countline.registry.server.RegistryServer;
import org.countline.registry.server.RegistryServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code countline registry}: the schema registry server alone, until Ctrl-C or SIGTERM. */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the schema registry (Confluent Schema Registry REST API) until Ctrl-C or SIGTERM.",
      "Schemas are kept in the compacted Kafka topic " + RegistryServerConfig.DEFAULT_TOPIC
          + ", so ids survive restarts and several instances agree.",
    })
final class RegistryCommand implements Callable<Integer> {
  static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + RegistryServerConfig.DEFAULT_PORT,
      description = "HTTP port (0 picks a free one). Default: ${DEFAULT-VALUE}")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (port != 0) {
      Ports.requireFree(RegistryServerConfig.DEFAULT_HOST, port, "schema registry");
    }
    connection.requireKafka(KAFKA_TIMEOUT);
    try (ShutdownHook hook = ShutdownHook.install("countline-registry", STOP_TIMEOUT)) {
      RegistryServerConfig config =
          registryConfig(connection, port);
      RegistryServer registry = hook.closeOnStop(new RegistryServer(config)).start();
      out.printf(
          "Schema registry listening on %s (schemas in topic %s on %s)%n",
          registry.url(), config.topic(), connection.bootstrapServers());
      out.println("Countline registry ready. Ctrl-C to stop.");
      out.flush();
      hook.awaitStop();
    }
    return 0;
  }

  private static RegistryServerConfig registryConfig(ConnectionOptions connection, int port) {
    RegistryServerConfig.Builder builder = RegistryServerConfig.builder(connection.bootstrapServers()).port(port);
    connection.kafkaProperties().forEach(builder::kafkaProperty);
    return builder.build();
  }
}
