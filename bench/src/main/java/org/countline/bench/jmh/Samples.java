package org.countline.bench.jmh;

import java.time.Instant;
import java.util.List;
import org.countline.avro.Arrest;
import org.countline.avro.Drug;
import org.countline.avro.DrugSeizure;
import org.countline.avro.FieldEvent;
import org.countline.avro.Seizure;
import org.countline.avro.Source;
import org.countline.avro.WeaponSeizure;
import org.countline.avro.WeaponType;

/** The inputs the microbenchmarks share: fixed events, so that every run measures the same work. */
final class Samples {
  static final Instant OCCURRED_AT = Instant.parse("2022-10-04T08:30:00Z");

  private Samples() {}

  /** A seizure, the richest payload: two drugs, cash, two weapon types, phones. */
  static FieldEvent seizure(int revision) {
    return event(revision, new Seizure(
        List.of(new DrugSeizure(Drug.COCAINE, 5_000_000L, 25_000_000L), new DrugSeizure(Drug.CLASS_A_WRAPS, 40L, 40_000L)),
        1_500_000L,
        List.of(new WeaponSeizure(WeaponType.BLADED, 2), new WeaponSeizure(WeaponType.FIREARM, 1)),
        3));
  }

  /** An arrest, the commonest and smallest payload. */
  static FieldEvent arrest(int revision) {
    return event(revision, new Arrest(2, 1, 0));
  }

  private static FieldEvent event(int revision, Object payload) {
    return FieldEvent.newBuilder()
        .setEventId("5b0f3c1e-2a6d-4c1e-9d1e-6a1f0c2b7e11")
        .setRevision(revision)
        .setOperationId("cliw-2022-10")
        .setForce("west-midlands")
        .setOccurredAt(OCCURRED_AT)
        .setReportedAt(OCCURRED_AT.plusSeconds(900))
        .setReporter("r-1842")
        .setSource(Source.GATEWAY)
        .setPayload(payload)
        .build();
  }
}
