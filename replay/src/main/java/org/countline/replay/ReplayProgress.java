package org.countline.replay;

/** Told after every batch read: records read so far of the records to read (for a progress bar). */
@FunctionalInterface
public interface ReplayProgress {
  ReplayProgress NONE = (read, total) -> {};

  void update(long read, long total);
}
