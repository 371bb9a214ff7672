package org.countline.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.concurrent.Callable;
import org.countline.app.broker.EmbeddedBroker;
import org.countline.registry.server.RegistryServer;
import org.countline.registry.server.RegistryServerConfig;
import org.countline.streams.TotalsApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code countline demo}: the whole system in one process on the embedded default: a real Kafka
 * broker (KRaft), the schema registry and the totals streams app, with data kept in one
 * directory so that a restart finds the week and its totals unchanged.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs everything in one process, no Docker: a real Kafka broker (KRaft), the schema registry",
      "and the live totals streams app. Prints where each listens, then a line containing 'ready'.",
      "Ctrl-C (SIGTERM) stops it cleanly; data persists in DIR.",
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ReferenceOptions reference;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "countline-data",
      description = "Where the broker log and streams state live. Default: ${DEFAULT-VALUE}")
  Path dataDir;

  @Option(names = "--no-simulate",
      description = "Do not publish a simulated week (the simulator arrives with the field-reporting work; today nothing is simulated either way).")
  boolean noSimulate;

  @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "" + EmbeddedBroker.DEFAULT_PORT,
      description = "Default: ${DEFAULT-VALUE}")
  int kafkaPort;

  @Option(names = "--controller-port", paramLabel = "PORT", defaultValue = "" + EmbeddedBroker.DEFAULT_CONTROLLER_PORT,
      description = "Default: ${DEFAULT-VALUE}")
  int controllerPort;

  @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "8081", description = "Default: ${DEFAULT-VALUE}")
  int registryPort;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    try (ShutdownHook hook = ShutdownHook.install("countline-demo", Duration.ofSeconds(60))) {
      EmbeddedBroker broker = hook.closeOnStop(new EmbeddedBroker(dataDir.resolve("kafka"), kafkaPort, controllerPort)).start();
      out.printf("Kafka broker:     %s (data in %s)%n", broker.bootstrapServers(), broker.dataDir());
      out.flush();

      RegistryServer registry = hook.closeOnStop(new RegistryServer(
          RegistryServerConfig.builder(broker.bootstrapServers()).port(registryPort).build()));
      registry.start();
      out.printf("Schema registry:  %s%n", registry.url());
      out.flush();

      ConnectionOptions connection = ConnectionOptions.of(broker.bootstrapServers(), registry.url());
      Setup.prepareTopics(connection, reference.load(), 6, (short) 1);
      TotalsApp app = hook.closeOnStop(
          StreamsCommand.start(connection, dataDir.resolve("streams"), TotalsApp.DEFAULT_APPLICATION_ID, 1));
      Setup.awaitRunning(app, Duration.ofSeconds(90));
      out.printf("Totals streams:   running (state in %s)%n", dataDir.resolve("streams"));
      out.println();
      LocalDate monday = LocalDate.now(ZoneId.of("Europe/London")).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      out.printf("Try:  ./countline operation create --id demo-week --name \"Demo week\" --start %s --end %s%n", monday, monday.plusDays(6));
      out.println("      ./countline publish arrest --operation demo-week --force kent --count 2");
      out.println("      ./countline totals --operation demo-week");
      out.println("Countline demo ready. Ctrl-C to stop.");
      out.flush();
      hook.awaitStop();
    }
    return 0;
  }
}
