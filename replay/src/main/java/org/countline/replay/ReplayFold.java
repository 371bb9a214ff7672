package org.countline.replay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.core.EventState;
import org.countline.core.EventValidator;
import org.countline.core.ForceInfo;
import org.countline.core.Keys;
import org.countline.core.OperationWindow;
import org.countline.core.RevisionRule;
import org.countline.core.Tally;
import org.countline.core.Violation;
import org.countline.streams.Topics;

/**
 * The live topology's per-event rules, applied to the records of one operation in log order:
 * the same checks in the same order as the streams processor (value present, deserialisable, key
 * equal to {@code OPERATION/FORCE}, {@link EventValidator}), then core's {@link RevisionRule} and
 * {@link Tally} arithmetic for the force and daily totals. Region and national totals are the
 * sums of the force totals by the forces' current regions, as the live totals become once every
 * change has been emitted.
 *
 * <p>Events are remembered per partition, because that is where the live topology remembers them
 * (one revision store per task): an eventId seen again in another partition is, live and here, a
 * different event.
 *
 * <p>Not thread-safe: one fold per replay thread.
 */
final class ReplayFold {
  static final String REJECT_EMPTY = "empty value";
  static final String REJECT_UNREADABLE = "cannot be deserialised";
  static final String REJECT_KEY = "key does not match operationId/force";
  static final String REJECT_WINDOW = "occurred outside the operation's window";
  static final String REJECT_CLOSED = "reported after the operation closed";
  static final String REJECT_FORCE = "unknown force";
  static final String REJECT_MOVED = "revision moves the event to another force";

  private final Operation operation;
  private final String operationId;
  private final byte[] prefix;
  private final Deserializer<FieldEvent> events;
  private final EventValidator.Lookup lookup;
  private final Map<String, ForceInfo> reference;
  private final OperationWindow window;
  private final long windowStartMillis;
  private final long firstDay;
  private final int days;
  private final ForceIndex forces;
  private final Tally[] forceTotals;
  private final Tally[][] dailyTotals;
  private final List<EventStates> partitions = new ArrayList<>();
  private final List<Optional<ForceInfo>> forceAnswers = new ArrayList<>();
  private final Optional<Operation> operationAnswer;
  /** The known force that the current record's key names, or -1. */
  private int currentForce = -1;

  private long operationRecords;
  private long newEvents;
  private long amended;
  private long withdrawn;
  private long duplicates;
  private long stale;
  private long countedBeforeWindow;
  private final Map<String, long[]> rejected = new HashMap<>();

  ReplayFold(Operation operation, ReferenceSnapshot reference, Deserializer<FieldEvent> events) {
    this.operation = operation;
    this.operationId = operation.getId();
    this.prefix = (operationId + Keys.SEPARATOR).getBytes(StandardCharsets.UTF_8);
    this.events = events;
    this.operationAnswer = Optional.of(operation);
    this.reference = reference.forces();
    OperationWindow w;
    try {
      w = OperationWindow.of(operation);
    } catch (DateTimeException e) {
      w = null; // the validator refuses every event of an operation whose zone is unknown
    }
    this.window = w;
    this.windowStartMillis = w == null ? Long.MAX_VALUE : w.startInstant().toEpochMilli();
    this.firstDay = w == null ? 0 : w.start().toEpochDay();
    this.days = w == null ? 0 : (int) Math.max(0, w.end().toEpochDay() - w.start().toEpochDay() + 1);
    this.forces = new ForceIndex(reference.forces().keySet());
    for (int i = 0; i < forces.size(); i++) {
      forceAnswers.add(reference.force(forces.code(i)));
    }
    this.lookup = new FastLookup(reference.lookup());
    this.forceTotals = new Tally[forces.size()];
    this.dailyTotals = new Tally[forces.size()][];
  }

