package org.countline.replay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.countline.avro.Arrest;
import org.countline.avro.DealLineClosed;
import org.countline.avro.Drug;
import org.countline.avro.DrugSeizure;
import org.countline.avro.Engagement;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
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
import org.countline.core.Keys;
import org.countline.core.OperationWindow;
import org.countline.core.ReferenceData;
import org.countline.core.Tally;

/**
 * Seeded weeks of field events as they reach the events topic: every type, amendments,
 * withdrawals, resent revisions, revisions out of order, events outside the window or reported
 * after the operation closed, and records that the live topology refuses (unknown force, negative
 * figure, undecodable bytes, key not matching, empty value), each with the reason it is refused.
 * Fixed times only: the record timestamp is the event's {@code reportedAt}.
 */
final class Weeks {
  static final ZoneId LONDON = ZoneId.of("Europe/London");
  static final List<String> FORCES = List.of(
      "kent", "essex", "thames-valley", "metropolitan", "btp", "durham", "merseyside",
      "west-yorkshire", "south-wales", "devon-cornwall", "nottinghamshire", "west-midlands-police");

  private Weeks() {}

  /**
   * One record for the events topic.
   *
   * @param value the value bytes are the event's (Avro) unless {@code raw} says otherwise
   * @param raw {@code null} to send the event, {@link #EMPTY} for a tombstone, or these bytes
   * @param rejectedAs the reason the live topology refuses the record, or null when it is valid
   */
  record Published(String key, FieldEvent event, byte[] raw, long timestamp, String rejectedAs) {}

  static final byte[] EMPTY = new byte[0];

