package org.countline.controlroom;

import java.time.Instant;
import java.time.LocalDate;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.core.Metric;
import org.countline.core.Tally;

/** Operations and totals with fixed values and times, for the control room's tests. */
final class Fixtures {
  /** Monday 3 October 2022, 10:00 BST: the first day of the test operation. */
  static final Instant MONDAY = Instant.parse("2022-10-03T09:00:00Z");

  private Fixtures() {}

  /** A week of action from Monday 3 to Sunday 9 October 2022, in Europe/London. */
  static Operation operation(String id) {
    return operation(id, LocalDate.of(2022, 10, 3), OperationStatus.OPEN);
  }

  static Operation operation(String id, LocalDate start, OperationStatus status) {
    return operation(id, "County Lines Intensification Week " + id, start, status);
  }

  static Operation operation(String id, String name, LocalDate start, OperationStatus status) {
    return Operation.newBuilder()
        .setId(id)
        .setName(name)
        .setKind("county-lines-intensification")
        .setStart(start)
        .setEnd(start.plusDays(6))
        .setTimeZone("Europe/London")
        .setStatus(status)
        .setPreviousOperationId(null)
        .build();
  }

  /** Totals with {@code arrests} arrests, £{@code cashPounds} cash and one knife, updated {@code minutes} after {@link #MONDAY}. */
  static Tally tally(long arrests, long cashPounds, int minutes) {
    return Tally.zero()
        .set(Metric.EVENTS, arrests + 1)
        .set(Metric.ARRESTS, arrests)
        .set(Metric.CASH, cashPounds * 100)
        .set(Metric.BLADED_WEAPONS, 1)
        .set(Metric.COCAINE, 1_500)
        .updatedAtMillis(MONDAY.plusSeconds(60L * minutes).toEpochMilli());
  }
}
