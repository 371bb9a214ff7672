package org.countline.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.countline.avro.Operation;

/**
 * The window of an operation: from 00:00 local time on its first day to the end of its last
 * day, in its own time zone (Europe/London, so a week that spans a clock change is still
 * Monday 00:00 to Sunday 23:59:59 local). Kafka Streams' time windows are aligned to the epoch
 * in UTC and would get this wrong, so the week is keyed by operation instead.
 *
 * <p>Every event is checked against its operation's window, so the instants are worked out once
 * and windows are shared between events of the same operation.
 */
public final class OperationWindow {
  /** Windows by (start, end, zone); there are only ever a few operations. */
  private static final ConcurrentMap<Key, OperationWindow> CACHE = new ConcurrentHashMap<>();
  private static final int CACHE_LIMIT = 1_000;
  private static volatile LastHit lastHit;
  /** Windows up to a year long keep their day boundaries (a few KiB at most). */
  private static final int MAX_DAYS_SEARCHED = 366;

  private final LocalDate start;
  private final LocalDate end;
  private final ZoneId zone;
  private final Instant startInstant;
  private final Instant endExclusive;
  /**
   * The first instant of each local day of the window, in epoch milliseconds, and the end: every
   * counted event asks for its local day, and a search of a week's boundaries is cheaper than the
   * zone's rules. Empty for a window too long to be worth it (then the zone's rules answer).
   */
  private final long[] dayStartsMillis;

  public OperationWindow(LocalDate start, LocalDate end, ZoneId zone) {
    this.start = Objects.requireNonNull(start, "start");
    this.end = Objects.requireNonNull(end, "end");
    this.zone = Objects.requireNonNull(zone, "zone");
    this.startInstant = start.atStartOfDay(zone).toInstant();
    this.endExclusive = end.plusDays(1).atStartOfDay(zone).toInstant();
    long days = end.toEpochDay() - start.toEpochDay() + 1;
    if (days < 1 || days > MAX_DAYS_SEARCHED) {
      this.dayStartsMillis = new long[0];
    } else {
      this.dayStartsMillis = new long[(int) days + 1];
      for (int i = 0; i <= days; i++) {
        dayStartsMillis[i] = start.plusDays(i).atStartOfDay(zone).toInstant().toEpochMilli();
      }
    }
  }

  /**
   * The window of {@code operation}.
   *
   * @throws java.time.DateTimeException when its time zone is not a valid zone id
   */
  public static OperationWindow of(Operation operation) {
    // The same Operation object asked again (the replay asks once per event): compared by
    // reference, fields included, so a setter called in between is noticed.
    LastHit hit = lastHit;
    if (hit != null && hit.operation == operation && hit.start == operation.getStart() && hit.end == operation.getEnd()
        && hit.zone == operation.getTimeZone()) {
      return hit.window;
    }
    Key key = new Key(operation.getStart(), operation.getEnd(), operation.getTimeZone());
    OperationWindow window = CACHE.get(key);
    if (window == null) {
      window = new OperationWindow(key.start(), key.end(), ZoneId.of(key.zone()));
      if (CACHE.size() >= CACHE_LIMIT) {
        CACHE.clear();
      }
      CACHE.put(key, window);
    }
    lastHit = new LastHit(operation, operation.getStart(), operation.getEnd(), operation.getTimeZone(), window);
    return window;
  }

  public LocalDate start() {
    return start;
  }

  public LocalDate end() {
    return end;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The first instant inside the window. */
  public Instant startInstant() {
    return startInstant;
  }

  /** The first instant after the window. */
  public Instant endExclusive() {
    return endExclusive;
  }

  public boolean contains(Instant instant) {
    return instant.compareTo(startInstant) >= 0 && instant.compareTo(endExclusive) < 0;
  }

  /** The local date on which {@code instant} falls in the operation's zone. */
  public LocalDate localDay(Instant instant) {
    return LocalDate.ofEpochDay(localEpochDay(instant));
  }

  /**
   * The local date on which {@code instant} falls in the operation's zone, as days since
   * 1970-01-01: for an instant inside the window, found among the window's day boundaries.
   */
  public long localEpochDay(Instant instant) {
    long[] starts = dayStartsMillis;
    if (starts.length > 0 && instant.compareTo(startInstant) >= 0 && instant.compareTo(endExclusive) < 0) {
      int i = Arrays.binarySearch(starts, instant.toEpochMilli());
      // Not found: -(insertion point) - 1, and the day is the one before the insertion point.
      int day = i >= 0 ? i : -i - 2;
      return start.toEpochDay() + day;
    }
    return LocalDate.ofInstant(instant, zone).toEpochDay();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OperationWindow w && start.equals(w.start) && end.equals(w.end) && zone.equals(w.zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, end, zone);
  }

  @Override
  public String toString() {
    return "OperationWindow[" + start + " to " + end + " " + zone + "]";
  }

  private record Key(LocalDate start, LocalDate end, String zone) {}

  private record LastHit(Operation operation, LocalDate start, LocalDate end, String zone, OperationWindow window) {}
}
