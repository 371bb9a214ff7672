package org.countline.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.countline.avro.Operation;
import org.countline.core.ForceInfo;
import org.countline.core.Metric;
import org.countline.core.ReferenceData;
import org.countline.core.Tally;

/**
 * Fixed replay results for report tests, built from tallies and not from Kafka: a national week
 * in October 2022 in which some forces reported, and the May week before it. Force totals are the
 * sums of their days, regions and the nation the sums of their forces, as a replay makes them.
 */
final class ReportFixtures {
  static final Instant GENERATED = Instant.parse("2022-10-12T09:30:00Z");
  static final Operation MAY = Weeks.operation("cliw-2022-05", LocalDate.of(2022, 5, 16), null, Instant.parse("2022-05-25T12:00:00Z"));
  static final Operation OCTOBER = Weeks.operation("cliw-2022-10", LocalDate.of(2022, 10, 3), "cliw-2022-05", null);

  /** The forces that report in October; the rest of the 44 report nothing. */
  static final List<String> OCTOBER_FORCES = List.of("kent", "essex", "norfolk", "metropolitan", "city-of-london", "merseyside",
      "greater-manchester", "west-yorkshire", "thames-valley", "btp", "south-wales", "devon-cornwall");
  static final List<String> MAY_FORCES = List.of("kent", "essex", "metropolitan", "merseyside", "greater-manchester",
      "west-yorkshire", "thames-valley", "btp");

  private ReportFixtures() {}

  static Map<String, ForceInfo> reference() {
    Map<String, ForceInfo> forces = new LinkedHashMap<>();
    ReferenceData.defaults().forces().forEach(f -> forces.put(f.code(), f));
    return new ReferenceSnapshot(Map.of(), forces).forces();
  }

  static ReplayResult october() {
    return result(OCTOBER, OCTOBER_FORCES, 2022_10, 1.0, Instant.parse("2022-10-09T21:58:00Z"));
  }

  static ReplayResult may() {
    return result(MAY, MAY_FORCES, 2022_05, 0.8, Instant.parse("2022-05-22T20:11:00Z"));
  }

  static Report report() {
    return Report.of(october(), GENERATED).withPrevious(may());
  }

  static ReplayResult result(Operation op, List<String> reporting, long seed, double scale, Instant updatedAt) {
    Map<String, ForceInfo> reference = reference();
    Random random = new Random(seed);
    Map<String, Tally> forces = new LinkedHashMap<>();
    Map<String, SortedMap<LocalDate, Tally>> daily = new LinkedHashMap<>();
    for (String code : reporting) {
      SortedMap<LocalDate, Tally> days = new TreeMap<>();
      Tally force = Tally.zero();
      int size = code.equals("metropolitan") ? 4 : code.equals("city-of-london") ? 0 : 1;
      for (LocalDate d = op.getStart(); !d.isAfter(op.getEnd()); d = d.plusDays(1)) {
        Tally t = day(random, size, scale);
        t.updatedAtMillis(updatedAt.minus(Duration.ofDays(op.getEnd().toEpochDay() - d.toEpochDay())).toEpochMilli());
        days.put(d, t);
        force.add(t);
      }
      forces.put(code, force);
      daily.put(code, days);
    }
    Map<String, Tally> regions = new LinkedHashMap<>();
    Tally national = Tally.zero();
    forces.forEach((code, t) -> {
      regions.computeIfAbsent(reference.get(code).region(), r -> Tally.zero()).add(t);
      national.add(t);
    });
    ReplayCounts counts = new ReplayCounts(
        (long) (48_210 * scale), (long) (9_840 * scale), (long) (8_900 * scale), (long) (612 * scale), (long) (97 * scale),
        (long) (203 * scale), (long) (11 * scale),
        Map.of(ReplayFold.REJECT_WINDOW, 12L, ReplayFold.REJECT_FORCE, 3L), Duration.ofMillis(420));
    return new ReplayResult(op, national, regions, forces, daily, counts, reference);
  }

  /** One force's day: {@code size} 0 is a small force (a few reports), 4 a very large one. */
  private static Tally day(Random r, int size, double scale) {
    int k = 1 + size;
    Tally t = Tally.zero();
    t.set(Metric.ARRESTS, n(r, 6 * k, scale));
    t.set(Metric.CHARGED, t.get(Metric.ARRESTS) / 2);
    t.set(Metric.REMANDED, t.get(Metric.ARRESTS) / 6);
    t.set(Metric.WARRANTS, n(r, 4 * k, scale));
    t.set(Metric.VEHICLE_STOPS, n(r, 5 * k, scale));
    t.set(Metric.DRUGS_VALUE, n(r, 900_000 * k, scale));
    t.set(Metric.COCAINE, n(r, 160_000 * k, scale));
    t.set(Metric.CRACK_COCAINE, n(r, 9_000 * k, scale));
    t.set(Metric.HEROIN, n(r, 12_000 * k, scale));
    t.set(Metric.CANNABIS, n(r, 700_000 * k, scale));
    t.set(Metric.CANNABIS_PLANTS, n(r, 12 * k, scale));
    t.set(Metric.CLASS_A_WRAPS, n(r, 40 * k, scale));
    t.set(Metric.OTHER_DRUGS, n(r, 2_000 * k, scale));
    t.set(Metric.CASH, n(r, 500_000 * k, scale));
    t.set(Metric.FIREARMS, r.nextInt(8) == 0 ? 1 : 0);
    t.set(Metric.BLADED_WEAPONS, n(r, 2 * k, scale));
    t.set(Metric.OTHER_WEAPONS, n(r, k, scale));
    t.set(Metric.PHONES, n(r, 3 * k, scale));
    t.set(Metric.DEAL_LINES_CLOSED, n(r, k, scale));
    t.set(Metric.SAFEGUARDED_ADULTS, n(r, 2 * k, scale));
    t.set(Metric.SAFEGUARDED_CHILDREN, n(r, 2 * k, scale));
    t.set(Metric.NRM_REFERRALS, r.nextInt(3) == 0 ? 1 : 0);
    t.set(Metric.CUCKOO_VISITS, n(r, k, scale));
    t.set(Metric.SCHOOLS, n(r, k, scale));
    t.set(Metric.ENGAGED_CHILDREN, n(r, 60 * k, scale));
    t.set(Metric.ENGAGED_ADULTS, n(r, 25 * k, scale));
    t.set(Metric.PARTNERS, r.nextInt(4) == 0 ? 1 : 0);
    long events = t.get(Metric.ARRESTS) + t.get(Metric.WARRANTS) + t.get(Metric.VEHICLE_STOPS) + 3 + t.get(Metric.DEAL_LINES_CLOSED);
    t.set(Metric.EVENTS, events);
    return t;
  }

  private static long n(Random r, int max, double scale) {
    return Math.round(r.nextInt(max + 1) * scale);
  }
}
