package org.countline.replay;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Replay} reads the log. None of these change the figures, except a seek margin too
 * small for the clocks that stamped the records (see {@link #DEFAULT_SEEK_MARGIN}).
 *
 * @param seekMargin how long before the operation's window the replay starts reading
 * @param stallTimeout how long the replay waits for the broker without reading anything before it
 *     gives up
 * @param fetchBytes the size of one fetch from one partition; large fetches keep the consumer
 *     busy decoding rather than waiting on round trips
 * @param threads how many consumers read at once, each its own share of the partitions (at most
 *     one per partition); 0 for one per processor
 */
public record ReplayOptions(Duration seekMargin, Duration stallTimeout, int fetchBytes, int threads) {

  /**
   * One day. A record's timestamp is its producer's create time: the moment the gateway or the
   * publisher sent the event, close to its {@code reportedAt}. Only events that occurred inside
   * the window can count, and an event is reported after it happens, so every record that can
   * count was stamped after the window opened, give or take the error of the clocks involved: the
   * producer's own, and the field device's (an {@code occurredAt} ahead of the truth, e.g. local
   * time sent as UTC, is at most 14 hours wrong). A day covers both with room to spare; it costs
   * one more day of log to skim, which is cheap because weeks of action are months apart and
   * records of other operations are dropped by their key before they are decoded. The replay
   * logs a warning when a record that counted was stamped before the window opened, the sign
   * that the margin is being used at all.
   */
  public static final Duration DEFAULT_SEEK_MARGIN = Duration.ofDays(1);

  public ReplayOptions {
    Objects.requireNonNull(seekMargin, "seekMargin");
    Objects.requireNonNull(stallTimeout, "stallTimeout");
    if (seekMargin.isNegative()) {
      throw new IllegalArgumentException("seekMargin must not be negative");
    }
    if (fetchBytes < 64 * 1024) {
      throw new IllegalArgumentException("fetchBytes must be at least 64 KiB");
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be 0 (one per processor) or more");
    }
  }

  public static ReplayOptions defaults() {
    return new ReplayOptions(DEFAULT_SEEK_MARGIN, Duration.ofSeconds(30), 8 * 1024 * 1024, 0);
  }

  public ReplayOptions withSeekMargin(Duration margin) {
    return new ReplayOptions(margin, stallTimeout, fetchBytes, threads);
  }

  public ReplayOptions withThreads(int count) {
    return new ReplayOptions(seekMargin, stallTimeout, fetchBytes, count);
  }

  /** The number of reading threads for a topic of {@code partitions} partitions. */
  int threadsFor(int partitions) {
    int wanted = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    return Math.max(1, Math.min(wanted, partitions));
  }
}
