package org.countline.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
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
import org.countline.avro.Withdrawal;
import org.countline.core.Contribution;
import org.countline.core.ForceInfo;
import org.countline.core.OperationWindow;
import org.countline.core.ReferenceData;
import org.countline.core.Tally;

/**
 * The benchmark's input: a deterministic stream of valid field events for one operation across
 * every force, with amendments (10%), withdrawals (3%) and resends of the same revision (2%).
 * Every revision of an event is emitted together, so the expected totals are folded on the fly
 * from each event's last revision, without keeping millions of events in memory.
 */
final class BenchEvents {
  private BenchEvents() {}

  /**
   * Emits at least {@code records} records to {@code sink}; returns the expected national totals
   * (the fold over the latest revision of each event).
   */
  static Tally generate(Operation operation, ReferenceData reference, long records, long seed, Consumer<FieldEvent> sink) {
    Random random = new Random(seed);
    List<ForceInfo> forces = List.copyOf(reference.forces());
    OperationWindow window = OperationWindow.of(operation);
    long windowMinutes = Duration.between(window.startInstant(), window.endExclusive()).toMinutes();
    Tally expected = new Tally();
    long emitted = 0;
    long n = 0;
    while (emitted < records) {
      String id = new UUID(seed, n++).toString();
      String force = forces.get(random.nextInt(forces.size())).code();
      Instant at = window.startInstant().plus(Duration.ofMinutes(random.nextLong(windowMinutes)));
      FieldEvent first = event(operation.getId(), id, 1, force, at, payload(random));
      sink.accept(first);
      emitted++;
      FieldEvent last = first;
      int roll = random.nextInt(100);
      if (roll < 10) {
        last = event(operation.getId(), id, 2, force, at, payload(random));
        sink.accept(last);
        emitted++;
      } else if (roll < 13) {
        last = event(operation.getId(), id, 2, force, at, new Withdrawal("reported twice"));
        sink.accept(last);
        emitted++;
      } else if (roll < 15) {
        sink.accept(first);
        emitted++;
      }
      expected.add(Contribution.of(last));
    }
    return expected;
  }

  static FieldEvent event(String operationId, String id, int revision, String force, Instant at, Object payload) {
    return FieldEvent.newBuilder()
        .setEventId(id)
        .setRevision(revision)
        .setOperationId(operationId)
        .setForce(force)
        .setOccurredAt(at)
        .setReportedAt(at.plusSeconds(60))
        .setReporter("bench")
        .setSource(Source.SIMULATOR)
        .setPayload(payload)
        .build();
  }

  static Object payload(Random random) {
    return switch (random.nextInt(7)) {
      case 0 -> new Arrest(1 + random.nextInt(2), random.nextInt(2), 0);
      case 1 -> new WarrantExecuted(1);
      case 2 -> new VehicleStop(1);
      case 3 -> new Seizure(
          List.of(new DrugSeizure(Drug.COCAINE, (long) random.nextInt(50_000), (long) random.nextInt(500_000))),
          (long) random.nextInt(100_000),
          List.of(new WeaponSeizure(WeaponType.BLADED, 1)),
          random.nextInt(3));
      case 4 -> new DealLineClosed(1);
      case 5 -> new Safeguarding(random.nextInt(2), random.nextInt(2), 0, random.nextInt(2));
      default -> new Engagement(random.nextInt(2), random.nextInt(30), random.nextInt(10), 0);
    };
  }
}
