package org.countline.core;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.countline.avro.Arrest;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.avro.Source;
import org.countline.avro.Withdrawal;

/** Fixed events, operations and reference data for example-based tests: no clocks, no randomness. */
public final class TestEvents {
  /** Operation CLIW October 2022: Monday 3 to Sunday 9 October, Europe/London (BST, UTC+1). */
  public static final String OPERATION = "cliw-2022-10";

  public static final String FORCE = "kent";

  public static final String EVENT_ID = "5b0f3c1e-2a6d-4c1e-9d1e-6a1f0c2b7e11";

  /** Tuesday 4 October 2022, 09:30 BST. */
  public static final Instant OCCURRED_AT = Instant.parse("2022-10-04T08:30:00Z");

  public static final Instant REPORTED_AT = Instant.parse("2022-10-04T08:31:00Z");

  private TestEvents() {}

  public static Operation operation(String id, LocalDate start, LocalDate end, OperationStatus status) {
    return Operation.newBuilder()
        .setId(id)
        .setName("County Lines Intensification Week")
        .setStart(start)
        .setEnd(end)
        .setStatus(status)
        .build();
  }

  public static Operation october2022() {
    return operation(OPERATION, LocalDate.of(2022, 10, 3), LocalDate.of(2022, 10, 9), OperationStatus.OPEN);
  }

  /** An event of {@link #OPERATION} and {@link #FORCE} with the given id, revision and payload. */
  public static FieldEvent event(String eventId, int revision, Object payload) {
    return builder(payload).setEventId(eventId).setRevision(revision).build();
  }

  public static FieldEvent event(Object payload) {
    return builder(payload).build();
  }

  public static FieldEvent.Builder builder(Object payload) {
    return FieldEvent.newBuilder()
        .setEventId(EVENT_ID)
        .setRevision(1)
        .setOperationId(OPERATION)
        .setForce(FORCE)
        .setOccurredAt(OCCURRED_AT)
        .setReportedAt(REPORTED_AT)
        .setReporter("r-1842")
        .setSource(Source.APP)
        .setPayload(payload);
  }

  public static Arrest arrest(int count) {
    return new Arrest(count, 0, 0);
  }

  public static Withdrawal withdrawal() {
    return new Withdrawal("reported twice");
  }

  /** A lookup over fixed operations and the default forces. */
  public static EventValidator.Lookup lookup(List<Operation> operations) {
    ReferenceData forces = ReferenceData.defaults();
    Map<String, Operation> byId = new java.util.HashMap<>();
    operations.forEach(o -> byId.put(o.getId(), o));
    return new EventValidator.Lookup() {
      @Override
      public Optional<Operation> operation(String id) {
        return Optional.ofNullable(byId.get(id));
      }

      @Override
      public Optional<ForceInfo> force(String code) {
        return forces.force(code);
      }
    };
  }
}
