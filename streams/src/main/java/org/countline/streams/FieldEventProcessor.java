package org.countline.streams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.countline.avro.Force;
import org.countline.avro.Operation;
import org.countline.core.EventState;
import org.countline.core.EventValidator;
import org.countline.core.ForceInfo;
import org.countline.core.Keys;
import org.countline.core.RevisionRule;
import org.countline.core.Tally;
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
 * update per key per interval instead of one per event, and every key of the task once per
 * {@link #REFRESH_INTERVAL}. The totals, the marks and the regions last sent to are {@link
 * BufferedTable}s: objects in memory, written to their changelogs when the task commits, in the
 * same transaction as the input offsets, so a crash between a change and its emission loses
 * nothing: the restored marks are emitted after restart.
 *
 * <p>The latest revision of each event (what an amendment must take out of the totals) has no
 * changelog when it is kept in memory: a task that opens rebuilds it from its partition of the
 * events topic up to its last committed offset, deciding each record again with the reference
 * data recorded for it (see {@link RevisionRebuild} and {@link RebuildLog}).
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
  /**
   * How often every total of the task is sent again, changed or not. Kafka Streams 4.3 can abort
   * a thread's transaction under a task that carries on (see RELIABILITY.md): what the task sent
   * in it is lost while the task counts it as sent. Whole totals and shares make the next sending
   * of a key good; this makes it come within the interval even when the key does not change again.
   */
  static final Duration REFRESH_INTERVAL = Duration.ofMinutes(1);
  /** Region of a force missing from reference data, so that its figures still reach the nation. */
  static final String UNKNOWN_REGION = "unknown";

  private final EventJudge judge;
  private final TotalsSerdes serdes;
  private final boolean rebuildRevisions;
  private final Duration emitInterval;
  private final CommitGate commitGate;

  private ProcessorContext<String, Routed> context;
  private KeyValueStore<String, EventState> revisions;
  private BufferedTable<Tally> forceTotals;
  private BufferedTable<Tally> dailyTotals;
  private BufferedTable<byte[]> pending;
  /** The region each force's totals were last sent to, to take them out of it when it changes. */
  private BufferedTable<String> emitted;
  private RebuildLog rebuildLog;
  /** The offset of the last field event processed, -1 before the first. */
  private long lastOffset;
  /** The input position that a look-up of reference data is recorded for (see RebuildLog). */
  private long readPosition;
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
  /** When every total is next sent again (see REFRESH_INTERVAL), on the wall clock. */
  private long nextRefreshMs;

  /**
   * @param rebuildRevisions true when the revision store has no changelog: then a task that opens
   *     with an empty store and a committed position rebuilds it from the events topic
   */
  FieldEventProcessor(TotalsSerdes serdes, boolean rebuildRevisions, Duration emitInterval, LongSupplier referenceChanges) {
    this.judge = new EventJudge(serdes.fieldEvents());
    this.serdes = serdes;
    this.rebuildRevisions = rebuildRevisions;
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
    rebuildLog = new RebuildLog(context.getStateStore(TotalsTopology.REBUILD_LOG_STORE), serdes);
    lastOffset = rebuildLog.lastProcessed();
    // A task revived after an error keeps this processor: what it looked up since its last commit
    // is neither in the restored rebuild log nor to be trusted, so it is looked up (and recorded) anew.
    operationCache.clear();
    forceCache.clear();
    operations = context.getStateStore(TotalsTopology.OPERATIONS_STORE);
    forces = context.getStateStore(TotalsTopology.FORCES_STORE);
    lookup = new EventValidator.Lookup() {
      @Override
      public Optional<Operation> operation(String id) {
        Optional<Operation> operation = operationCache.get(id);
        if (operation == null) {
          operation = Optional.ofNullable(operations.get(id)).map(ValueAndTimestamp::value);
          operationCache.put(id, operation);
          rebuildLog.operationRead(readPosition, id, operation.orElse(null));
        }
        return operation;
      }

      @Override
      public Optional<ForceInfo> force(String code) {
        Optional<ForceInfo> force = forceCache.get(code);
        if (force == null) {
          Force value = Optional.ofNullable(forces.get(code)).map(ValueAndTimestamp::value).orElse(null);
          force = Optional.ofNullable(value).map(ForceInfo::fromAvro);
          forceCache.put(code, force);
          rebuildLog.forceRead(readPosition, code, value);
        }
        return force;
      }
    };
    context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, this::emitPending);
    nextRefreshMs = context.currentSystemTimeMs() + REFRESH_INTERVAL.toMillis();
    if (rebuildRevisions) {
      rebuildRevisions();
    }
  }

  /**
   * Rebuilds the revision store, which has no changelog, from the events topic up to the last
   * committed offset. Whatever the store holds is dropped first: it opens empty, but a task that
   * was a standby here after being active keeps the store of its active days, which the totals,
   * restored from their changelogs, may have left behind since.
   */
  private void rebuildRevisions() {
    TaskId task = context.taskId();
    if (revisions.approximateNumEntries() > 0) {
      List<String> kept = new ArrayList<>();
      try (KeyValueIterator<String, EventState> all = revisions.all()) {
        all.forEachRemaining(entry -> kept.add(entry.key));
      }
      kept.forEach(revisions::delete);
      log.info("Task {}: dropped {} event revisions kept from before, to rebuild them", task, kept.size());
    }
    if (lastOffset >= 0) {
      RevisionRebuild.run(context.appConfigs(), task, new TopicPartition(Topics.FIELD_EVENTS, task.partition()),
          lastOffset, judge, rebuildLog.replay(), revisions);
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    long now = context.currentSystemTimeMs();
    commitGate.recordProcessed(now, record.timestamp());
    if (commitGate.mayCommitForSums(now)) {
      context.commit();
    }
    lastOffset = context.recordMetadata().orElseThrow().offset();
    rebuildLog.processed(lastOffset);
    readPosition = lastOffset;
    forgetReferenceDataIfChanged();
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    EventJudge.Verdict verdict = judge.judge(key, record.headers(), record.value(), lookup, revisions);
    if (verdict.isRefused()) {
      reject(record, verdict.refusal());
      return;
    }
    RevisionRule.Decision decision = verdict.decision();
    if (decision.outcome().changesTotals()) {
      apply(verdict.event().getEventId(), key, decision, record.timestamp());
    } else {
      log.debug("Ignored {} revision {} of event {}", decision.outcome(), verdict.event().getRevision(), verdict.event().getEventId());
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
   * Emits every totals key changed since the last emission (every key of the task, once per
   * {@link #REFRESH_INTERVAL}), clears the marks, and, while the thread keeps up with the events,
   * asks Kafka Streams to commit now rather than at its next commit interval, so the emitted
   * changes become readable (and reach the region and national sums) at once. Changed sums on this thread are committed early too, at the next event or
   * emission (see {@link CommitGate}).
   */
  private void emitPending(long now) {
    // Looked up between two records: recorded for the next one, which uses what is cached here.
    readPosition = lastOffset + 1;
    forgetReferenceDataIfChanged();
    Set<String> marks = new LinkedHashSet<>();
    pending.forEach((mark, value) -> marks.add(mark));
    if (now >= nextRefreshMs) {
      nextRefreshMs = now + REFRESH_INTERVAL.toMillis();
      forceTotals.forEach((key, tally) -> marks.add(FORCE_MARK + key));
      dailyTotals.forEach((key, tally) -> marks.add(DAILY_MARK + key));
    }
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
