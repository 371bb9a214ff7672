package org.countline.streams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.countline.avro.FieldEvent;
import org.countline.avro.Force;
import org.countline.avro.Operation;
import org.countline.core.EventState;
import org.countline.core.EventValidator;
import org.countline.core.ForceInfo;
import org.countline.core.Keys;
import org.countline.core.OperationWindow;
import org.countline.core.RevisionRule;
import org.countline.core.Tally;
import org.countline.core.Violation;
import org.countline.streams.state.BufferedTable;
import org.countline.streams.state.ForceShare;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates each field event, applies the latest-revision rule and moves the force and daily
 * totals by the difference between the event's new and old contribution, all in the task that
 * owns the event's {@code OPERATION/FORCE} partition: raw events are never repartitioned.
 *
 * <p>Reads raw bytes from {@link Topics#FIELD_EVENTS} so that records which cannot be
 * deserialised are routed to {@link Topics#REJECTED} like any other refused record. Changed
 * totals are marked in the {@code pending} store and emitted by a wall-clock punctuation: one
 * update per key per interval instead of one per event. The totals, the marks and the emitted
 * changes are {@link BufferedTable}s: objects in memory, written to their changelogs when the
 * task commits, in the same transaction as the input offsets, so a crash between a change and
 * its emission loses nothing: the restored marks are emitted after restart.
 *
 * <p>Region and national totals are sums over force totals in other tasks. With each emission
 * of a force's totals, the processor also sends them whole, as the force's share, keyed by
 * region and by operation, where they replace the force's previous share (see {@link
 * org.countline.streams.state.Shares}): what a grouped table after this processor would do, but
 * without the extra repartition it would need. Whole totals rather than changes, so that a sum
 * heals as a force total does: a change lost or sent twice would stay in a sum of changes for
 * good. When reference data moves a force to another region (the {@code emitted} store keeps the
 * region each force was last sent to), the old region gets a share of zero.
 */
final class FieldEventProcessor implements Processor<byte[], byte[], String, Routed> {
  private static final Logger log = LoggerFactory.getLogger(FieldEventProcessor.class);
  private static final String FORCE_MARK = "F|";
  private static final String DAILY_MARK = "D|";
  private static final byte[] MARK = new byte[0];
  /** Region of a force missing from reference data, so that its figures still reach the nation. */
  static final String UNKNOWN_REGION = "unknown";

  private final Deserializer<FieldEvent> events;
  private final Duration emitInterval;
  private final CommitGate commitGate;

  private ProcessorContext<String, Routed> context;
  private KeyValueStore<String, EventState> revisions;
  private BufferedTable<Tally> forceTotals;
  private BufferedTable<Tally> dailyTotals;
  private BufferedTable<byte[]> pending;
  /** The region each force's totals were last sent to, to take them out of it when it changes. */
  private BufferedTable<String> emitted;
  /** Force and daily keys marked since the last emission: a mark is written once per key. */
  private final Set<String> markedForces = new HashSet<>();
  private final Set<String> markedDays = new HashSet<>();
  /** The daily totals keys of each force key, built once rather than at every event. */
  private final Map<String, DailyKeys> dailyKeys = new HashMap<>();
  private KeyValueStore<String, ValueAndTimestamp<Operation>> operations;
  private KeyValueStore<String, ValueAndTimestamp<Force>> forces;
  private EventValidator.Lookup lookup;
  /**
   * Reference data as looked up, kept until the global stores count a change: then forgotten
   * before the next record or emission, so the change is seen there, as without the cache.
   */
  private final Map<String, Optional<Operation>> operationCache = new HashMap<>();
  private final Map<String, Optional<ForceInfo>> forceCache = new HashMap<>();
  private final LongSupplier referenceChanges;
  private long referenceChangesSeen = -1;

