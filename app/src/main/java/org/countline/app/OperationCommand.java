package org.countline.app;

import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.core.ReferenceData;
import org.countline.producers.ReferencePublisher;
import org.countline.registry.serde.SpecificAvroDeserializer;
import org.countline.streams.Topics;
import org.countline.streams.TotalsReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code countline operation create|list|close}: the weeks of action. */
@Command(
    name = "operation",
    mixinStandardHelpOptions = true,
    description = "Creates, lists and closes operations (weeks of action). Dates are local UK dates, inclusive.",
    subcommands = {OperationCommand.Create.class, OperationCommand.ListOperations.class, OperationCommand.Close.class})
final class OperationCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: create, list or close");
  }

  static Map<String, Operation> read(ConnectionOptions connection) {
    SpecificAvroDeserializer<Operation> values = new SpecificAvroDeserializer<>();
    values.configure(Registries.config(connection), false);
    return TotalsReader.latest(connection.bootstrapServers(), connection.kafkaProperties(), Topics.OPERATIONS, values, k -> true, Duration.ofSeconds(30));
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates an open operation.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "Operation id, lower-case words joined by '-', e.g. cliw-2022-10.")
    String id;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Name for people, e.g. \"County Lines Intensification Week, October 2022\".")
    String name;

    @Option(names = "--start", required = true, paramLabel = "YYYY-MM-DD", description = "First day, local date.")
    String start;

    @Option(names = "--end", required = true, paramLabel = "YYYY-MM-DD", description = "Last day, local date, inclusive.")
    String end;

    @Option(names = "--previous", paramLabel = "ID", description = "The previous operation of the same kind, for comparisons.")
    String previous;

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "county-lines-intensification", description = "Default: ${DEFAULT-VALUE}")
    String kind;

    @Option(names = "--time-zone", paramLabel = "ZONE", defaultValue = "Europe/London", description = "Default: ${DEFAULT-VALUE}")
    String timeZone;

    @Override
    public Integer call() {
      Operation operation = build(id, name, start, end, previous, kind, timeZone);
      connection.requireKafka(Duration.ofSeconds(15));
      Setup.ensureTopics(connection, 6, (short) 1);
      try (ReferencePublisher publisher = Setup.referencePublisher(connection)) {
        publisher.publishOperation(operation);
      }
      spec.commandLine().getOut().printf("Created operation %s (%s), %s to %s %s%n",
          operation.getId(), operation.getName(), operation.getStart(), operation.getEnd(), operation.getTimeZone());
      return 0;
    }
  }

  /** Checks the options and builds the operation; every message names the option. */
  static Operation build(String id, String name, String start, String end, String previous, String kind, String timeZone) {
    if (!ReferenceData.CODE.matcher(id).matches()) {
      throw new UserFacingException("--id: '" + id + "' must be lower-case letters and digits joined by '-'");
    }
    if (name.isBlank()) {
      throw new UserFacingException("--name: must not be blank");
    }
    LocalDate first = date("--start", start);
    LocalDate last = date("--end", end);
    if (last.isBefore(first)) {
      throw new UserFacingException("--end: " + last + " is before --start " + first);
    }
    if (previous != null && !ReferenceData.CODE.matcher(previous).matches()) {
      throw new UserFacingException("--previous: '" + previous + "' is not an operation id");
    }
    try {
      ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new UserFacingException("--time-zone: unknown time zone '" + timeZone + "'");
    }
    return Operation.newBuilder()
        .setId(id).setName(name).setKind(kind).setStart(first).setEnd(last)
        .setTimeZone(timeZone).setStatus(OperationStatus.OPEN).setPreviousOperationId(previous)
        .build();
  }

  private static LocalDate date(String option, String value) {
    try {
      return LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      throw new UserFacingException(option + ": '" + value + "' is not a date YYYY-MM-DD");
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists every operation, newest first.")
  static final class ListOperations implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Override
    public Integer call() {
      connection.requireKafka(Duration.ofSeconds(15));
      PrintWriter out = spec.commandLine().getOut();
      List<Operation> operations = read(connection).values().stream()
          .sorted(Comparator.comparing(Operation::getStart).reversed())
          .toList();
      if (operations.isEmpty()) {
        out.println("No operations yet. Create one with: countline operation create --id ID --name NAME --start YYYY-MM-DD --end YYYY-MM-DD");
        return 0;
      }
      String format = "%-24s %-7s %-10s %-10s %-12s %s%n";
      out.printf(format, "ID", "STATUS", "START", "END", "PREVIOUS", "NAME");
      for (Operation o : operations) {
        out.printf(format, o.getId(), o.getStatus().toString().toLowerCase(Locale.ROOT), o.getStart(), o.getEnd(),
            o.getPreviousOperationId() == null ? "-" : o.getPreviousOperationId(), o.getName());
      }
      return 0;
    }
  }

  @Command(name = "close", mixinStandardHelpOptions = true,
      description = "Closes an operation: events for it are refused from then on; its totals stay.")
  static final class Close implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Parameters(paramLabel = "ID", description = "The operation to close.")
    String id;

    @Override
    public Integer call() {
      connection.requireKafka(Duration.ofSeconds(15));
      Operation operation = read(connection).get(id);
      if (operation == null) {
        throw new UserFacingException("no operation '" + id + "' (see: countline operation list)");
      }
      if (operation.getStatus() == OperationStatus.CLOSED) {
        spec.commandLine().getOut().printf("Operation %s is already closed%n", id);
        return 0;
      }
      operation.setStatus(OperationStatus.CLOSED);
      operation.setClosedAt(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
      try (ReferencePublisher publisher = Setup.referencePublisher(connection)) {
        publisher.publishOperation(operation);
      }
      spec.commandLine().getOut().printf("Closed operation %s at %s: events reported from now on are refused; its totals stay.%n",
          id, operation.getClosedAt());
      return 0;
    }
  }
}
