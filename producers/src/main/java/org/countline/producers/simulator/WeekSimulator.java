package org.countline.producers.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
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
import org.countline.core.ForceInfo;
import org.countline.core.OperationWindow;
import org.countline.core.ReferenceData;
import org.countline.producers.FieldEventPublisher;
import org.countline.registry.serde.AvroClassTrust;

/**
 * A realistic simulated week of action across every force of a {@link ReferenceData}, from a
 * seed: the same operation, forces, size, seed (and {@code until}) give the same events.
 *
 * <p>The mix follows published national weeks (DOMAIN.md): with the default {@value
 * #DEFAULT_EVENTS} events a week has about 1,300 arrests, 170 deal lines closed, 350 weapons,
 * GBP 0.6m cash and GBP 0.9m of drugs, inside the ranges of 2019-2024 (600-1,900 arrests, 100-260
 * lines, 50-660 weapons, GBP 0.3m-2m cash, up to GBP 3m drugs); figures scale with the event
 * count. Forces report in proportion to their size (the Metropolitan Police most, City of London
 * least). Seizures often hold several items (drugs, cash, weapons, phones); safeguarding and
 * engagement are reported too. About 2% of the records are resends of an earlier record (same
 * eventId and revision, counted once), 3% amendments (a higher revision: people charged later,
 * drugs weighed) and 1% withdrawals.
 *
 * <p>Times: events progress through the operation's window in its own time zone, busier by day
 * and at dawn (warrants), quieter at night; each is reported minutes to a couple of hours after
 * it happened. {@link #until} keeps a week that is still running from reporting the future.
 *
 * <p>Writes to {@code countline.field-events} through {@link #publish}; {@link #events()} only
 * generates.
 */
public final class WeekSimulator {
  static {
    // Copying and decoding generated records loads their classes, which Avro 1.12 must be told to trust.
    AvroClassTrust.trustPackage(AvroClassTrust.GENERATED_PACKAGE);
  }


  /** The size of a simulated national week, in records (originals, resends, amendments, withdrawals). */
  public static final int DEFAULT_EVENTS = 6_000;

  /** Share of records that resend an earlier record unchanged. */
  static final double RESEND_SHARE = 0.02;
  /** Share of records that amend an earlier event. */
  static final double AMEND_SHARE = 0.03;
  /** Share of records that withdraw an earlier event. */
  static final double WITHDRAW_SHARE = 0.01;

  /**
   * Relative size of forces (roughly their officers in thousands); unlisted forces weigh {@value
   * #DEFAULT_WEIGHT}.
   */
  static final Map<String, Double> FORCE_WEIGHTS = Map.ofEntries(
      Map.entry("metropolitan", 12.0), Map.entry("west-midlands-police", 5.0),
      Map.entry("greater-manchester", 5.0), Map.entry("west-yorkshire", 4.0), Map.entry("merseyside", 3.5),
      Map.entry("thames-valley", 3.0), Map.entry("kent", 2.8), Map.entry("essex", 2.8),
      Map.entry("hampshire", 2.6), Map.entry("south-yorkshire", 2.5), Map.entry("lancashire", 2.5),
      Map.entry("northumbria", 2.5), Map.entry("devon-cornwall", 2.5), Map.entry("avon-somerset", 2.4),
      Map.entry("sussex", 2.3), Map.entry("south-wales", 2.3), Map.entry("btp", 2.0),
      Map.entry("west-mercia", 1.9), Map.entry("nottinghamshire", 1.8), Map.entry("hertfordshire", 1.8),
      Map.entry("leicestershire", 1.8), Map.entry("cheshire", 1.8), Map.entry("surrey", 1.7),
      Map.entry("humberside", 1.7), Map.entry("derbyshire", 1.6), Map.entry("staffordshire", 1.5),
      Map.entry("norfolk", 1.4), Map.entry("cambridgeshire", 1.3), Map.entry("cleveland", 1.2),
      Map.entry("north-wales", 1.2), Map.entry("north-yorkshire", 1.2), Map.entry("gwent", 1.1),
      Map.entry("dorset", 1.1), Map.entry("suffolk", 1.1), Map.entry("bedfordshire", 1.1),
      Map.entry("northamptonshire", 1.1), Map.entry("durham", 1.0), Map.entry("lincolnshire", 1.0),
      Map.entry("wiltshire", 1.0), Map.entry("gloucestershire", 1.0), Map.entry("cumbria", 0.9),
      Map.entry("dyfed-powys", 0.9), Map.entry("warwickshire", 0.8), Map.entry("city-of-london", 0.4));
  static final double DEFAULT_WEIGHT = 1.5;

