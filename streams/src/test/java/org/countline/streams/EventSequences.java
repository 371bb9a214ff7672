package org.countline.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.countline.avro.Arrest;
import org.countline.avro.DealLineClosed;
import org.countline.avro.Drug;
import org.countline.avro.DrugSeizure;
import org.countline.avro.Engagement;
import org.countline.avro.FieldEvent;
import org.countline.avro.Safeguarding;
import org.countline.avro.Seizure;
import org.countline.avro.VehicleStop;
import org.countline.avro.WarrantExecuted;
import org.countline.avro.WeaponSeizure;
import org.countline.avro.WeaponType;
import org.countline.avro.Withdrawal;

/**
 * Random weeks of field events from a seed: every type, amendments, withdrawals, resends of the
 * same revision, and (when asked) revisions of an event arriving out of order.
 */
final class EventSequences {
  static final List<String> FORCES = List.of("kent", "essex", "thames-valley", "metropolitan", "btp", "durham");
  private static final Instant WEEK_START = Instant.parse("2022-10-02T23:00:00Z");

  private EventSequences() {}

  static List<FieldEvent> week(long seed, int events, boolean shuffleRevisions) {
    Random random = new Random(seed);
    List<FieldEvent> out = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      String id = new UUID(seed, i).toString();
      String force = FORCES.get(random.nextInt(FORCES.size()));
      int revisions = 1 + (random.nextInt(10) < 3 ? 1 + random.nextInt(3) : 0);
      List<FieldEvent> history = new ArrayList<>();
      for (int r = 1; r <= revisions; r++) {
        boolean withdraw = r > 1 && random.nextInt(4) == 0;
        Instant at = WEEK_START.plus(Duration.ofMinutes(random.nextInt(7 * 24 * 60)));
        Object payload = withdraw ? new Withdrawal("duplicate report") : payload(random);
        history.add(TestEvents.event(id, r, force, at, payload));
        if (random.nextInt(10) == 0) {
          history.add(history.get(history.size() - 1));
        }
      }
      if (shuffleRevisions) {
        Collections.shuffle(history, random);
      }
      out.addAll(history);
    }
    return out;
  }

  static Object payload(Random random) {
    return switch (random.nextInt(7)) {
      case 0 -> new Arrest(1 + random.nextInt(3), random.nextInt(2), random.nextInt(2));
      case 1 -> new WarrantExecuted(1);
      case 2 -> new VehicleStop(1 + random.nextInt(2));
      case 3 -> new Seizure(
          List.of(new DrugSeizure(Drug.values()[random.nextInt(Drug.values().length)], (long) random.nextInt(50_000), (long) random.nextInt(500_000))),
          random.nextInt(3) == 0 ? (long) random.nextInt(2_000_000) : 0L,
          List.of(new WeaponSeizure(WeaponType.values()[random.nextInt(3)], 1 + random.nextInt(2))),
          random.nextInt(4));
      case 4 -> new DealLineClosed(1);
      case 5 -> new Safeguarding(random.nextInt(3), random.nextInt(3), random.nextInt(2), random.nextInt(2));
      default -> new Engagement(random.nextInt(2), random.nextInt(60), random.nextInt(30), random.nextInt(2));
    };
  }
}
