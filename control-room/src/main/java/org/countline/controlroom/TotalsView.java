package org.countline.controlroom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.countline.avro.Force;
import org.countline.avro.Operation;
import org.countline.avro.Totals;
import org.countline.core.ForceInfo;
import org.countline.core.Keys;
import org.countline.core.ReferenceData;
import org.countline.core.Tally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control room's picture of every operation, as read from Kafka: the latest totals per key of
 * {@code countline.totals.national}, {@code .region}, {@code .force} and {@code .daily}, the
 * operations of {@code countline.operations} and the forces of {@code countline.forces}. It
 * computes one figure itself: the national total of a day, the sum of that day's force totals.
 *
 * <p>Thread-safe: the feed thread applies records while HTTP threads read. {@link #subscribe}
 * hands out a snapshot and registers a listener under the same lock as the changes, so a
 * subscriber sees every change after its snapshot and none before it. Listeners run under that
 * lock and must not block.
 */
final class TotalsView {
  private static final Logger log = LoggerFactory.getLogger(TotalsView.class);

  /** A window longer than this is a data error; the API then lists only the days with figures. */
  private static final int MAX_WINDOW_DAYS = 62;

  /** Listens to the changes of one operation. */
  interface Listener {
    /** Called under the view's lock: must return at once. */
    void changed(StreamEvent event);
  }

  private final Map<String, Operation> operations = new HashMap<>();
  private final Map<String, ForceInfo> forces = new LinkedHashMap<>();
  private final Map<String, OperationTotals> totals = new HashMap<>();
  private final Map<String, List<Listener>> listeners = new HashMap<>();

  /** The latest totals of one operation. */
  private static final class OperationTotals {
    Tally national;
    final Map<String, Tally> regions = new TreeMap<>();
    final Map<String, Tally> forces = new TreeMap<>();
    /** Force code, then local day. */
    final Map<String, TreeMap<LocalDate, Tally>> daily = new TreeMap<>();

    boolean isEmpty() {
      return national == null && regions.isEmpty() && forces.isEmpty() && daily.isEmpty();
    }
  }

  /**
   * An empty view: the forces, their names and regions come from {@code countline.forces}, the
   * deployment's reference data, not from the defaults bundled with Countline.
   */
  TotalsView() {}

  /** A view that starts with the forces of {@code seed}; {@code countline.forces} overrides them. */
  TotalsView(ReferenceData seed) {
    seed.forces().forEach(f -> forces.put(f.code(), f));
  }

  // ---- changes, from the feed thread ----

  /** An operation record, or its tombstone ({@code null}). */
  synchronized void applyOperation(String id, Operation operation) {
    if (operation == null) {
      operations.remove(id);
    } else {
      operations.put(id, operation);
    }
    ObjectNode data = ControlRoomJson.object();
    data.set("operation", operationJson(id));
    publish(id, "operation", data);
  }

  /** A force record, or its tombstone ({@code null}). */
  synchronized void applyForce(String code, Force force) {
    if (force == null) {
      forces.remove(code);
    } else {
      forces.put(code, ForceInfo.fromAvro(force));
    }
    if (!listeners.isEmpty()) {
      StreamEvent event = new StreamEvent("reference", ControlRoomJson.write(referenceJson()));
      listeners.values().forEach(list -> list.forEach(l -> l.changed(event)));
    }
  }

  /**
   * A totals record of {@code scope}, or its tombstone ({@code null}).
   *
   * @return false when the key is not of the shape the scope's topic uses (logged, not applied)
   */
  synchronized boolean applyTotals(Scope scope, String key, Totals value) {
    String[] parts = key == null ? new String[0] : key.split(String.valueOf(Keys.SEPARATOR), -1);
    LocalDate day = null;
    if (parts.length != scope.keyParts() || List.of(parts).contains("")) {
      log.warn("Skipping a record of {} with key '{}': expected {} part(s) separated by '/'", scope.topic(), key, scope.keyParts());
      return false;
    }
    if (scope == Scope.DAILY) {
      try {
        day = LocalDate.parse(parts[2]);
      } catch (DateTimeParseException e) {
        log.warn("Skipping a record of {} with key '{}': '{}' is not a date YYYY-MM-DD", scope.topic(), key, parts[2]);
        return false;
      }
    }
    String operation = parts[0];
    Tally tally = value == null ? null : Tally.fromAvro(value);
    if (tally != null && tally.equals(held(totals.get(operation), scope, parts, day))) {
      // The same totals again (the live topology sends every total again once a minute, so that
      // one lost on its way is made good): nothing changed for a dashboard to show.
      return true;
    }
    OperationTotals t = totals.computeIfAbsent(operation, id -> new OperationTotals());
    ObjectNode data = ControlRoomJson.object();
    data.put("operation", operation);
    switch (scope) {
      case NATIONAL -> t.national = tally;
      case REGION -> {
        put(t.regions, parts[1], tally);
        data.put("region", parts[1]);
      }
      case FORCE -> {
        put(t.forces, parts[1], tally);
        data.put("force", parts[1]);
      }
      case DAILY -> {
        TreeMap<LocalDate, Tally> days = t.daily.computeIfAbsent(parts[1], f -> new TreeMap<>());
        put(days, day, tally);
        if (days.isEmpty()) {
          t.daily.remove(parts[1]);
        }
        data.put("force", parts[1]);
        data.put("day", day.toString());
      }
    }
    if (t.isEmpty()) {
      totals.remove(operation);
    }
    if (listeners.containsKey(operation)) {
      data.set("totals", tally == null ? null : ControlRoomJson.totals(tally));
      if (scope == Scope.DAILY) {
        data.set("national", ControlRoomJson.totals(nationalOn(t, day)));
      }
      publish(operation, scope.eventName(), data);
    }
    return true;
  }

  /** The totals held for the key of a record of {@code scope}, or null. */
  private static Tally held(OperationTotals t, Scope scope, String[] parts, LocalDate day) {
    if (t == null) {
      return null;
    }
    return switch (scope) {
      case NATIONAL -> t.national;
      case REGION -> t.regions.get(parts[1]);
      case FORCE -> t.forces.get(parts[1]);
      case DAILY -> {
        TreeMap<LocalDate, Tally> days = t.daily.get(parts[1]);
        yield days == null ? null : days.get(day);
      }
    };
  }

  private static <K> void put(Map<K, Tally> map, K key, Tally tally) {
    if (tally == null) {
      map.remove(key);
    } else {
      map.put(key, tally);
    }
  }

  private void publish(String operation, String name, ObjectNode data) {
    List<Listener> subscribed = listeners.get(operation);
    if (subscribed != null) {
      StreamEvent event = new StreamEvent(name, ControlRoomJson.write(data));
      subscribed.forEach(l -> l.changed(event));
    }
  }

  // ---- subscriptions, from the stream's threads ----

  /**
   * Registers {@code listener} for the changes of {@code operation} and returns the snapshot they
   * follow (the {@code snapshot} event), or empty, registering nothing, when the operation is
   * unknown.
   */
  synchronized Optional<StreamEvent> subscribe(String operation, Listener listener) {
    if (!knows(operation)) {
      return Optional.empty();
    }
    listeners.computeIfAbsent(operation, id -> new ArrayList<>()).add(listener);
    return Optional.of(new StreamEvent("snapshot", ControlRoomJson.write(snapshotJson(operation))));
  }

  synchronized void unsubscribe(String operation, Listener listener) {
    List<Listener> subscribed = listeners.get(operation);
    if (subscribed != null) {
      subscribed.remove(listener);
      if (subscribed.isEmpty()) {
        listeners.remove(operation);
      }
    }
  }

  // ---- reads, from HTTP threads ----

  /** True when the operation has a record or any totals. */
  synchronized boolean knows(String operation) {
    return operations.containsKey(operation) || totals.containsKey(operation);
  }

  /** Every known operation, latest start first; those known only from totals last, by id. */
  synchronized ArrayNode operationsJson() {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    operations.values().stream()
        .sorted(Comparator.comparing(Operation::getStart).reversed().thenComparing(Operation::getId))
        .forEach(o -> list.add(ControlRoomJson.operation(o)));
    new TreeSet<>(totals.keySet()).stream()
        .filter(id -> !operations.containsKey(id))
        .forEach(id -> list.add(ControlRoomJson.unknownOperation(id)));
    return list;
  }

  /** {@code {"operation", "national", "regions", "forces"}}, as in the contract. */
  synchronized Optional<ObjectNode> totalsJson(String operation) {
    if (!knows(operation)) {
      return Optional.empty();
    }
    return Optional.of(totalsBody(operation));
  }

  /** One force: {@code {"operation", "force", "totals", "daily": {DAY: T}}}. */
  synchronized Optional<ObjectNode> forceJson(String operation, String code) {
    OperationTotals t = totals.get(operation);
    boolean counted = t != null && (t.forces.containsKey(code) || t.daily.containsKey(code));
    if (!knows(operation) || !(forces.containsKey(code) || counted)) {
      return Optional.empty();
    }
    ObjectNode json = ControlRoomJson.object();
    json.set("operation", operationJson(operation));
    json.set("force", ControlRoomJson.force(forceInfo(code)));
    json.set("totals", ControlRoomJson.totals(t == null ? null : t.forces.get(code)));
    ObjectNode days = json.putObject("daily");
    if (t != null && t.daily.containsKey(code)) {
      t.daily.get(code).forEach((day, tally) -> days.set(day.toString(), ControlRoomJson.totals(tally)));
    }
    return Optional.of(json);
  }

  /** One region: {@code {"operation", "region", "totals", "forces": {CODE: T}}} (its forces with figures). */
  synchronized Optional<ObjectNode> regionJson(String operation, String code) {
    OperationTotals t = totals.get(operation);
    Map<String, String> regions = regionNames();
    if (!knows(operation) || !(regions.containsKey(code) || (t != null && t.regions.containsKey(code)))) {
      return Optional.empty();
    }
    ObjectNode json = ControlRoomJson.object();
    json.set("operation", operationJson(operation));
    json.set("region", ControlRoomJson.region(code, regions.getOrDefault(code, code)));
    json.set("totals", ControlRoomJson.totals(t == null ? null : t.regions.get(code)));
    ObjectNode members = json.putObject("forces");
    if (t != null) {
      t.forces.forEach((force, tally) -> {
        if (code.equals(forceInfo(force).region())) {
          members.set(force, ControlRoomJson.totals(tally));
        }
      });
    }
    return Optional.of(json);
  }

  /**
   * Day by day: {@code {"operation", "days": [...], "national": {DAY: T}, "forces": {CODE: {DAY: T}}}}.
   * {@code days} is every day of the operation's window (and any other day with figures);
   * {@code national} has every one of them, zero where nothing was counted.
   */
  synchronized Optional<ObjectNode> dailyJson(String operation) {
    if (!knows(operation)) {
      return Optional.empty();
    }
    ObjectNode json = ControlRoomJson.object();
    json.set("operation", operationJson(operation));
    json.setAll(dailyBody(operation));
    return Optional.of(json);
  }

  /** The forces and regions the view knows: {@code {"regions": [{code, name}], "forces": [{code, name, region, regionName}]}}. */
  synchronized ObjectNode referenceJson() {
    ObjectNode json = ControlRoomJson.object();
    ArrayNode regions = json.putArray("regions");
    regionNames().forEach((code, name) -> regions.add(ControlRoomJson.region(code, name)));
    ArrayNode list = json.putArray("forces");
    forces.values().forEach(f -> list.add(ControlRoomJson.force(f)));
    return json;
  }

  /** How many operations have a record, for /health. */
  synchronized int operationCount() {
    return operations.size();
  }

  /** How many forces are known, for /health. */
  synchronized int forceCount() {
    return forces.size();
  }

  // ---- shapes, called with the lock held ----

  private ObjectNode snapshotJson(String operation) {
    ObjectNode json = totalsBody(operation);
    json.set("daily", dailyBody(operation));
    json.set("reference", referenceJson());
    return json;
  }

  private ObjectNode totalsBody(String operation) {
    OperationTotals t = totals.get(operation);
    ObjectNode json = ControlRoomJson.object();
    json.set("operation", operationJson(operation));
    json.set("national", ControlRoomJson.totals(t == null ? null : t.national));
    ObjectNode regions = json.putObject("regions");
    ObjectNode forcesJson = json.putObject("forces");
    if (t != null) {
      t.regions.forEach((code, tally) -> regions.set(code, ControlRoomJson.totals(tally)));
      t.forces.forEach((code, tally) -> forcesJson.set(code, ControlRoomJson.totals(tally)));
    }
    return json;
  }

  private ObjectNode dailyBody(String operation) {
    OperationTotals t = totals.get(operation);
    SortedSet<LocalDate> days = new TreeSet<>(windowDays(operation));
    if (t != null) {
      t.daily.values().forEach(byDay -> days.addAll(byDay.keySet()));
    }
    ObjectNode json = ControlRoomJson.object();
    ArrayNode dayList = json.putArray("days");
    days.forEach(d -> dayList.add(d.toString()));
    ObjectNode national = json.putObject("national");
    days.forEach(d -> national.set(d.toString(), ControlRoomJson.totals(t == null ? null : nationalOn(t, d))));
    ObjectNode byForce = json.putObject("forces");
    if (t != null) {
      t.daily.forEach((force, byDay) -> {
        ObjectNode one = byForce.putObject(force);
        byDay.forEach((d, tally) -> one.set(d.toString(), ControlRoomJson.totals(tally)));
      });
    }
    return json;
  }

  /** The sum of the forces' totals of one day, or null when no force has figures that day. */
  private static Tally nationalOn(OperationTotals t, LocalDate day) {
    Tally sum = null;
    for (TreeMap<LocalDate, Tally> byDay : t.daily.values()) {
      Tally tally = byDay.get(day);
      if (tally != null) {
        sum = sum == null ? tally.copy() : sum.add(tally);
      }
    }
    return sum;
  }

  private List<LocalDate> windowDays(String operation) {
    Operation o = operations.get(operation);
    List<LocalDate> days = new ArrayList<>();
    if (o == null || o.getEnd().isBefore(o.getStart())) {
      return days;
    }
    for (LocalDate d = o.getStart(); !d.isAfter(o.getEnd()) && days.size() < MAX_WINDOW_DAYS; d = d.plusDays(1)) {
      days.add(d);
    }
    return days;
  }

  private ObjectNode operationJson(String id) {
    Operation o = operations.get(id);
    return o == null ? ControlRoomJson.unknownOperation(id) : ControlRoomJson.operation(o);
  }

  /** A force the reference data does not know is shown by its code, in no region. */
  private ForceInfo forceInfo(String code) {
    ForceInfo f = forces.get(code);
    return f != null ? f : new ForceInfo(code, code, "", "");
  }

  private Map<String, String> regionNames() {
    Map<String, String> regions = new LinkedHashMap<>();
    Predicate<String> present = code -> code != null && !code.isEmpty();
    forces.values().stream().filter(f -> present.test(f.region())).forEach(f -> regions.putIfAbsent(f.region(), f.regionName()));
    return regions;
  }
}
