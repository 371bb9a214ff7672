package org.countline.core;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
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
import org.countline.core.json.FieldEventJson;

/**
 * Generators of field events for property tests. Every value stays inside what the JSON format
 * accepts ({@link FieldEventJson}'s limits), so any generated event can be written and read back.
 */
public final class EventArbitraries {
  private static final long MAX_PENCE = FieldEventJson.MAX_POUNDS * 100;
  private static final long MAX_MILLIGRAMS = FieldEventJson.MAX_GRAMS * 1000;
  private static final long EARLIEST = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
  private static final long LATEST = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

  private EventArbitraries() {}

  /** Whole counts over the full range the format accepts. */
  public static Arbitrary<Integer> counts() {
    return Arbitraries.integers().between(0, Integer.MAX_VALUE);
  }

  /** Any payload; {@code withdrawals} in 100 are withdrawals. */
  public static Arbitrary<Object> payloads(Arbitrary<Integer> counts, int withdrawals) {
    Arbitrary<Object> arrest = Combinators.combine(counts, counts, counts).as(Arrest::new);
    Arbitrary<Object> warrant = counts.map(WarrantExecuted::new);
    Arbitrary<Object> stop = counts.map(VehicleStop::new);
    Arbitrary<Object> line = counts.map(DealLineClosed::new);
    Arbitrary<Object> safeguarding = Combinators.combine(counts, counts, counts, counts).as(Safeguarding::new);
    Arbitrary<Object> engagement = Combinators.combine(counts, counts, counts, counts).as(Engagement::new);
    Arbitrary<Object> seizure = seizures(counts).map(s -> s);
    Arbitrary<Object> withdrawal = reasons().map(Withdrawal::new);
    int others = Math.max(1, (100 - withdrawals) / 7);
    List<Tuple2<Integer, Arbitrary<Object>>> mix = List.of(
        Tuple.of(others, arrest),
        Tuple.of(others, warrant),
        Tuple.of(others, stop),
        Tuple.of(others, line),
        Tuple.of(others, safeguarding),
        Tuple.of(others, engagement),
        Tuple.of(others, seizure),
        Tuple.of(Math.max(1, withdrawals), withdrawal));
    return Arbitraries.frequencyOf(mix);
  }

  public static Arbitrary<Seizure> seizures(Arbitrary<Integer> counts) {
    Arbitrary<DrugSeizure> drug = Arbitraries.of(Drug.class).flatMap(d -> {
      boolean units = d == Drug.CANNABIS_PLANTS || d == Drug.CLASS_A_WRAPS;
      Arbitrary<Long> quantity = units
          ? counts.map(Integer::longValue)
          : Arbitraries.longs().between(0, MAX_MILLIGRAMS);
      return Combinators.combine(quantity, pence()).as((q, v) -> new DrugSeizure(d, q, v));
    });
    Arbitrary<WeaponSeizure> weapon = Combinators.combine(Arbitraries.of(WeaponType.class), counts).as(WeaponSeizure::new);
    return Combinators.combine(
            drug.list().ofMaxSize(4), pence(), weapon.list().ofMaxSize(3), counts)
        .as(Seizure::new);
  }

  public static Arbitrary<Long> pence() {
    return Arbitraries.longs().between(0, MAX_PENCE);
  }

  /** Withdrawal reasons: printable text with some non-ASCII, never blank. */
  public static Arbitrary<String> reasons() {
    return Arbitraries.strings()
        .withCharRange(' ', '~')
        .withChars("£éüß€…\"\\\n\t")
        .ofMinLength(1)
        .ofMaxLength(FieldEventJson.MAX_REASON_LENGTH)
        .filter(s -> !s.isBlank());
  }

  /** Canonical (lower-case) UUID text. */
  public static Arbitrary<String> eventIds() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as((a, b) -> new UUID(a, b).toString());
  }

  /** Codes and ids as the format accepts them: non-blank, no '/', at most 100 characters. */
  public static Arbitrary<String> ids() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .numeric()
        .withChars("-_.: ")
        .ofMinLength(1)
        .ofMaxLength(FieldEventJson.MAX_ID_LENGTH)
        .filter(s -> !s.isBlank());
  }

  public static Arbitrary<String> reporters() {
    Arbitrary<Character> first = Arbitraries.chars().alpha().numeric();
    Arbitrary<String> rest = Arbitraries.strings().alpha().numeric().withChars("._:-").ofMaxLength(63);
    return Combinators.combine(first, rest).as((f, r) -> f + r);
  }

  /** Instants of years 1 to 9999, to the millisecond. */
  public static Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(EARLIEST, LATEST).map(Instant::ofEpochMilli);
  }

  /** Any event the JSON format can carry. */
  public static Arbitrary<FieldEvent> events() {
    return Builders.withBuilder(FieldEvent::newBuilder)
        .use(eventIds()).in(FieldEvent.Builder::setEventId)
        .use(Arbitraries.integers().between(1, Integer.MAX_VALUE)).in(FieldEvent.Builder::setRevision)
        .use(ids()).in(FieldEvent.Builder::setOperationId)
        .use(ids()).in(FieldEvent.Builder::setForce)
        .use(instants()).in(FieldEvent.Builder::setOccurredAt)
        .use(instants()).in(FieldEvent.Builder::setReportedAt)
        .use(reporters()).in(FieldEvent.Builder::setReporter)
        .use(Arbitraries.of(Source.class)).in(FieldEvent.Builder::setSource)
        .use(payloads(counts(), 10)).in(FieldEvent.Builder::setPayload)
        .build(FieldEvent.Builder::build);
  }
}
