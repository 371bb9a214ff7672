package org.countline.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.countline.avro.FieldEvent;
import org.countline.core.RevisionRule.Decision;

/**
 * The invariant the live topology rests on: moving totals by (new − old contribution) as
 * revisions arrive, in any order, with duplicates, amendments and withdrawals, always equals a
 * plain fold over the highest revision of each event.
 */
class RevisionRuleProperties {
  private static final int EVENTS = 6;
  private static final int REVISIONS = 4;
  private static final List<String> FORCES = List.of("kent", "essex", "btp");
  private static final OperationWindow WEEK = OperationWindow.of(TestEvents.october2022());
  private static final Instant MONDAY = WEEK.startInstant();

  @Property(tries = 1000)
  void movingTotalsEqualAFoldOverTheLatestRevisions(@ForAll("arrivals") List<FieldEvent> arrivals) {
    Map<String, EventState> store = new HashMap<>();
    Tally national = new Tally();
    Map<String, Tally> byForce = new HashMap<>();
    Map<Integer, Tally> byDay = new HashMap<>();

    for (FieldEvent event : arrivals) {
      int day = (int) WEEK.localDay(event.getOccurredAt()).toEpochDay();
      Decision decision = RevisionRule.decide(store.get(event.getEventId()), event, day);
      assertThat(decision.outcome()).isNotEqualTo(RevisionRule.Outcome.MOVED);
      if (decision.outcome().changesTotals()) {
        national.subtract(decision.oldContribution()).add(decision.newContribution());
        byForce.computeIfAbsent(event.getForce(), f -> new Tally())
            .subtract(decision.oldContribution()).add(decision.newContribution());
        if (decision.previous() != null) {
          byDay.computeIfAbsent(decision.previous().epochDay(), d -> new Tally()).subtract(decision.oldContribution());
        }
        byDay.computeIfAbsent(decision.next().epochDay(), d -> new Tally()).add(decision.newContribution());
        store.put(event.getEventId(), decision.next());
      }
    }

    List<FieldEvent> latest = latestRevisions(arrivals);
    assertThat(national.toArray()).as("national totals").containsExactly(fold(latest).toArray());
    for (String force : FORCES) {
      Tally expected = fold(latest.stream().filter(e -> e.getForce().equals(force)).collect(Collectors.toList()));
      assertThat(byForce.getOrDefault(force, new Tally()).toArray()).as("force %s", force).containsExactly(expected.toArray());
    }
    Map<Integer, List<FieldEvent>> latestByDay = latest.stream()
        .collect(Collectors.groupingBy(e -> (int) WEEK.localDay(e.getOccurredAt()).toEpochDay()));
    for (Map.Entry<Integer, Tally> day : byDay.entrySet()) {
      Tally expected = fold(latestByDay.getOrDefault(day.getKey(), List.of()));
      assertThat(day.getValue().toArray()).as("day %s", day.getKey()).containsExactly(expected.toArray());
    }
  }

  /** The highest revision of each event among those that arrived. */
  private static List<FieldEvent> latestRevisions(List<FieldEvent> arrivals) {
    return new ArrayList<>(arrivals.stream()
        .collect(Collectors.toMap(FieldEvent::getEventId, e -> e,
            (a, b) -> Comparator.comparingInt(FieldEvent::getRevision).compare(a, b) >= 0 ? a : b))
        .values());
  }

  /** The plain fold: the sum of each event's contribution. */
  private static Tally fold(List<FieldEvent> events) {
    Tally sum = new Tally();
    events.forEach(e -> sum.add(Contribution.of(e)));
    return sum;
  }

  /**
   * Arrivals of revisions of up to {@value #EVENTS} events, in any order, any revision any number
   * of times (or never). The content of a revision is fixed per (event, revision): one payload
   * and one time each, so a duplicate is truly the same report. A withdrawal keeps the day of the
   * revision it withdraws only through {@link RevisionRule}; its own time may differ.
   */
  @Provide
  Arbitrary<List<FieldEvent>> arrivals() {
    Arbitrary<List<Object>> payloads = EventArbitraries.payloads(Arbitraries.integers().between(0, 1_000), 25)
        .list().ofSize(EVENTS * REVISIONS);
    Arbitrary<List<Integer>> hours = Arbitraries.integers().between(0, 7 * 24).list().ofSize(EVENTS * REVISIONS);
    Arbitrary<List<Tuple2<Integer, Integer>>> order = Combinators.combine(
            Arbitraries.integers().between(0, EVENTS - 1), Arbitraries.integers().between(1, REVISIONS))
        .as(Tuple::of)
        .list().ofMaxSize(40);
    return Combinators.combine(payloads, hours, order).as((content, at, sequence) -> sequence.stream()
        .map(arrival -> {
          int event = arrival.get1();
          int revision = arrival.get2();
          int slot = event * REVISIONS + revision - 1;
          return TestEvents.builder(content.get(slot))
              .setEventId(String.format("00000000-0000-4000-8000-%012d", event))
              .setRevision(revision)
              .setForce(FORCES.get(event % FORCES.size()))
              .setOccurredAt(MONDAY.plusSeconds(3600L * at.get(slot)))
              .build();
        })
        .collect(Collectors.toList()));
  }
}
