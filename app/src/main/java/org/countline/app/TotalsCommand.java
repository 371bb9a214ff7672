package org.countline.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.countline.avro.Operation;
import org.countline.avro.Totals;
import org.countline.core.Keys;
import org.countline.core.Metric;
import org.countline.core.ReferenceData;
import org.countline.core.Tally;
import org.countline.core.json.TotalsJson;
import org.countline.registry.serde.SpecificAvroDeserializer;
import org.countline.streams.Topics;
import org.countline.streams.TotalsReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code countline totals}: the current live totals of an operation, read from the totals topics. */
@Command(
    name = "totals",
    mixinStandardHelpOptions = true,
    description = "Prints the current live totals of an operation: national, or one force's or one region's.")
final class TotalsCommand implements Callable<Integer> {
  enum Format { table, json }

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Option(names = "--operation", required = true, paramLabel = "ID") String operation;

  @ArgGroup(exclusive = true) Scope scope = new Scope();

  static final class Scope {
    @Option(names = "--force", paramLabel = "CODE", description = "One force's totals.") String force;
    @Option(names = "--region", paramLabel = "CODE", description = "One region's totals.") String region;
  }

  @Option(names = "--format", paramLabel = "table|json", defaultValue = "table", description = "Default: ${DEFAULT-VALUE}")
  Format format;

  @Override
  public Integer call() throws Exception {
    connection.requireKafka(Duration.ofSeconds(15));
    Map<String, Operation> operations = OperationCommand.read(connection);
    Operation op = operations.get(operation);
    if (op == null) {
      throw new UserFacingException("no operation '" + operation + "' (see: countline operation list)");
    }
    String topic;
    String key;
    String title;
    if (scope.force != null) {
      String name = ReferenceData.defaults().force(scope.force).map(f -> f.name()).orElse(scope.force);
      topic = Topics.TOTALS_FORCE;
      key = Keys.of(operation, scope.force);
      title = name;
    } else if (scope.region != null) {
      topic = Topics.TOTALS_REGION;
      key = Keys.of(operation, scope.region);
      title = ReferenceData.defaults().regions().getOrDefault(scope.region, scope.region);
    } else {
      topic = Topics.TOTALS_NATIONAL;
      key = operation;
      title = "All forces";
    }
    SpecificAvroDeserializer<Totals> values = new SpecificAvroDeserializer<>();
    values.configure(Registries.config(connection), false);
    Map<String, Totals> found = TotalsReader.latest(connection.bootstrapServers(), connection.kafkaProperties(), topic, values, key::equals, Duration.ofSeconds(30));
    Tally tally = found.containsKey(key) ? Tally.fromAvro(found.get(key)) : Tally.zero();
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(TotalsJson.toJson(tally)));
      return 0;
    }
    out.printf("%s, %s (%s to %s)%n", op.getName(), title, op.getStart(), op.getEnd());
    if (!found.containsKey(key)) {
      out.println("No events counted yet.");
      return 0;
    }
    for (Metric m : Metric.values()) {
      out.printf("  %-28s %15s%n", m.label(), format(m, tally.get(m)));
    }
    out.printf("  %-28s %15s%n", "Last update", Instant.ofEpochMilli(tally.updatedAtMillis()));
    return 0;
  }

  static String format(Metric m, long value) {
    return switch (m.unit()) {
      case COUNT -> String.format("%,d", value);
      case PENCE -> String.format("%,.2f", m.display(value));
      case MILLIGRAMS -> String.format("%,.3f", m.display(value));
    };
  }
}