  static Operation operation(String id, LocalDate start, String previous, Instant closedAt) {
    return Operation.newBuilder()
        .setId(id)
        .setName("County Lines Intensification Week, " + start.getMonth().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.UK)
            + " " + start.getYear())
        .setKind("county-lines-intensification")
        .setStart(start)
        .setEnd(start.plusDays(6))
        .setTimeZone("Europe/London")
        .setStatus(closedAt == null ? OperationStatus.OPEN : OperationStatus.CLOSED)
        .setPreviousOperationId(previous)
        .setClosedAt(closedAt)
        .build();
  }

  static FieldEvent event(String op, String id, int revision, String force, Instant occurredAt, Instant reportedAt, Object payload) {
    return FieldEvent.newBuilder()
        .setEventId(id)
        .setRevision(revision)
        .setOperationId(op)
        .setForce(force)
        .setOccurredAt(occurredAt)
        .setReportedAt(reportedAt)
        .setReporter("r-" + (1000 + Math.abs(id.hashCode() % 9000)))
        .setSource(Source.APP)
        .setPayload(payload)
        .build();
  }

  static Published valid(FieldEvent e) {
    return new Published(Keys.of(e.getOperationId(), e.getForce()), e, null, e.getReportedAt().toEpochMilli(), null);
  }

  /**
   * A week of {@code events} events of {@code operation}, plus refused records at every 200th
   * event. Events out of the window occur up to ten hours outside it (reported inside the replay's
   * seek margin); a few are reported up to four days late, after {@code closedAt} when it is set.
   */
  static List<Published> week(long seed, Operation operation, int events) {
    Random random = new Random(seed);
    OperationWindow window = OperationWindow.of(operation);
    Instant start = window.startInstant();
    long windowMinutes = Duration.between(start, window.endExclusive()).toMinutes();
    Instant closedAt = operation.getClosedAt();
    String op = operation.getId();
    List<Published> out = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      String id = new UUID(seed, i).toString();
      String force = FORCES.get(random.nextInt(FORCES.size()));
      int revisions = 1 + (random.nextInt(10) < 3 ? 1 + random.nextInt(3) : 0);
      List<Published> history = new ArrayList<>();
      for (int r = 1; r <= revisions; r++) {
        boolean withdraw = r > 1 && random.nextInt(4) == 0;
        Instant at = start.plus(Duration.ofMinutes(random.nextInt((int) windowMinutes)));
        boolean outside = !withdraw && random.nextInt(40) == 0;
        if (outside) {
          at = random.nextBoolean() ? start.minus(Duration.ofMinutes(1 + random.nextInt(600)))
              : window.endExclusive().plus(Duration.ofMinutes(random.nextInt(600)));
        }
        Instant reported = at.plus(Duration.ofMinutes(random.nextInt(random.nextInt(30) == 0 ? 4 * 24 * 60 : 8 * 60)));
        Object payload = withdraw ? new Withdrawal("duplicate report") : payload(random);
        FieldEvent e = event(op, id, r, force, at, reported, payload);
        boolean closed = closedAt != null && !reported.isBefore(closedAt);
        String fate = closed ? ReplayFold.REJECT_CLOSED : outside ? ReplayFold.REJECT_WINDOW : null;
        history.add(new Published(Keys.of(op, force), e, null, reported.toEpochMilli(), fate));
        if (random.nextInt(10) == 0) {
          history.add(history.get(history.size() - 1));
        }
      }
      if (random.nextInt(5) == 0) {
        Collections.shuffle(history, random);
      }
      out.addAll(history);
      if (i % 200 == 0) {
        out.addAll(refused(op, i, start.plus(Duration.ofHours(1 + i % 100))));
      }
    }
    return out;
  }

  /** One record of each kind the live topology refuses, stamped {@code at}. */
  static List<Published> refused(String op, int n, Instant at) {
    long ts = at.toEpochMilli();
    List<Published> out = new ArrayList<>();
    FieldEvent atlantis = event(op, new UUID(-1, n).toString(), 1, "atlantis", at, at, new Arrest(1, 0, 0));
    out.add(new Published(Keys.of(op, "atlantis"), atlantis, null, ts, ReplayFold.REJECT_FORCE));
    FieldEvent negative = event(op, new UUID(-2, n).toString(), 1, "kent", at, at, new Arrest(-1, 0, 0));
    out.add(new Published(Keys.of(op, "kent"), negative, null, ts, "invalid arrest.count"));
    out.add(new Published(Keys.of(op, "kent"), null, "not avro".getBytes(StandardCharsets.UTF_8), ts, ReplayFold.REJECT_UNREADABLE));
    FieldEvent elsewhere = event(op, new UUID(-3, n).toString(), 1, "essex", at, at, new WarrantExecuted(1));
    out.add(new Published(Keys.of(op, "kent"), elsewhere, null, ts, ReplayFold.REJECT_KEY));
    out.add(new Published(Keys.of(op, "durham"), null, EMPTY, ts, ReplayFold.REJECT_EMPTY));
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

  /** Reason to number of records, as a replay counts its rejections. */
  static Map<String, Long> rejections(List<Published> records) {
    Map<String, Long> out = new TreeMap<>();
    records.stream().filter(p -> p.rejectedAs() != null).forEach(p -> out.merge(p.rejectedAs(), 1L, Long::sum));
    return out;
  }

  /**
   * The totals as a plain fold, computed without the replay: the highest valid revision of each
   * event counts, summed per force, day, region and nation (the totals' order-free definition).
   */
  record Expected(Map<String, Tally> forces, Map<String, Tally> regions, Tally national, Map<String, SortedMap<LocalDate, Tally>> daily) {}

  static Expected fold(List<Published> records, Operation operation) {
    ReferenceData reference = ReferenceData.defaults();
    OperationWindow window = OperationWindow.of(operation);
    Map<String, FieldEvent> latest = new HashMap<>();
    for (Published p : records) {
      if (p.rejectedAs() == null && p.event() != null && p.raw() == null && p.event().getOperationId().equals(operation.getId())) {
        latest.merge(p.event().getEventId(), p.event(), (a, b) -> b.getRevision() > a.getRevision() ? b : a);
      }
    }
    Map<String, Tally> forces = new TreeMap<>();
    Map<String, Tally> regions = new TreeMap<>();
    Map<String, SortedMap<LocalDate, Tally>> daily = new TreeMap<>();
    Tally national = Tally.zero();
    for (FieldEvent e : latest.values()) {
      Tally c = Contribution.of(e);
      ForceInfo force = reference.force(e.getForce()).orElseThrow();
      forces.computeIfAbsent(force.code(), k -> Tally.zero()).add(c);
      regions.computeIfAbsent(force.region(), k -> Tally.zero()).add(c);
      national.add(c);
      if (!c.isZero()) {
        daily.computeIfAbsent(force.code(), k -> new TreeMap<>()).computeIfAbsent(window.localDay(e.getOccurredAt()), k -> Tally.zero()).add(c);
      }
    }
    return new Expected(forces, regions, national, daily);
  }

  /** Figures only, without update times or all-zero entries, for comparing totals maps. */
  static Map<String, String> figures(Map<String, Tally> totals) {
    Map<String, String> out = new TreeMap<>();
    totals.forEach((k, v) -> {
      if (!v.isZero()) {
        out.put(k, Tally.of(v.toArray(), 0).toString());
      }
    });
    return out;
  }

  static Map<String, String> dailyFigures(Map<String, SortedMap<LocalDate, Tally>> daily) {
    Map<String, Tally> flat = new TreeMap<>();
    daily.forEach((force, days) -> days.forEach((day, t) -> flat.put(force + "/" + day, t)));
    return figures(flat);
  }
}
