package org.countline.controlroom;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.countline.avro.Arrest;
import org.countline.avro.DealLineClosed;
import org.countline.avro.Drug;
import org.countline.avro.DrugSeizure;
import org.countline.avro.Engagement;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.Safeguarding;
import org.countline.avro.Seizure;
import org.countline.avro.Source;
import org.countline.avro.VehicleStop;
import org.countline.avro.WarrantExecuted;
import org.countline.avro.WeaponSeizure;
import org.countline.avro.WeaponType;
import org.countline.core.ForceInfo;
import org.countline.core.ReferenceData;

/**
 * A plausible week of field events for one operation, the same for the same seed: every force
 * reports, more on weekdays, with the mix of a real week of action (arrests and warrants most,
 * seizures with drugs, cash and knives, a few lines closed, safeguarding and school visits). No
 * clock is read: times come from the operation's window.
 */
final class WeekOfEvents {
  private WeekOfEvents() {}

  static List<FieldEvent> of(Operation operation, int count, long seed) {
    Random random = new Random(seed);
    List<ForceInfo> forces = new ArrayList<>(ReferenceData.defaults().forces());
    ZoneId zone = ZoneId.of(operation.getTimeZone());
    int days = (int) (operation.getEnd().toEpochDay() - operation.getStart().toEpochDay()) + 1;
    List<FieldEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Forces earlier in the list and the first days of the week report more, as real weeks do.
      ForceInfo force = forces.get((int) Math.floor(forces.size() * Math.pow(random.nextDouble(), 1.6)));
      LocalDate day = operation.getStart().plusDays((long) Math.floor(days * Math.pow(random.nextDouble(), 1.3)));
      Instant at = day.atTime(6 + random.nextInt(16), random.nextInt(60)).atZone(zone).toInstant();
      events.add(event(operation.getId(), force.code(), at, payload(random), "seed-" + seed + "-" + i));
    }
    return events;
  }

  static FieldEvent event(String operation, String force, Instant at, Object payload, String name) {
    return FieldEvent.newBuilder()
        .setEventId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString())
        .setRevision(1)
        .setOperationId(operation)
        .setForce(force)
        .setOccurredAt(at)
        .setReportedAt(at.plusSeconds(600))
        .setReporter("r-" + (1000 + Math.abs(name.hashCode() % 9000)))
        .setSource(Source.SIMULATOR)
        .setPayload(payload)
        .build();
  }

  private static Object payload(Random random) {
    int kind = random.nextInt(100);
    if (kind < 34) {
      int count = 1 + random.nextInt(3);
      int charged = random.nextInt(count + 1);
      return new Arrest(count, charged, random.nextInt(charged + 1));
    } else if (kind < 52) {
      return new WarrantExecuted(1 + random.nextInt(2));
    } else if (kind < 60) {
      return new VehicleStop(1 + random.nextInt(4));
    } else if (kind < 78) {
      List<DrugSeizure> drugs = new ArrayList<>();
      if (random.nextInt(3) > 0) {
        long grams = 5 + random.nextInt(400);
        drugs.add(new DrugSeizure(random.nextBoolean() ? Drug.COCAINE : Drug.HEROIN, grams * 1000, grams * 8000L));
      }
      if (random.nextInt(3) == 0) {
        long wraps = 10 + random.nextInt(150);
        drugs.add(new DrugSeizure(Drug.CLASS_A_WRAPS, wraps, wraps * 1000L));
      }
      long cash = random.nextInt(4) == 0 ? 0 : (200 + random.nextInt(15_000)) * 100L;
      List<WeaponSeizure> weapons = random.nextInt(3) == 0
          ? List.of(new WeaponSeizure(random.nextInt(8) == 0 ? WeaponType.FIREARM : WeaponType.BLADED, 1 + random.nextInt(2)))
          : List.of();
      return new Seizure(drugs, cash, weapons, random.nextInt(4));
    } else if (kind < 83) {
      return new DealLineClosed(1);
    } else if (kind < 93) {
      return new Safeguarding(random.nextInt(3), random.nextInt(4), random.nextInt(2), random.nextInt(3));
    } else {
      return new Engagement(1 + random.nextInt(2), 20 + random.nextInt(200), random.nextInt(60), random.nextInt(3));
    }
  }
}