  FieldEventProcessor(Deserializer<FieldEvent> events, Duration emitInterval, LongSupplier referenceChanges) {
    this.events = events;
    this.emitInterval = emitInterval;
    this.commitGate = CommitGate.forEmitInterval(emitInterval);
    this.referenceChanges = referenceChanges;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    revisions = context.getStateStore(TotalsTopology.EVENT_REVISIONS_STORE);
    forceTotals = context.getStateStore(TotalsTopology.FORCE_TOTALS_STORE);
    dailyTotals = context.getStateStore(TotalsTopology.DAILY_TOTALS_STORE);
    pending = context.getStateStore(TotalsTopology.PENDING_STORE);
    markedForces.clear();
    markedDays.clear();
    dailyKeys.clear();
    emitted = context.getStateStore(TotalsTopology.EMITTED_STORE);
    operations = context.getStateStore(TotalsTopology.OPERATIONS_STORE);
    forces = context.getStateStore(TotalsTopology.FORCES_STORE);
    lookup = new EventValidator.Lookup() {
      @Override
      public Optional<Operation> operation(String id) {
        Optional<Operation> operation = operationCache.get(id);
        if (operation == null) {
          operation = Optional.ofNullable(operations.get(id)).map(ValueAndTimestamp::value);
          operationCache.put(id, operation);
        }
        return operation;
      }

      @Override
      public Optional<ForceInfo> force(String code) {
        Optional<ForceInfo> force = forceCache.get(code);
        if (force == null) {
          force = Optional.ofNullable(forces.get(code)).map(v -> ForceInfo.fromAvro(v.value()));
          forceCache.put(code, force);
        }
        return force;
      }
    };
    context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, this::emitPending);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    long now = context.currentSystemTimeMs();
    commitGate.recordProcessed(now, record.timestamp());
    if (commitGate.mayCommitForSums(now)) {
      context.commit();
    }
    forgetReferenceDataIfChanged();
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    if (record.value() == null) {
      reject(record, "empty value: a field event cannot be deleted by a tombstone; publish a withdrawal");
      return;
    }
    FieldEvent event;
    try {
      event = events.deserialize(Topics.FIELD_EVENTS, record.headers(), record.value());
    } catch (SerializationException | IllegalArgumentException e) {
      reject(record, "cannot deserialise: " + e.getMessage());
      return;
    }
    if (!Keys.isOf(key, event.getOperationId(), event.getForce())) {
      reject(record, "key: '" + key + "' does not match operationId/force '" + Keys.of(event.getOperationId(), event.getForce()) + "'");
      return;
    }
    List<Violation> violations = EventValidator.validate(event, lookup);
    if (!violations.isEmpty()) {
      reject(record, violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
      return;
    }
    Operation operation = lookup.operation(event.getOperationId()).orElseThrow();
    OperationWindow window = OperationWindow.of(operation);
    int epochDay = (int) window.localEpochDay(event.getOccurredAt());
    EventState prior = revisions.get(event.getEventId());
    RevisionRule.Decision decision = RevisionRule.decide(prior, event, epochDay);
    switch (decision.outcome()) {
      case MOVED -> reject(record, "eventId: " + event.getEventId() + " belongs to " + Keys.of(prior.operationId(), prior.force())
          + "; an amendment may not move an event to another operation or force (withdraw it and report anew)");
      case DUPLICATE, STALE -> log.debug("Ignored {} revision {} of event {}", decision.outcome(), event.getRevision(), event.getEventId());
      case NEW, AMENDED, WITHDRAWN -> apply(event.getEventId(), key, decision, record.timestamp());
    }
  }

  private void apply(String eventId, String forceKey, RevisionRule.Decision decision, long timestamp) {
    EventState next = decision.next();
    revisions.put(eventId, next);
    Tally out = decision.oldContribution();
    Tally in = decision.newContribution();

    Tally force = totalOf(forceTotals, forceKey);
    force.subtract(out).add(in).touch(timestamp);
    forceTotals.put(forceKey, force);
    mark(markedForces, FORCE_MARK, forceKey);

    EventState previous = decision.previous();
    if (previous != null && !out.isZero()) {
      moveDaily(forceKey, previous.epochDay(), out, -1, timestamp);
    }
    if (!in.isZero()) {
      moveDaily(forceKey, next.epochDay(), in, +1, timestamp);
    }
  }

  private void moveDaily(String forceKey, int epochDay, Tally contribution, int sign, long timestamp) {
    String key = dailyKeys.computeIfAbsent(forceKey, DailyKeys::new).of(epochDay);
    Tally day = totalOf(dailyTotals, key);
    if (sign > 0) {
      day.add(contribution);
    } else {
      day.subtract(contribution);
    }
    day.touch(timestamp);
    dailyTotals.put(key, day);
    mark(markedDays, DAILY_MARK, key);
  }

  private void forgetReferenceDataIfChanged() {
    long changes = referenceChanges.getAsLong();
    if (changes != referenceChangesSeen) {
      operationCache.clear();
      forceCache.clear();
      referenceChangesSeen = changes;
    }
  }

  /**
   * The totals of {@code key}, to change in place and put back: the tables keep values by
   * reference and serialise them when the task commits.
   */
  private static Tally totalOf(BufferedTable<Tally> table, String key) {
    Tally tally = table.get(key);
    return tally == null ? Tally.zero() : tally;
  }