  /** Activity by local hour of day: dawn warrants, a busy day, a quiet night. */
  private static final double[] HOUR_WEIGHTS = {
    0.3, 0.2, 0.15, 0.15, 0.2, 0.5, 2.0, 2.5, 2.0, 1.5, 1.5, 1.5,
    1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.3, 1.3, 1.3, 1.3, 0.8, 0.5
  };

  /** How many recent events an amendment, resend or withdrawal may refer back to. */
  private static final int RECENT = 400;

  private static final List<String> WITHDRAWAL_REASONS = List.of(
      "reported twice", "entered against the wrong operation", "duplicate of another officer's report",
      "entered in error");

  private final Operation operation;
  private final ReferenceData reference;
  private final List<ForceInfo> forces;
  private final double[] forceCumulative;
  private final int events;
  private final long seed;
  private final Instant until;
  private final List<Instant> hours;
  private final double[] hourCumulative;

  private WeekSimulator(Operation operation, ReferenceData reference, int events, long seed, Instant until) {
    this.operation = Objects.requireNonNull(operation, "operation");
    if (events < 0) {
      throw new IllegalArgumentException("events must be >= 0");
    }
    this.reference = Objects.requireNonNull(reference, "reference");
    this.forces = List.copyOf(reference.forces());
    this.forceCumulative = cumulative(forces.stream().mapToDouble(f -> FORCE_WEIGHTS.getOrDefault(f.code(), DEFAULT_WEIGHT)).toArray());
    this.events = events;
    this.seed = seed;
    this.until = until;
    this.hours = hoursOf(OperationWindow.of(operation), until);
    if (hours.isEmpty() && events > 0) {
      throw new IllegalArgumentException("operation " + operation.getId() + " has no time before " + until + " to simulate");
    }
    this.hourCumulative = cumulative(hours.stream().mapToDouble(h -> HOUR_WEIGHTS[hourOfDay(h)]).toArray());
  }

  /** A simulator for {@code operation} across the forces of {@code reference}: {@value #DEFAULT_EVENTS} events, seed 1. */
  public static WeekSimulator of(Operation operation, ReferenceData reference) {
    return new WeekSimulator(operation, reference, DEFAULT_EVENTS, 1L, null);
  }

  /** The same simulation with {@code n} records. */
  public WeekSimulator events(int n) {
    return new WeekSimulator(operation, reference, n, seed, until);
  }

  /** The same simulation from another seed. */
  public WeekSimulator seed(long newSeed) {
    return new WeekSimulator(operation, reference, events, newSeed, until);
  }

  /**
   * Events happen before {@code instant} only (a week still running); null for the whole window.
   * Part of the simulation's identity: the same seed with another {@code until} gives other times.
   */
  public WeekSimulator until(Instant instant) {
    return new WeekSimulator(operation, reference, events, seed, instant);
  }

  public int size() {
    return events;
  }

  public long seed() {
    return seed;
  }

  public Operation operation() {
    return operation;
  }

  /** The simulated records, generated lazily in the order they would be reported. */
  public Stream<FieldEvent> events() {
    return StreamSupport.stream(Spliterators.spliterator(new Generator(), events,
        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED), false);
  }

