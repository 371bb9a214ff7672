package org.countline.producers.outbox;

import java.nio.file.Path;

/**
 * The outbox's events log is damaged somewhere other than its last entry (which a crash can tear):
 * a bit flip, a truncated copy, a foreign file. The outbox refuses to open rather than guess which
 * events are good; the message names the file and the byte where the damage starts.
 */
public final class OutboxCorruptedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  public OutboxCorruptedException(String message, Path file, long offset) {
    super(message);
    this.file = file;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  /** The byte offset in {@link #file()} where the damage starts. */
  public long offset() {
    return offset;
  }
}
