package org.countline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.countline.core.EventState;
import org.countline.core.Metric;
import org.countline.core.Tally;

/** {@link EventStates} remembers exactly what a map from eventId to {@link EventState} would. */
class EventStatesProperties {
  private static final List<String> FORCES = List.of("kent", "essex", "btp");

  record Put(String id, EventState state) {}

  @Property(tries = 60)
  void shouldRememberWhatAMapWould(@ForAll("puts") List<Put> puts) {
    EventStates states = new EventStates("op", new ForceIndex(FORCES));
    Map<String, EventState> model = new HashMap<>();
    for (Put p : puts) {
      assertThat(same(states.get(p.id()), model.get(p.id()))).isTrue();
      states.put(p.id(), p.state());
      model.put(p.id(), p.state());
    }
    for (Map.Entry<String, EventState> e : model.entrySet()) {
      assertThat(same(states.get(e.getKey()), e.getValue())).as("state of %s", e.getKey()).isTrue();
    }
    assertThat(states.size()).isEqualTo(model.size());
    assertThat(states.get(new UUID(-7, -7).toString())).isNull();
  }

  private static boolean same(EventState a, EventState b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.revision() == b.revision() && a.operationId().equals(b.operationId()) && a.force().equals(b.force())
        && a.epochDay() == b.epochDay() && a.withdrawn() == b.withdrawn() && a.contribution().sameFigures(b.contribution());
  }

  @Provide
  Arbitrary<List<Put>> puts() {
    // Few distinct ids among many puts, so ids come back; enough of them to make the table grow.
    Arbitrary<String> ids = Arbitraries.oneOf(
        Arbitraries.integers().between(0, 3000).map(i -> new UUID(0x1234L, i).toString()),
        Arbitraries.longs().map(l -> new UUID(l, ~l).toString()),
        Arbitraries.of("not-a-uuid", "5B0F3C1E-2A6D-4C1E-9D1E-6A1F0C2B7E11", "+b0f3c1e-2a6d-4c1e-9d1e-6a1f0c2b7e11"));
    Arbitrary<Tally> tallies = Arbitraries.longs().between(-5, 5_000_000_000L).list().ofSize(Metric.values().length)
        .map(values -> {
          Tally t = Tally.zero();
          for (Metric m : Metric.values()) {
            long v = values.get(m.ordinal());
            t.set(m, v % 3 == 0 ? v : 0);
          }
          return t;
        });
    Arbitrary<EventState> states = Combinators.combine(
            Arbitraries.integers().between(1, Integer.MAX_VALUE), Arbitraries.of(FORCES),
            Arbitraries.integers().between(-100_000, 100_000), tallies, Arbitraries.of(true, false))
        .as((revision, force, day, tally, withdrawn) -> new EventState(revision, "op", force, day, tally, withdrawn));
    return Combinators.combine(ids, states).as(Put::new).list().ofMinSize(1).ofMaxSize(4000);
  }
}
