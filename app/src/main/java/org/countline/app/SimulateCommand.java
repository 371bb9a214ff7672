package org.countline.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.core.ReferenceData;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.simulator.WeekSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code countline simulate}: a realistic simulated week for an operation, published straight to
 * Kafka with a progress bar. The simulation is {@link WeekSimulator}'s; the same seed gives the
 * same events, so running it twice counts the week once.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes a realistic simulated week of action for an operation, all forces:",
      "arrests, warrants, stops, seizures, lines closed, safeguarding, engagement,",
      "at the scale of real national weeks, with a few resends, amendments and",
      "withdrawals. The same seed gives the same events: a rerun counts nothing twice.",
    })
final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin ReferenceOptions reference;

  @Option(names = "--operation", required = true, paramLabel = "ID", description = "The operation to simulate (see: countline operation list).")
  String operationId;

  @Option(names = "--events", paramLabel = "N", defaultValue = "" + WeekSimulator.DEFAULT_EVENTS,
      description = "How many records to publish. Default: ${DEFAULT-VALUE} (a national week)")
  int events;

  @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
      description = "At most R records a second; 0: as fast as Kafka takes them. Default: ${DEFAULT-VALUE}")
  double rate;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}")
  long seed;

  @Override
  public Integer call() throws InterruptedException {
    if (events < 1) {
      throw new UserFacingException("--events: must be at least 1");
    }
    if (rate < 0 || Double.isNaN(rate)) {
      throw new UserFacingException("--rate: must be 0 or more");
    }
    ReferenceData forces = reference.load();
    connection.requireKafka(Duration.ofSeconds(15));
    Operation operation = OperationCommand.read(connection).get(operationId);
    if (operation == null) {
      throw new UserFacingException("no operation '" + operationId + "' (see: countline operation list; create one with"
          + " countline operation create --id ID --name NAME --start YYYY-MM-DD --end YYYY-MM-DD)");
    }
    if (operation.getStatus() == OperationStatus.CLOSED) {
      throw new UserFacingException("operation '" + operationId + "' is closed: its events would be refused");
    }
    WeekSimulator simulator = WeekSimulator.of(operation, forces).events(events).seed(seed);
    WeekSimulator.Result result;
    try (FieldEventPublisher publisher = FieldEventPublisher.create(connection.bootstrapServers(), Registries.config(connection), connection.kafkaOverrides());
        ProgressBar progress = ProgressBar.start(spec.commandLine().getErr(), "Simulating", events, true)) {
      result = simulator.publish(publisher, rate, (done, total) -> progress.step());
    } catch (IllegalStateException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Published %,d simulated events for %s across %d forces in %.1f s (seed %d)%n",
        result.published(), operationId, forces.forces().size(), result.elapsed().toMillis() / 1000.0, seed);
    out.printf("See them:  ./countline totals --operation %s%n", operationId);
    return 0;
  }
}
