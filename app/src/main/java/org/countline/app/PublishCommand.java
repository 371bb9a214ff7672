package org.countline.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.Source;
import org.countline.core.EventValidator;
import org.countline.core.ForceInfo;
import org.countline.core.ReferenceData;
import org.countline.core.Violation;
import org.countline.core.json.FieldEventJson;
import org.countline.core.json.ParseOptions;
import org.countline.core.json.ParseResult;
import org.countline.producers.FieldEventPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code countline publish}: field events straight to Kafka, from a JSON-lines file in the
 * contract's event format, or one event from options. Every event is checked with the same rules
 * as the topology before it is sent, so mistakes are reported here, naming line and field.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes field events to countline.field-events, waiting for Kafka's acknowledgement.",
      "  countline publish --file week.jsonl",
      "  countline publish arrest --operation cliw-2022-10 --force kent --count 2 --charged 1",
      "  countline publish seizure --operation cliw-2022-10 --force kent --drug cocaine:50:g:2500 --cash-gbp 1500 --weapon bladed:2",
      "  countline publish withdrawal --operation cliw-2022-10 --force kent --event-id UUID --revision 2 --reason \"reported twice\"",
      "TYPE is one of: arrest, warrant, vehicle_stop, seizure, deal_line_closed, safeguarding, engagement, withdrawal.",
    })