  /** Marks a totals key as changed until it is emitted. */
  private void mark(Set<String> marked, String prefix, String key) {
    if (marked.add(key)) {
      pending.put(prefix + key, MARK);
    }
  }

  /**
   * Emits every totals key changed since the last emission, clears the marks, and, while the
   * thread keeps up with the events, asks Kafka Streams to commit now rather than at its next
   * commit interval, so the emitted changes become readable (and reach the region and national
   * sums) at once. Changed sums on this thread are committed early too, at the next event or
   * emission (see {@link CommitGate}).
   */
  private void emitPending(long now) {
    forgetReferenceDataIfChanged();
    List<String> marks = new ArrayList<>(pending.size());
    pending.forEach((mark, value) -> marks.add(mark));
    for (String mark : marks) {
      emit(mark);
      pending.delete(mark);
    }
    markedForces.clear();
    markedDays.clear();
    if (commitGate.mayCommit(now)) {
      context.commit();
    }
  }

  private void emit(String mark) {
    String key = mark.substring(2);
    if (mark.startsWith(FORCE_MARK)) {
      Tally tally = totalOf(forceTotals, key);
      long time = tally.updatedAtMillis();
      String force = Keys.part(key, 1);
      String region = lookup.force(force).map(ForceInfo::region).orElse(UNKNOWN_REGION);
      String operation = Keys.operation(key);
      context.forward(new Record<>(key, new Routed.ForceTotals(tally), time));

      String before = emitted.get(key);
      if (before != null && !before.equals(region)) {
        ForceShare leaving = new ForceShare(force, Tally.zero().touch(time));
        context.forward(new Record<>(Keys.of(operation, before), new Routed.RegionShare(leaving), time));
      }
      ForceShare share = new ForceShare(force, tally);
      context.forward(new Record<>(Keys.of(operation, region), new Routed.RegionShare(share), time));
      context.forward(new Record<>(operation, new Routed.NationalShare(share), time));
      if (!region.equals(before)) {
        emitted.put(key, region);
      }
    } else {
      Tally tally = totalOf(dailyTotals, key);
      context.forward(new Record<>(key, new Routed.DailyTotals(tally), tally.updatedAtMillis()));
    }
  }

  private void reject(Record<byte[], byte[]> record, String reason) {
    Optional<RecordMetadata> meta = context.recordMetadata();
    String origin = meta.map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("unknown");
    log.warn("Rejected record from {}: {}", origin, reason);
    Headers headers = record.headers();
    headers.remove(Topics.HEADER_REJECT_REASON).remove(Topics.HEADER_REJECT_ORIGIN);
    headers.add(Topics.HEADER_REJECT_REASON, reason.getBytes(StandardCharsets.UTF_8));
    headers.add(Topics.HEADER_REJECT_ORIGIN, origin.getBytes(StandardCharsets.UTF_8));
    context.forward(record.withValue(new Routed.Rejected(record.key(), record.value())).withKey(null));
  }

  /**
   * The daily totals keys ({@code OPERATION/FORCE/YYYY-MM-DD}) of one force key, by local day: an
   * operation lasts days, so they are kept in an array from the first day asked for, up to
   * {@link #MAX_DAYS} days; a day beyond that has its key built each time.
   */
  static final class DailyKeys {
    static final int MAX_DAYS = 64;
    private final String forceKey;
    private int firstDay;
    private String[] keys = new String[0];

    DailyKeys(String forceKey) {
      this.forceKey = forceKey;
    }

    String of(int epochDay) {
      if (keys.length == 0) {
        firstDay = epochDay;
        keys = new String[1];
      }
      int i = epochDay - firstDay;
      if (i < 0 || i >= keys.length) {
        int from = Math.min(firstDay, epochDay);
        int to = Math.max(firstDay + keys.length - 1, epochDay);
        if (to - from >= MAX_DAYS) {
          return build(epochDay);
        }
        String[] wider = new String[to - from + 1];
        System.arraycopy(keys, 0, wider, firstDay - from, keys.length);
        keys = wider;
        firstDay = from;
        i = epochDay - firstDay;
      }
      String key = keys[i];
      if (key == null) {
        key = build(epochDay);
        keys[i] = key;
      }
      return key;
    }

    private String build(int epochDay) {
      return forceKey + Keys.SEPARATOR + LocalDate.ofEpochDay(epochDay);
    }
  }
}