  /** All simulated records in a list. */
  public List<FieldEvent> generate() {
    return events().toList();
  }

  /** Told after each record Kafka has acknowledged. */
  @FunctionalInterface
  public interface Progress {
    void published(long done, long total);

    Progress NONE = (done, total) -> {};
  }

  /** What {@link #publish} did. */
  public record Result(long published, Duration elapsed) {}

  /**
   * Publishes every record through {@code publisher}, at most {@code ratePerSecond} a second (0:
   * as fast as Kafka takes them), and returns once Kafka has acknowledged all of them.
   *
   * @throws IllegalStateException naming the record when Kafka refuses one; records after it are
   *     not sent
   */
  public Result publish(FieldEventPublisher publisher, double ratePerSecond, Progress progress) throws InterruptedException {
    if (ratePerSecond < 0) {
      throw new IllegalArgumentException("ratePerSecond must be >= 0");
    }
    long start = System.nanoTime();
    int window = 10_000;
    Semaphore inFlight = new Semaphore(window);
    AtomicLong done = new AtomicLong();
    AtomicReference<String> failure = new AtomicReference<>();
    long sent = 0;
    Iterator<FieldEvent> it = events().iterator();
    while (it.hasNext() && failure.get() == null) {
      FieldEvent event = it.next();
      if (ratePerSecond > 0) {
        long due = start + (long) (sent * 1e9 / ratePerSecond);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
          if (Thread.interrupted()) {
            throw new InterruptedException("simulation interrupted after " + sent + " records");
          }
        }
      }
      inFlight.acquire();
      sent++;
      publisher.publish(event).whenComplete((m, e) -> {
        try {
          if (e != null) {
            failure.compareAndSet(null, "Kafka refused simulated event " + event.getEventId() + " revision "
                + event.getRevision() + ": " + e.getMessage());
          } else {
            progress.published(done.incrementAndGet(), events);
          }
        } finally {
          inFlight.release();
        }
      });
    }
    publisher.flush();
    // Every send has been answered once all permits are back.
    inFlight.acquire(window);
    inFlight.release(window);
    if (failure.get() != null) {
      throw new IllegalStateException(failure.get() + " (" + done.get() + " of " + events + " acknowledged)");
    }
    return new Result(done.get(), Duration.ofNanos(System.nanoTime() - start));
  }

  // ---------------------------------------------------------------------------------------------

  /** Mutable state of one pass of generation; each pass starts from the seed. */
  private final class Generator implements Iterator<FieldEvent> {
    private final Random random = new Random(seed);
    private final List<String[]> reporters = new ArrayList<>();
    private final List<FieldEvent> recent = new ArrayList<>();
    private int produced;

    Generator() {
      for (ForceInfo f : forces) {
        String[] ids = new String[8];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = "r-" + (1000 + random.nextInt(9000));
        }
        reporters.add(ids);
      }
    }

    @Override
    public boolean hasNext() {
      return produced < events;
    }

    @Override
    public FieldEvent next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Instant now = timeAt((produced + random.nextDouble()) / events);
      produced++;
      double roll = random.nextDouble();
      FieldEvent e;
      if (recent.size() >= 20 && roll < RESEND_SHARE) {
        e = FieldEvent.newBuilder(recent.get(random.nextInt(recent.size()))).build();
      } else if (recent.size() >= 20 && roll < RESEND_SHARE + AMEND_SHARE) {
        e = revise(random.nextInt(recent.size()), now, false);
      } else if (recent.size() >= 20 && roll < RESEND_SHARE + AMEND_SHARE + WITHDRAW_SHARE) {
        e = revise(random.nextInt(recent.size()), now, true);
      } else {
        e = original(now);
        recent.add(e);
        if (recent.size() > RECENT) {
          recent.remove(0);
        }
      }
      return e;
    }

    private FieldEvent original(Instant at) {
      int f = pick(forceCumulative, random.nextDouble());
      ForceInfo force = forces.get(f);
      String[] ids = reporters.get(f);
      return FieldEvent.newBuilder()
          .setEventId(uuid())
          .setRevision(1)
          .setOperationId(operation.getId())
          .setForce(force.code())
          .setOccurredAt(at)
          .setReportedAt(reportedAfter(at))
          .setReporter(ids[random.nextInt(ids.length)])
          .setSource(Source.SIMULATOR)
          .setPayload(payload())
          .build();
    }

    /** The next revision of a recent event: amended, or withdrawn; it then replaces it in {@code recent}. */
    private FieldEvent revise(int index, Instant now, boolean withdraw) {
      FieldEvent latest = recent.get(index);
      Object payload = withdraw
          ? new Withdrawal(WITHDRAWAL_REASONS.get(random.nextInt(WITHDRAWAL_REASONS.size())))
          : amended(latest.getPayload());
      Instant reported = reportedAfter(later(now, latest.getReportedAt()));
      FieldEvent next = FieldEvent.newBuilder(latest)
          .setRevision(latest.getRevision() + 1)
          .setReportedAt(reported)
          .setPayload(payload)
          .build();
      if (withdraw) {
        recent.remove(index);
      } else {
        recent.set(index, next);
      }
      return next;
    }

    private Instant reportedAfter(Instant at) {
      // Mostly within the hour, sometimes hours later (a device offline, paperwork first).
      long minutes = random.nextInt(10) < 8 ? 2 + random.nextInt(55) : 60 + random.nextInt(240);
      Instant reported = at.plus(minutes, ChronoUnit.MINUTES).plusSeconds(random.nextInt(60));
      if (until != null && reported.isAfter(until)) {
        reported = later(at, until);
      }
      return reported.truncatedTo(ChronoUnit.MILLIS);
    }

    private Object payload() {
      double r = random.nextDouble();
      if (r < 0.20) {
        return arrest();
      } else if (r < 0.30) {
        return new WarrantExecuted(random.nextInt(10) == 0 ? 2 : 1);
      } else if (r < 0.42) {
        return new VehicleStop(random.nextInt(5) == 0 ? 2 + random.nextInt(2) : 1);
      } else if (r < 0.60) {
        return seizure();
      } else if (r < 0.63) {
        return new DealLineClosed(1);
      } else if (r < 0.80) {
        return safeguarding();
      }
      return engagement();
    }

    private Arrest arrest() {
      double r = random.nextDouble();
      int count = r < 0.85 ? 1 : r < 0.96 ? 2 : 3 + random.nextInt(2);
      int charged = 0;
      int remanded = 0;
      for (int i = 0; i < count; i++) {
        if (random.nextDouble() < 0.45) {
          charged++;
          if (random.nextDouble() < 0.3) {
            remanded++;
          }
        }
      }
      return new Arrest(count, charged, remanded);
    }

    private Seizure seizure() {
      List<DrugSeizure> drugs = new ArrayList<>();
      if (random.nextDouble() < 0.75) {
        double r = random.nextDouble();
        int items = r < 0.6 ? 1 : r < 0.9 ? 2 : 3;
        for (int i = 0; i < items; i++) {
          drugs.add(drug());
        }
      }
      long cashPence = 0;
      if (random.nextDouble() < 0.30) {
        // Pounds: median 800, long tail, capped; counted to the pound, sometimes rounded to tens.
        long pounds = Math.min(150_000, Math.max(20, Math.round(logNormal(800, 1.3))));
        cashPence = (random.nextBoolean() ? pounds / 10 * 10 : pounds) * 100;
      }
      List<WeaponSeizure> weapons = new ArrayList<>();
      if (random.nextDouble() < 0.25) {
        int items = random.nextInt(5) == 0 ? 2 : 1;
        for (int i = 0; i < items; i++) {
          double t = random.nextDouble();
          WeaponType type = t < 0.65 ? WeaponType.BLADED : t < 0.90 ? WeaponType.OTHER : WeaponType.FIREARM;
          int count = random.nextDouble() < 0.85 ? 1 : 2 + random.nextInt(2);
          weapons.add(new WeaponSeizure(type, count));
        }
      }
      int phones = random.nextDouble() < 0.55 ? 1 + random.nextInt(4) : 0;
      if (drugs.isEmpty() && cashPence == 0 && weapons.isEmpty() && phones == 0) {
        phones = 1; // a seizure seizes something: at least the deal-line handset
      }
      return new Seizure(drugs, cashPence, weapons, phones);
    }

    /** One drug with a quantity and a street value in line with published estimates. */
    private DrugSeizure drug() {
      double r = random.nextDouble();
      Drug drug;
      long quantity;
      double poundsPerUnit;
      if (r < 0.25) {
        drug = Drug.COCAINE;
        quantity = grams(8, 1.2, 2_000);
        poundsPerUnit = 70;
      } else if (r < 0.40) {
        drug = Drug.CRACK_COCAINE;
        quantity = grams(5, 1.1, 1_000);
        poundsPerUnit = 80;
      } else if (r < 0.55) {
        drug = Drug.HEROIN;
        quantity = grams(5, 1.1, 1_000);
        poundsPerUnit = 50;
      } else if (r < 0.80) {
        drug = Drug.CANNABIS;
        quantity = grams(40, 1.3, 10_000);
        poundsPerUnit = 8;
      } else if (r < 0.85) {
        drug = Drug.CANNABIS_PLANTS;
        quantity = Math.max(1, Math.min(400, Math.round(logNormal(10, 1.0))));
        poundsPerUnit = 150;
      } else if (r < 0.95) {
        drug = Drug.CLASS_A_WRAPS;
        quantity = Math.max(1, Math.min(300, Math.round(logNormal(12, 0.9))));
        poundsPerUnit = 10;
      } else {
        drug = Drug.OTHER;
        quantity = grams(10, 1.0, 2_000);
        poundsPerUnit = 15;
      }
      boolean mass = drug != Drug.CANNABIS_PLANTS && drug != Drug.CLASS_A_WRAPS;
      double units = mass ? quantity / 1000.0 : quantity;
      long valuePounds = Math.round(units * poundsPerUnit * (0.8 + 0.4 * random.nextDouble()));
      return new DrugSeizure(drug, quantity, valuePounds * 100);
    }

    /** Milligrams, to a tenth of a gram: median {@code medianGrams}, capped at {@code maxGrams}. */
    private long grams(double medianGrams, double sigma, double maxGrams) {
      double g = Math.min(maxGrams, Math.max(0.1, logNormal(medianGrams, sigma)));
      return Math.round(g * 10) * 100;
    }

    private Safeguarding safeguarding() {
      int adults = random.nextInt(3);
      int children = random.nextInt(3);
      if (adults + children == 0) {
        if (random.nextBoolean()) {
          adults = 1;
        } else {
          children = 1;
        }
      }
      int nrm = random.nextDouble() < 0.12 ? 1 : 0;
      int cuckoo = random.nextDouble() < 0.3 ? 1 + random.nextInt(2) : 0;
      return new Safeguarding(adults, children, nrm, cuckoo);
    }

    private Engagement engagement() {
      double r = random.nextDouble();
      if (r < 0.35) {
        // A school visit: assemblies and lessons.
        return new Engagement(1, 20 + random.nextInt(180), random.nextInt(10), 0);
      } else if (r < 0.7) {
        // Partners: taxi firms, coach companies, hotels, children's homes.
        return new Engagement(0, 0, random.nextInt(15), 1 + random.nextInt(2));
      }
      return new Engagement(0, random.nextInt(30), 5 + random.nextInt(40), 0);
    }

    private Object amended(Object payload) {
      if (payload instanceof Arrest a) {
        // People charged or remanded after the first report.
        int charged = Math.min(a.getCount(), a.getCharged() + 1);
        int remanded = Math.min(charged, a.getRemanded() + (random.nextBoolean() ? 1 : 0));
        return new Arrest(a.getCount(), charged, remanded);
      } else if (payload instanceof Seizure s) {
        // Drugs weighed and cash counted: figures revised either way.
        List<DrugSeizure> drugs = new ArrayList<>();
        for (DrugSeizure d : s.getDrugs()) {
          double factor = 0.8 + 0.4 * random.nextDouble();
          boolean mass = d.getDrug() != Drug.CANNABIS_PLANTS && d.getDrug() != Drug.CLASS_A_WRAPS;
          long q = mass ? Math.round(d.getQuantity() * factor / 100) * 100 : Math.max(1, Math.round(d.getQuantity() * factor));
          drugs.add(new DrugSeizure(d.getDrug(), q, Math.round(d.getValuePence() * factor / 100) * 100));
        }
        long cash = s.getCashPence() == 0 ? 0 : Math.round(s.getCashPence() * (0.9 + 0.2 * random.nextDouble()) / 100) * 100;
        return new Seizure(drugs, cash, new ArrayList<>(s.getWeapons()), s.getPhones());
      } else if (payload instanceof WarrantExecuted w) {
        return new WarrantExecuted(w.getCount() + 1);
      } else if (payload instanceof VehicleStop v) {
        return new VehicleStop(v.getCount() + 1);
      } else if (payload instanceof DealLineClosed d) {
        return new DealLineClosed(d.getCount());
      } else if (payload instanceof Safeguarding s) {
        return new Safeguarding(s.getAdults(), s.getChildren() + 1, s.getNrmReferrals(), s.getCuckooVisits());
      } else if (payload instanceof Engagement e) {
        return new Engagement(e.getSchools(), e.getChildren(), e.getAdults() + 1 + random.nextInt(10), e.getPartners());
      }
      return payload;
    }

    private String uuid() {
      long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
      long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
      return new UUID(msb, lsb).toString();
    }

    private double logNormal(double median, double sigma) {
      return median * Math.exp(sigma * random.nextGaussian());
    }
  }

  /** The instant at {@code fraction} (0..1) of the week's activity, to the second. */
  private Instant timeAt(double fraction) {
    double target = Math.min(fraction, 0.999999) * hourCumulative[hourCumulative.length - 1];
    int h = pick(hourCumulative, Math.min(fraction, 0.999999));
    double before = h == 0 ? 0 : hourCumulative[h - 1];
    double within = (target - before) / (hourCumulative[h] - before);
    Instant hour = hours.get(h);
    long seconds = (long) (Math.max(0, Math.min(0.9999, within)) * 3600);
    Instant at = hour.plusSeconds(seconds);
    if (until != null && !at.isBefore(until)) {
      at = until.minusSeconds(1);
    }
    return at;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** The start of every whole local hour of the window before {@code until}; 23 or 25 on clock-change days. */
  private static List<Instant> hoursOf(OperationWindow window, Instant until) {
    List<Instant> out = new ArrayList<>();
    Instant end = until == null || until.isAfter(window.endExclusive()) ? window.endExclusive() : until;
    for (Instant h = window.startInstant(); h.isBefore(end); h = h.plus(1, ChronoUnit.HOURS)) {
      out.add(h);
    }
    return out;
  }

  private int hourOfDay(Instant hour) {
    return ZonedDateTime.ofInstant(hour, OperationWindow.of(operation).zone()).getHour();
  }

  private static double[] cumulative(double[] weights) {
    double[] c = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      c[i] = sum;
    }
    return c;
  }

  /** The index whose cumulative share holds {@code u} (0..1). */
  private static int pick(double[] cumulative, double u) {
    double target = u * cumulative[cumulative.length - 1];
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] <= target) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