final class PublishCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin ReferenceOptions reference;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TYPE", description = "Event type, when not publishing a file.")
  String type;

  @Option(names = "--file", paramLabel = "F.jsonl", description = "JSON lines, one event per line, as in the contract.")
  Path file;

  @Option(names = "--operation", paramLabel = "ID") String operation;
  @Option(names = "--force", paramLabel = "CODE") String force;
  @Option(names = "--event-id", paramLabel = "UUID", description = "Default: a new id.") String eventId;
  @Option(names = "--revision", paramLabel = "N", description = "Default: 1.") Integer revision;
  @Option(names = "--occurred-at", paramLabel = "ISO-8601", description = "e.g. 2022-10-04T09:30:00+01:00. Default: now.") String occurredAt;
  @Option(names = "--reporter", paramLabel = "ID", defaultValue = "cli", description = "Pseudonymous reporter id. Default: ${DEFAULT-VALUE}") String reporter;
  @Option(names = "--count", paramLabel = "N") Integer count;
  @Option(names = "--charged", paramLabel = "N") Integer charged;
  @Option(names = "--remanded", paramLabel = "N") Integer remanded;
  @Option(names = "--adults", paramLabel = "N") Integer adults;
  @Option(names = "--children", paramLabel = "N") Integer children;
  @Option(names = "--nrm-referrals", paramLabel = "N") Integer nrmReferrals;
  @Option(names = "--cuckoo-visits", paramLabel = "N") Integer cuckooVisits;
  @Option(names = "--schools", paramLabel = "N") Integer schools;
  @Option(names = "--partners", paramLabel = "N") Integer partners;
  @Option(names = "--cash-gbp", paramLabel = "POUNDS") String cashGbp;
  @Option(names = "--phones", paramLabel = "N") Integer phones;
  @Option(names = "--drug", paramLabel = "DRUG:QTY:UNIT[:GBP]", description = "Repeatable, e.g. cocaine:50:g:2500 or cannabis_plants:120:count") List<String> drugs;
  @Option(names = "--weapon", paramLabel = "TYPE[:N]", description = "Repeatable, e.g. bladed:2 or firearm") List<String> weapons;
  @Option(names = "--reason", paramLabel = "TEXT", description = "Why a withdrawal is made.") String reason;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if ((file == null) == (type == null)) {
      throw new UserFacingException("give either --file F.jsonl or an event TYPE (see --help)");
    }
    List<FieldEvent> events = file != null ? readFile(file) : List.of(fromOptions());
    connection.requireKafka(Duration.ofSeconds(15));
    check(events);
    PrintWriter out = spec.commandLine().getOut();
    try (FieldEventPublisher publisher = FieldEventPublisher.create(connection.bootstrapServers(), Registries.config(connection), connection.kafkaOverrides());
        ProgressBar progress = ProgressBar.start(spec.commandLine().getErr(), "Publishing", events.size(), events.size() > 1000)) {
      List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>(events.size());
      for (FieldEvent event : events) {
        sends.add(publisher.publish(event).whenComplete((m, e) -> progress.step()));
      }
      publisher.flush();
      for (int i = 0; i < sends.size(); i++) {
        RecordMetadata m = await(sends.get(i), events.get(i));
        if (events.size() == 1) {
          FieldEvent e = events.get(0);
          out.printf("Published %s %s revision %d to %s (partition %d, offset %d)%n",
              FieldEventJson.typeOf(e.getPayload()), e.getEventId(), e.getRevision(), m.topic(), m.partition(), m.offset());
        }
      }
    }
    if (events.size() != 1) {
      out.printf("Published %d events from %s%n", events.size(), file);
    }
    return 0;
  }

  private static RecordMetadata await(CompletableFuture<RecordMetadata> send, FieldEvent event) throws InterruptedException {
    try {
      return send.get();
    } catch (ExecutionException e) {
      throw new UserFacingException("Kafka did not take event " + event.getEventId() + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  private List<FieldEvent> readFile(Path path) throws IOException {
    ParseOptions options = ParseOptions.of(Source.IMPORT);
    List<FieldEvent> events = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        ParseResult result = FieldEventJson.parse(line, options);
        if (result.isOk()) {
          events.add(result.event());
        } else {
          for (Violation v : result.violations()) {
            errors.add(path + ":" + number + ": " + v);
          }
        }
      }
    } catch (NoSuchFileException e) {
      throw new UserFacingException("file " + path + " does not exist");
    }
    if (!errors.isEmpty()) {
      throw new UserFacingException("nothing published; fix these first:\n  " + String.join("\n  ", errors.subList(0, Math.min(50, errors.size())))
          + (errors.size() > 50 ? "\n  ... and " + (errors.size() - 50) + " more" : ""));
    }
    if (events.isEmpty()) {
      throw new UserFacingException("file " + path + " has no events");
    }
    return events;
  }

  /** Builds the event in the contract's JSON and parses it, so options obey the same rules as files. */
  FieldEvent fromOptions() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    putIfSet(json, "eventId", eventId);
    if (revision != null) {
      json.put("revision", revision);
    }
    putIfSet(json, "operationId", operation);
    putIfSet(json, "force", force);
    json.put("type", type);
    json.put("occurredAt", occurredAt != null ? occurredAt : Instant.now().toString());
    json.put("reporter", reporter);
    ObjectNode body = json.putObject(type);
    putIfSet(body, "count", count);
    putIfSet(body, "charged", charged);
    putIfSet(body, "remanded", remanded);
    putIfSet(body, "adults", adults);
    putIfSet(body, "children", children);
    putIfSet(body, "nrmReferrals", nrmReferrals);
    putIfSet(body, "cuckooVisits", cuckooVisits);
    putIfSet(body, "schools", schools);
    putIfSet(body, "partners", partners);
    putIfSet(body, "phones", phones);
    putIfSet(body, "reason", reason);
    if (cashGbp != null) {
      body.set("cashGbp", number("--cash-gbp", cashGbp));
    }
    if (drugs != null) {
      ArrayNode list = body.putArray("drugs");
      for (String d : drugs) {
        String[] parts = d.split(":");
        if (parts.length < 3 || parts.length > 4) {
          throw new UserFacingException("--drug: '" + d + "' must be DRUG:QUANTITY:UNIT[:VALUE_GBP], e.g. cocaine:50:g:2500");
        }
        ObjectNode item = list.addObject().put("drug", parts[0]);
        item.set("quantity", number("--drug quantity", parts[1]));
        item.put("unit", parts[2]);
        if (parts.length == 4) {
          item.set("valueGbp", number("--drug value", parts[3]));
        }
      }
    }
    if (weapons != null) {
      ArrayNode list = body.putArray("weapons");
      for (String w : weapons) {
        String[] parts = w.split(":");
        ObjectNode item = list.addObject().put("type", parts[0]);
        if (parts.length > 1) {
          item.set("count", number("--weapon count", parts[1]));
        }
      }
    }
    ParseResult result = FieldEventJson.parse(json, ParseOptions.of(Source.IMPORT));
    if (!result.isOk()) {
      throw new UserFacingException("not published: " + result.violations().stream().map(Violation::toString).collect(Collectors.joining("; ")));
    }
    return result.event();
  }

  private static JsonNode number(String option, String text) {
    try {
      return JsonNodeFactory.instance.numberNode(new java.math.BigDecimal(text));
    } catch (NumberFormatException e) {
      throw new UserFacingException(option + ": '" + text + "' is not a number");
    }
  }

  private static void putIfSet(ObjectNode node, String field, Object value) {
    if (value instanceof Integer i) {
      node.put(field, i);
    } else if (value instanceof String s) {
      node.put(field, s);
    }
  }

  /** The topology's own rules, checked before sending, against the operations in Kafka. */
  private void check(List<FieldEvent> events) {
    Map<String, Operation> operations = OperationCommand.read(connection);
    ReferenceData forces = reference.load();
    EventValidator.Lookup lookup = new EventValidator.Lookup() {
      @Override
      public Optional<Operation> operation(String id) {
        return Optional.ofNullable(operations.get(id));
      }

      @Override
      public Optional<ForceInfo> force(String code) {
        return forces.force(code);
      }
    };
    List<String> errors = new ArrayList<>();
    for (FieldEvent e : events) {
      for (Violation v : EventValidator.validate(e, lookup)) {
        errors.add("event " + e.getEventId() + ": " + v);
      }
    }
    if (!errors.isEmpty()) {
      throw new UserFacingException("nothing published; these events would be rejected:\n  "
          + String.join("\n  ", errors.subList(0, Math.min(50, errors.size())))
          + (errors.size() > 50 ? "\n  ... and " + (errors.size() - 50) + " more" : ""));
    }
  }
}
