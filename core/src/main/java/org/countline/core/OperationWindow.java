package org.countline.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.countline.avro.Operation;

/**
 * The window of an operation: from 00:00 local time on its first day to the end of its last
 * day, in its own time zone (Europe/London, so a week that spans a clock change is still
 * Monday 00:00 to Sunday 23:59:59 local). Kafka Streams' time windows are aligned to the epoch
 * in UTC and would get this wrong, so the week is keyed by operation instead.
 */
public record OperationWindow(LocalDate start, LocalDate end, ZoneId zone) {

  public static OperationWindow of(Operation operation) {
    return new OperationWindow(operation.getStart(), operation.getEnd(), ZoneId.of(operation.getTimeZone()));
  }

  /** The first instant inside the window. */
  public Instant startInstant() {
    return start.atStartOfDay(zone).toInstant();
  }

  /** The first instant after the window. */
  public Instant endExclusive() {
    return end.plusDays(1).atStartOfDay(zone).toInstant();
  }

  public boolean contains(Instant instant) {
    return !instant.isBefore(startInstant()) && instant.isBefore(endExclusive());
  }

  /** The local date on which {@code instant} falls in the operation's zone. */
  public LocalDate localDay(Instant instant) {
    return LocalDate.ofInstant(instant, zone);
  }
}