  /** True when the key is one of this operation's: {@code OPERATION/...}. Reads the key without copying it. */
  boolean isOperationKey(ByteBuffer key) {
    if (key == null || key.remaining() < prefix.length) {
      return false;
    }
    if (key.hasArray()) {
      int at = key.arrayOffset() + key.position();
      return Arrays.equals(key.array(), at, at + prefix.length, prefix, 0, prefix.length);
    }
    int at = key.position();
    for (int i = 0; i < prefix.length; i++) {
      if (key.get(at + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Applies one record of the events topic. Records of other operations are dropped by their key
   * before the value is decoded.
   *
   * @param timestamp the record's timestamp, which becomes the totals' update time as it does live
   */
  void accept(int partition, ByteBuffer key, ByteBuffer value, Headers headers, long timestamp) {
    if (!isOperationKey(key)) {
      return;
    }
    operationRecords++;
    if (value == null) {
      reject(REJECT_EMPTY);
      return;
    }
    byte[] bytes = new byte[value.remaining()];
    value.get(value.position(), bytes);
    FieldEvent event;
    try {
      event = events.deserialize(Topics.FIELD_EVENTS, headers, bytes);
    } catch (SerializationException | IllegalArgumentException e) {
      reject(REJECT_UNREADABLE);
      return;
    }
    if (event == null) {
      reject(REJECT_UNREADABLE);
      return;
    }
    int force = forces.of(key, key.position() + prefix.length, key.remaining() - prefix.length);
    if (!keyMatches(key, event, force)) {
      reject(REJECT_KEY);
      return;
    }
    currentForce = force;
    List<Violation> violations = EventValidator.validate(event, lookup);
    if (!violations.isEmpty()) {
      reject(reason(violations.get(0)));
      return;
    }
    if (window == null) {
      reject("operation: invalid time zone '" + operation.getTimeZone() + "'");
      return;
    }
    int epochDay = (int) window.localEpochDay(event.getOccurredAt());
    EventStates states = states(partition);
    String eventId = event.getEventId();
    RevisionRule.Decision decision = RevisionRule.decide(states.get(eventId), event, epochDay);
    switch (decision.outcome()) {
      case MOVED -> reject(REJECT_MOVED);
      case DUPLICATE -> duplicates++;
      case STALE -> stale++;
      case NEW, AMENDED, WITHDRAWN -> {
        apply(states, eventId, force, decision, timestamp);
        if (timestamp < windowStartMillis) {
          countedBeforeWindow++;
        }
      }
    }
  }

  private void apply(EventStates states, String eventId, int force, RevisionRule.Decision decision, long timestamp) {
    switch (decision.outcome()) {
      case NEW -> newEvents++;
      case AMENDED -> amended++;
      default -> withdrawn++;
    }
    EventState next = decision.next();
    states.put(eventId, next, force);
    Tally out = decision.oldContribution();
    Tally in = decision.newContribution();
    Tally totals = forceTotals[force];
    if (totals == null) {
      totals = forceTotals[force] = Tally.zero();
    }
    totals.subtract(out).add(in).touch(timestamp);
    EventState previous = decision.previous();
    if (previous != null && !out.isZero()) {
      day(force, previous.epochDay()).subtract(out).touch(timestamp);
    }
    if (!in.isZero()) {
      day(force, next.epochDay()).add(in).touch(timestamp);
    }
  }

  private Tally day(int force, int epochDay) {
    int d = (int) (epochDay - firstDay);
    if (d < 0 || d >= days) {
      // The validator admits only events inside the window, so a counted figure is always on one of its days.
      throw new IllegalStateException("a counted event of " + operationId + " falls on " + LocalDate.ofEpochDay(epochDay)
          + ", outside its window");
    }
    Tally[] byDay = dailyTotals[force];
    if (byDay == null) {
      byDay = dailyTotals[force] = new Tally[days];
    }
    Tally t = byDay[d];
    if (t == null) {
      t = byDay[d] = Tally.zero();
    }
    return t;
  }

  /**
   * The key must be exactly {@code OPERATION/FORCE} of the event. {@code force} is the known force
   * the key names, or -1; then the key is compared as text.
   */
  private boolean keyMatches(ByteBuffer key, FieldEvent event, int force) {
    if (!operationId.equals(event.getOperationId())) {
      return false;
    }
    if (force >= 0) {
      return forces.code(force).equals(event.getForce());
    }
    byte[] all = new byte[key.remaining()];
    key.get(key.position(), all);
    return new String(all, StandardCharsets.UTF_8).equals(Keys.of(event.getOperationId(), event.getForce()));
  }

  private EventStates states(int partition) {
    while (partitions.size() <= partition) {
      partitions.add(null);
    }
    EventStates states = partitions.get(partition);
    if (states == null) {
      states = new EventStates(operationId, forces);
      partitions.set(partition, states);
    }
    return states;
  }

  /**
   * The validator's view of the reference data, answering first from what the record's key has
   * already established (its operation and force), so that most lookups compare two strings
   * instead of hashing a new one.
   */
  private final class FastLookup implements EventValidator.Lookup {
    private final EventValidator.Lookup all;

    FastLookup(EventValidator.Lookup all) {
      this.all = all;
    }

    @Override
    public Optional<Operation> operation(String id) {
      return operationId.equals(id) ? operationAnswer : all.operation(id);
    }

    @Override
    public Optional<ForceInfo> force(String code) {
      int f = currentForce;
      return f >= 0 && forces.code(f).equals(code) ? forceAnswers.get(f) : all.force(code);
    }
  }

  /** The reason a record is refused, in a few words that group alike records. */
  static String reason(Violation v) {
    return switch (v.field()) {
      case "occurredAt" -> REJECT_WINDOW;
      case "force" -> REJECT_FORCE;
      case "operationId" -> v.message().endsWith("is closed") ? REJECT_CLOSED : "operation: " + v.message();
      default -> "invalid " + v.field().replaceAll("\\[\\d+]", "[]");
    };
  }

  private void reject(String reason) {
    rejected.computeIfAbsent(reason, r -> new long[1])[0]++;
  }

  long countedBeforeWindow() {
    return countedBeforeWindow;
  }

  /**
   * The totals of one or more folds over disjoint partitions of the same operation, keyed as the
   * totals topics key them (force, region and day codes without the operation): force and daily
   * totals add up, regions and the nation are the sums of the forces.
   */
  static ReplayResult result(List<ReplayFold> folds, long recordsRead, Duration elapsed) {
    ReplayFold first = folds.get(0);
    Map<String, Tally> forceMap = new LinkedHashMap<>();
    Map<String, SortedMap<LocalDate, Tally>> daily = new LinkedHashMap<>();
    Map<String, Long> reasons = new TreeMap<>();
    long operationRecords = 0;
    long newEvents = 0;
    long amended = 0;
    long withdrawn = 0;
    long duplicates = 0;
    long stale = 0;
    for (ReplayFold fold : folds) {
      for (int i = 0; i < fold.forces.size(); i++) {
        Tally totals = fold.forceTotals[i];
        if (totals == null) {
          continue;
        }
        String code = fold.forces.code(i);
        forceMap.computeIfAbsent(code, c -> Tally.zero()).add(totals);
        Tally[] byDay = fold.dailyTotals[i];
        if (byDay != null) {
          SortedMap<LocalDate, Tally> days = daily.computeIfAbsent(code, c -> new TreeMap<>());
          for (int d = 0; d < byDay.length; d++) {
            if (byDay[d] != null) {
              days.computeIfAbsent(LocalDate.ofEpochDay(fold.firstDay + d), day -> Tally.zero()).add(byDay[d]);
            }
          }
        }
      }
      fold.rejected.forEach((k, v) -> reasons.merge(k, v[0], Long::sum));
      operationRecords += fold.operationRecords;
      newEvents += fold.newEvents;
      amended += fold.amended;
      withdrawn += fold.withdrawn;
      duplicates += fold.duplicates;
      stale += fold.stale;
    }
    Map<String, Tally> regionMap = new LinkedHashMap<>();
    Tally national = Tally.zero();
    for (Map.Entry<String, Tally> force : forceMap.entrySet()) {
      regionMap.computeIfAbsent(first.reference.get(force.getKey()).region(), r -> Tally.zero()).add(force.getValue());
      national.add(force.getValue());
    }
    ReplayCounts counts = new ReplayCounts(
        recordsRead, operationRecords, newEvents, amended, withdrawn, duplicates, stale, reasons, elapsed);
    return new ReplayResult(first.operation, national, regionMap, forceMap, daily, counts, first.reference);
  }
}
