package org.countline.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.countline.app.broker.EmbeddedBroker;
import org.countline.avro.Operation;
import org.countline.controlroom.ControlRoomConfig;
import org.countline.controlroom.ControlRoomServer;
import org.countline.gateway.GatewayConfig;
import org.countline.gateway.GatewayServer;
import org.countline.gateway.GatewayTokens;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.ReferencePublisher;
import org.countline.producers.simulator.WeekSimulator;
import org.countline.registry.server.RegistryServer;
import org.countline.registry.server.RegistryServerConfig;
import org.countline.streams.TopologyOptions;
import org.countline.streams.TotalsApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code countline demo}: the whole system in one process on the embedded default: a real Kafka
 * broker (KRaft), the schema registry and the totals streams app, with data kept in one
 * directory so that a restart finds the week and its totals unchanged.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs everything in one process, no Docker: a real Kafka broker (KRaft), the schema registry,",
      "the live totals streams app, the control room dashboard, the HTTP gateway, and a simulated",
      "week for the current week's demo operation.",
      "Prints where each listens and a demo token, then a line containing 'ready'.",
      "Ctrl-C (SIGTERM) stops it cleanly; data persists in DIR.",
    })
final class DemoCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);
  static final String DEMO_FORCE = "kent";
  static final int SIMULATION_RATE = 200;

  @Spec CommandSpec spec;

  @Mixin ReferenceOptions reference;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "countline-data",
      description = "Where the broker log and streams state live. Default: ${DEFAULT-VALUE}")
  Path dataDir;

  @Option(names = "--no-simulate",
      description = "Do not publish a simulated week.")
  boolean noSimulate;

  @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "" + EmbeddedBroker.DEFAULT_PORT,
      description = "Default: ${DEFAULT-VALUE}")
  int kafkaPort;

  @Option(names = "--controller-port", paramLabel = "PORT", defaultValue = "" + EmbeddedBroker.DEFAULT_CONTROLLER_PORT,
      description = "Default: ${DEFAULT-VALUE}")
  int controllerPort;

  @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "8081", description = "Default: ${DEFAULT-VALUE}")
  int registryPort;

  @Option(names = "--control-room-port", paramLabel = "PORT", defaultValue = "" + ControlRoomConfig.DEFAULT_PORT,
      description = "Default: ${DEFAULT-VALUE}")
  int controlRoomPort;

  @Option(names = "--gateway-port", paramLabel = "PORT", defaultValue = "" + GatewayConfig.DEFAULT_PORT,
      description = "Default: ${DEFAULT-VALUE}")
  int gatewayPort;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    // A port clash fails at once, before anything starts.
    requireFree(registryPort, "schema registry");
    requireFree(gatewayPort, "gateway");
    requireFree(controlRoomPort, "control room");
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
      // One stream thread: the simulated week comes at SIMULATION_RATE events/s, and the demo keeps
      // its memory small.
      TotalsApp app = hook.closeOnStop(
          StreamsCommand.start(connection, dataDir.resolve("streams"), TotalsApp.DEFAULT_APPLICATION_ID, 1,
              TopologyOptions.defaults()));
      Setup.awaitRunning(app, Duration.ofSeconds(90));
      out.printf("Totals streams:   running (state in %s)%n", dataDir.resolve("streams"));

      ControlRoomServer room = hook.closeOnStop(ControlRoomCommand.start(connection, ControlRoomConfig.DEFAULT_HOST, controlRoomPort));
      room.bindKafkaStreams(app.streams(), "streams");
      room.awaitCaughtUp(Duration.ofSeconds(60));
      out.printf("Control room:     %s (dashboard; /api/operations, /metrics, /health)%n", room.url());

      Operation week = demoOperation(connection);
      out.printf("Demo operation:   %s (%s to %s)%n", week.getId(), week.getStart(), week.getEnd());
      GatewayServer gateway = hook.closeOnStop(GatewayCommand.start(connection, "0.0.0.0", gatewayPort, Duration.ofSeconds(10)));
      out.printf("Gateway:          %s (OpenAPI at %s/openapi.json)%n", gateway.url(), gateway.url());
      String token = GatewayTokens.issue(connection.bootstrapServers(), connection.kafkaProperties(), reference.load(), DEMO_FORCE, Clock.systemUTC());
      out.printf("Demo token:       %s (force %s)%n", token, DEMO_FORCE);
      out.printf("Field app:        %s/app/ (officers' reporting form; paste the demo token)%n", gateway.url());
      out.println();
      out.printf("Try:  curl -X POST %s/v1/events -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\%n",
          gateway.url(), token);
      out.printf("        -d '{\"operationId\":\"%s\",\"force\":\"%s\",\"type\":\"arrest\",\"occurredAt\":\"%s\",\"arrest\":{\"count\":2}}'%n",
          week.getId(), DEMO_FORCE, Instant.now().truncatedTo(ChronoUnit.SECONDS));
      out.printf("      ./countline totals --operation %s --force %s%n", week.getId(), DEMO_FORCE);
      if (!noSimulate) {
        // Registered last, so stopped first: its producer finishes while the broker is still up.
        hook.closeOnStop(simulate(connection, week));
        out.printf("Simulator:        publishing the week so far (%,d events) at %d/s%n", WeekSimulator.DEFAULT_EVENTS, SIMULATION_RATE);
      }
      out.println("Countline demo ready. Ctrl-C to stop.");
      out.flush();
      hook.awaitStop();
    }
    return 0;
  }

  private static void requireFree(int port, String what) {
    if (port != 0) {
      Ports.requireFree(ControlRoomConfig.DEFAULT_HOST, port, what);
    }
  }

  /** The current week, Monday to Sunday in London; kept as it is when it exists already. */
  static Operation demoOperation(ConnectionOptions connection) {
    LocalDate monday = LocalDate.now(ZoneId.of("Europe/London")).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    String id = "demo-" + monday;
    Operation existing = OperationCommand.read(connection).get(id);
    if (existing != null) {
      return existing;
    }
    Operation week = OperationCommand.build(id, "Demo week of " + monday, monday.toString(), monday.plusDays(6).toString(),
        null, "county-lines-intensification", "Europe/London");
    try (ReferencePublisher publisher = Setup.referencePublisher(connection)) {
      publisher.publishOperation(week);
    }
    return week;
  }

  /**
   * Publishes the week so far in the background, so that the demo is usable at once and the
   * totals climb. A fixed seed gives the same eventIds at every start: a restarted demo resends
   * the same events, and they are counted once. Closing the returned handle stops the simulation
   * and waits (up to 10 s) for its producer to close.
   */
  private AutoCloseable simulate(ConnectionOptions connection, Operation week) {
    Thread simulator = new Thread(() -> {
      try (FieldEventPublisher publisher = FieldEventPublisher.create(connection.bootstrapServers(), Registries.config(connection), connection.kafkaOverrides())) {
        WeekSimulator.Result result = WeekSimulator.of(week, reference.load())
            .seed(1)
            .until(Instant.now())
            .publish(publisher, SIMULATION_RATE, WeekSimulator.Progress.NONE);
        log.info("Simulated {} events for {} in {} s", result.published(), week.getId(), result.elapsed().toSeconds());
      } catch (InterruptedException e) {
        log.info("Simulator stopped: {}", e.getMessage() == null ? "interrupted" : e.getMessage());
      } catch (RuntimeException e) {
        log.warn("The simulated week stopped: {}", e.getMessage());
      }
    }, "countline-demo-simulator");
    simulator.setDaemon(true);
    simulator.start();
    return () -> {
      simulator.interrupt();
      simulator.join(TimeUnit.SECONDS.toMillis(10));
    };
  }
}
