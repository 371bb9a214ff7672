package org.countline.app;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar on the terminal's error stream for long work: done of total, percentage, rate
 * and time left, redrawn at most ten times a second. Silent when not enabled (short work, or
 * output that is not a terminal), so logs and pipes stay clean.
 */
final class ProgressBar implements AutoCloseable {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final String label;
  private final long total;
  private final boolean enabled;
  private final long startNanos = System.nanoTime();
  private final AtomicLong done = new AtomicLong();
  private volatile long lastDrawNanos;

  private ProgressBar(PrintWriter err, String label, long total, boolean enabled) {
    this.err = err;
    this.label = label;
    this.total = total;
    this.enabled = enabled;
  }

  static ProgressBar start(PrintWriter err, String label, long total, boolean enabled) {
    return new ProgressBar(err, label, total, enabled && System.console() != null);
  }

  void step() {
    long n = done.incrementAndGet();
    long now = System.nanoTime();
    if (enabled && (now - lastDrawNanos > 100_000_000L || n == total)) {
      lastDrawNanos = now;
      draw(n, now);
    }
  }

  private synchronized void draw(long n, long now) {
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    double rate = n / seconds;
    int filled = total == 0 ? WIDTH : (int) (WIDTH * n / total);
    long left = rate > 0 ? (long) ((total - n) / rate) : 0;
    err.printf("\r%s [%s%s] %d/%d %3d%% %,.0f/s %ds left ", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
        n, total, total == 0 ? 100 : (int) (100 * n / total), rate, left);
    err.flush();
  }

  @Override
  public void close() {
    if (enabled) {
      draw(done.get(), System.nanoTime());
      err.println();
      err.flush();
    }
  }
}
