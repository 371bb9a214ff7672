package org.countline.streams;

import java.time.Duration;

/**
 * Tuning of the totals topology that does not change its results.
 *
 * @param emitInterval how often changed totals are emitted (wall clock)
 * @param revisionsInMemory keep the per-event revision store in memory on a hash map, without a
 *     changelog, rebuilt from the events topic when a task opens (the default: about 200 bytes an
 *     event, and a national week is tens of thousands of events; the benchmark measured a third
 *     less stream-thread CPU per event than RocksDB, and a fifth more events/s without the
 *     changelog), or in RocksDB with a changelog (memory bounded whatever the history)
 */
public record TopologyOptions(Duration emitInterval, boolean revisionsInMemory) {
  public static TopologyOptions defaults() {
    return new TopologyOptions(Duration.ofMillis(50), true);
  }

  /** These options with the revision store in memory or in RocksDB. */
  public TopologyOptions withRevisionsInMemory(boolean inMemory) {
    return new TopologyOptions(emitInterval, inMemory);
  }
}
