package org.countline.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.SortedMap;
import org.countline.avro.Operation;
import org.countline.core.ForceInfo;
import org.countline.core.Metric;
import org.countline.core.Tally;
import org.countline.core.json.TotalsJson;

/**
 * A report as JSON, in the control room API's structure and the contract's totals shape
 * ({@link TotalsJson}): {@code operation}, {@code national}, {@code regions}, {@code forces} as
 * in {@code /api/operations/{id}/totals}, and {@code daily} as in {@code .../daily} ({@code days},
 * {@code national} by day, {@code forces} by day), then what a report adds: the scope, the
 * previous operation's {@code national} totals (null when there is none), what the replay read,
 * and the check against the live totals when one was made. Regions, forces and days are limited
 * to the report's scope; {@code national} is always the whole operation's.
 */
final class JsonReport {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  private JsonReport() {}

  static String render(Report report) {
    try {
      DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
          .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"));
      return MAPPER.writer(printer).writeValueAsString(tree(report)) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write a JSON tree", e);
    }
  }

  static ObjectNode tree(Report report) {
    ReplayResult r = report.current();
    ObjectNode root = NODES.objectNode();
    root.set("operation", operation(r.operation()));
    ObjectNode scope = root.putObject("scope");
    scope.put("level", report.scope().level().name().toLowerCase(java.util.Locale.ROOT));
    scope.put("code", report.scope().code());
    scope.put("name", report.scopeName());
    root.set("national", TotalsJson.toJson(r.national()));
    ObjectNode regions = root.putObject("regions");
    for (String region : report.regions().keySet()) {
      if (r.regions().containsKey(region)) {
        regions.set(region, TotalsJson.toJson(r.regions().get(region)));
      }
    }
    ObjectNode forces = root.putObject("forces");
    for (ForceInfo f : report.forces()) {
      if (r.forces().containsKey(f.code())) {
        forces.set(f.code(), TotalsJson.toJson(r.forces().get(f.code())));
      }
    }
    root.set("daily", daily(report));
    if (report.previous() == null) {
      root.putNull("previous");
    } else {
      ObjectNode previous = root.putObject("previous");
      previous.set("operation", operation(report.previous().operation()));
      previous.set("national", TotalsJson.toJson(report.previous().national()));
    }
    root.set("replay", counts(r.counts()));
    if (report.verification() != null) {
      root.set("verification", verification(report.verification()));
    }
    return root;
  }

  /**
   * Day by day as the control room's {@code /daily} has it: {@code days} (every day of the
   * window), {@code national} (day to the whole operation's totals, zero where nothing counted)
   * and {@code forces} (force code to day to totals, for the days with figures).
   */
  private static ObjectNode daily(Report report) {
    ReplayResult r = report.current();
    ObjectNode daily = NODES.objectNode();
    ArrayNode days = daily.putArray("days");
    report.days().forEach(d -> days.add(d.toString()));
    ObjectNode national = daily.putObject("national");
    for (LocalDate day : report.days()) {
      Tally sum = Tally.zero();
      r.daily().values().forEach(byDay -> {
        Tally t = byDay.get(day);
        if (t != null) {
          sum.add(t);
        }
      });
      national.set(day.toString(), TotalsJson.toJson(sum));
    }
    ObjectNode forces = daily.putObject("forces");
    for (ForceInfo f : report.forces()) {
      SortedMap<LocalDate, Tally> byDay = r.daily().get(f.code());
      if (byDay != null && !byDay.isEmpty()) {
        ObjectNode force = forces.putObject(f.code());
        byDay.forEach((day, t) -> force.set(day.toString(), TotalsJson.toJson(t)));
      }
    }
    return daily;
  }

  private static ObjectNode operation(Operation op) {
    ObjectNode o = NODES.objectNode();
    o.put("id", op.getId());
    o.put("name", op.getName());
    o.put("kind", op.getKind());
    o.put("start", op.getStart().toString());
    o.put("end", op.getEnd().toString());
    o.put("timeZone", op.getTimeZone());
    o.put("status", op.getStatus().name().toLowerCase(java.util.Locale.ROOT));
    o.put("previousOperationId", op.getPreviousOperationId());
    o.put("closedAt", op.getClosedAt() == null ? null : op.getClosedAt().toString());
    return o;
  }

  private static ObjectNode counts(ReplayCounts c) {
    ObjectNode o = NODES.objectNode();
    o.put("recordsRead", c.recordsRead());
    o.put("operationRecords", c.operationRecords());
    o.put("eventsCounted", c.eventsCounted());
    o.put("newEvents", c.newEvents());
    o.put("amended", c.amended());
    o.put("withdrawn", c.withdrawn());
    o.put("duplicates", c.duplicates());
    o.put("stale", c.stale());
    ObjectNode rejected = o.putObject("rejected");
    c.rejected().forEach(rejected::put);
    return o;
  }

  private static ObjectNode verification(Reconciliation v) {
    ObjectNode o = NODES.objectNode();
    o.put("agrees", v.agrees());
    o.put("keysCompared", v.keysCompared());
    ArrayNode list = o.putArray("differences");
    for (Reconciliation.Difference d : v.differences()) {
      ObjectNode item = list.addObject();
      item.put("topic", d.topic());
      item.put("key", d.key());
      item.put("metric", d.metric().jsonPath());
      item.put("live", d.live());
      item.put("replayed", d.replayed());
      item.put("unit", unit(d.metric()));
    }
    return o;
  }

  private static String unit(Metric m) {
    return switch (m.unit()) {
      case COUNT -> "count";
      case PENCE -> "pence";
      case MILLIGRAMS -> "milligrams";
    };
  }
}
