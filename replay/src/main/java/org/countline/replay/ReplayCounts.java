package org.countline.replay;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay read and what became of it.
 *
 * @param recordsRead every record read from the events topic, of any operation
 * @param operationRecords the records keyed to the operation (its key starts with {@code OPERATION/})
 * @param newEvents first revisions counted
 * @param amended later revisions that replaced the one that counted
 * @param withdrawn withdrawals applied
 * @param duplicates the same revision again (a retry), counted once
 * @param stale a revision older than the one that counts, ignored
 * @param rejected records refused by the live topology's rules, by reason
 * @param elapsed time from the first fetch to the last record
 */
public record ReplayCounts(
    long recordsRead,
    long operationRecords,
    long newEvents,
    long amended,
    long withdrawn,
    long duplicates,
    long stale,
    Map<String, Long> rejected,
    Duration elapsed) {

  public ReplayCounts {
    rejected = java.util.Collections.unmodifiableMap(new TreeMap<>(rejected));
  }

  /** Records that moved the totals: new events, amendments and withdrawals. */
  public long eventsCounted() {
    return newEvents + amended + withdrawn;
  }

  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Records read per second, or 0 for an instant replay. */
  public double recordsPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos <= 0 ? 0 : recordsRead * 1e9 / nanos;
  }
}
