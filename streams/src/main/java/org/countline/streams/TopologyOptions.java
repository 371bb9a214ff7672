package org.countline.streams;

import java.time.Duration;

/**
 * Tuning of the totals topology that does not change its results.
 *
 * @param emitInterval how often changed totals are emitted (wall clock)
 * @param revisionsInMemory keep the per-event revision store in memory (fast, restored from its
 *     changelog at start) rather than in RocksDB (bounded memory for years of history)
 */
public record TopologyOptions(Duration emitInterval, boolean revisionsInMemory) {
  public static TopologyOptions defaults() {
    return new TopologyOptions(Duration.ofMillis(50), false);
  }
}
