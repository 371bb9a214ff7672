package org.countline.producers.outbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.countline.avro.Arrest;
import org.countline.avro.Drug;
import org.countline.avro.DrugSeizure;
import org.countline.avro.FieldEvent;
import org.countline.avro.Seizure;
import org.countline.avro.Source;
import org.countline.avro.WeaponSeizure;
import org.countline.avro.WeaponType;

/** Field events for outbox tests; fixed ids and times. */
final class OutboxEvents {
  static final Instant MONDAY = Instant.parse("2022-10-03T09:00:00Z");

  private OutboxEvents() {}

  static FieldEvent arrest(int n) {
    return event(n, new Arrest(n, 0, 0));
  }

  static FieldEvent seizure(int n) {
    return event(n, new Seizure(List.of(new DrugSeizure(Drug.COCAINE, 5_000L * n, 25_000L)), 150_000L,
        List.of(new WeaponSeizure(WeaponType.BLADED, 2)), 3));
  }

  static FieldEvent event(int n, Object payload) {
    return FieldEvent.newBuilder()
        .setEventId(new UUID(0x1234_5678_9abc_4defL, 0x8000_0000_0000_0000L + n).toString())
        .setRevision(1)
        .setOperationId("cliw-2022-10")
        .setForce("kent")
        .setOccurredAt(MONDAY.plusSeconds(n))
        .setReportedAt(MONDAY.plusSeconds(n + 60))
        .setReporter("r-1842")
        .setSource(Source.APP)
        .setPayload(payload)
        .build();
  }
}
