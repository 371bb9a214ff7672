package org.countline.registry.testing;

import java.time.Instant;
import java.util.List;
import org.countline.avro.Arrest;
import org.countline.avro.DealLineClosed;
import org.countline.avro.Drug;
import org.countline.avro.DrugSeizure;
import org.countline.avro.Engagement;
import org.countline.avro.FieldEvent;
import org.countline.avro.Safeguarding;
import org.countline.avro.Seizure;
import org.countline.avro.Source;
import org.countline.avro.VehicleStop;
import org.countline.avro.WarrantExecuted;
import org.countline.avro.WeaponSeizure;
import org.countline.avro.WeaponType;
import org.countline.avro.Withdrawal;

/** Field events with fixed, known fields, one per payload type, for serde tests. */
public final class FieldEvents {

  public static final Instant OCCURRED_AT = Instant.parse("2022-10-04T08:30:00Z");
  public static final Instant REPORTED_AT = Instant.parse("2022-10-04T08:45:00Z");

  private FieldEvents() {}

  /** One payload of each type the FieldEvent union allows. */
  public static List<Object> everyPayload() {
    return List.of(
        new Arrest(3, 2, 1),
        new WarrantExecuted(2),
        new VehicleStop(4),
        new Seizure(
            List.of(
                new DrugSeizure(Drug.COCAINE, 5_000_000L, 25_000_000L),
                new DrugSeizure(Drug.CLASS_A_WRAPS, 40L, 40_000L)),
            1_500_000L,
            List.of(
                new WeaponSeizure(WeaponType.BLADED, 2), new WeaponSeizure(WeaponType.FIREARM, 1)),
            3),
        new DealLineClosed(1),
        new Safeguarding(2, 3, 1, 4),
        new Engagement(5, 300, 120, 2),
        new Withdrawal("reported twice"));
  }

  /** A field event from Kent in operation cliw-2022-10 carrying {@code payload}. */
  public static FieldEvent withPayload(Object payload) {
    return FieldEvent.newBuilder()
        .setEventId("5b0f3c1e-2a6d-4c1e-9d1e-6a1f0c2b7e11")
        .setRevision(1)
        .setOperationId("cliw-2022-10")
        .setForce("kent")
        .setOccurredAt(OCCURRED_AT)
        .setReportedAt(REPORTED_AT)
        .setReporter("r-1842")
        .setSource(Source.GATEWAY)
        .setPayload(payload)
        .build();
  }
}
