package org.countline.streams;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.countline.avro.Arrest;
import org.countline.avro.Drug;
import org.countline.avro.DrugSeizure;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.avro.Seizure;
import org.countline.avro.Source;
import org.countline.avro.WeaponSeizure;
import org.countline.avro.WeaponType;
import org.countline.avro.Withdrawal;

/** Builders of events and operations for topology tests; fixed times, no clock. */
final class TestEvents {
  static final String OPERATION = "cliw-2022-10";
  /** Monday 3 October 2022, 10:00 BST. */
  static final Instant MONDAY = Instant.parse("2022-10-03T09:00:00Z");

  private TestEvents() {}

  static Operation operation(String id, OperationStatus status) {
    return Operation.newBuilder()
        .setId(id)
        .setName("County Lines Intensification Week, October 2022")
        .setKind("county-lines-intensification")
        .setStart(LocalDate.of(2022, 10, 3))
        .setEnd(LocalDate.of(2022, 10, 9))
        .setTimeZone("Europe/London")
        .setStatus(status)
        .setPreviousOperationId(null)
        .build();
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }

  static FieldEvent event(String id, int revision, String force, Instant at, Object payload) {
    return FieldEvent.newBuilder()
        .setEventId(id)
        .setRevision(revision)
        .setOperationId(OPERATION)
        .setForce(force)
        .setOccurredAt(at)
        .setReportedAt(at)
        .setReporter("r-1842")
        .setSource(Source.APP)
        .setPayload(payload)
        .build();
  }

  static FieldEvent arrest(String id, int revision, String force, int count, int charged) {
    return event(id, revision, force, MONDAY, new Arrest(count, charged, 0));
  }

  static FieldEvent withdrawal(String id, int revision, String force) {
    return event(id, revision, force, MONDAY, new Withdrawal("reported twice"));
  }

  static FieldEvent seizure(String id, String force, long cocaineMg, long valuePence, long cashPence, int knives) {
    return event(id, 1, force, MONDAY, new Seizure(
        List.of(new DrugSeizure(Drug.COCAINE, cocaineMg, valuePence)),
        cashPence,
        List.of(new WeaponSeizure(WeaponType.BLADED, knives)),
        1));
  }
}
