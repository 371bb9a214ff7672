package org.countline.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.countline.registry.client.CompatibilityLevel;
import org.countline.registry.client.SchemaRegistryException;
import org.countline.registry.store.RegistryState.Outcome;
import org.junit.jupiter.api.Test;

/**
 * The registry model's write rules: first writer wins, so replaying one log always gives one state,
 * whatever races produced it.
 */
class RegistryStateTest {

  private static final Schema A = SchemaBuilder.record("A").fields().requiredInt("a").endRecord();
  private static final Schema B = SchemaBuilder.record("B").fields().requiredInt("b").endRecord();

  /** Two instances both planned id 1 for different schemas, then the loser retried with id 2. */
  private static final List<Object[]> RACED_LOG =
      List.of(
          new Object[] {"a-value", 1, 1, A.toString()},
          new Object[] {"b-value", 1, 1, B.toString()},
          new Object[] {"b-value", 1, 2, B.toString()},
          new Object[] {"a-value", 1, 1, A.toString()});

  @Test
  void shouldRefuseRecordsContradictingEarlierOnes() {
    RegistryState state = new RegistryState();

    assertThat(RACED_LOG.stream().map(r -> apply(state, r)).toList())
        .containsExactly(Outcome.APPLIED, Outcome.CONFLICT, Outcome.APPLIED, Outcome.DUPLICATE);
    assertThat(state.schemaById(1).schema()).isEqualTo(A);
    assertThat(state.schemaById(2).schema()).isEqualTo(B);
    assertThat(state.latest("b-value").id()).isEqualTo(2);
  }

  @Test
  void shouldRefuseSecondSchemaForTakenVersion() {
    RegistryState state = new RegistryState();
    state.apply("s", 1, 1, A.toString());

    assertThat(state.apply("s", 1, 2, B.toString())).isEqualTo(Outcome.CONFLICT);
    assertThat(state.versions("s")).containsExactly(1);
  }

  @Test
  void shouldReachSameStateOnEveryReplay() {
    RegistryState first = new RegistryState();
    RegistryState second = new RegistryState();
    RACED_LOG.forEach(r -> apply(first, r));
    RACED_LOG.forEach(r -> apply(second, r));

    assertThat(second.subjects()).isEqualTo(first.subjects());
    for (String subject : first.subjects()) {
      assertThat(second.latest(subject)).isEqualTo(first.latest(subject));
    }
  }

  @Test
  void shouldPlanNextIdAndVersionWithoutChangingState() {
    RegistryState state = new RegistryState();
    state.apply("s", 1, 1, A.toString());
    Schema a2 =
        SchemaBuilder.record("A")
            .fields()
            .requiredInt("a")
            .name("x")
            .type()
            .intType()
            .intDefault(0)
            .endRecord();

    RegistryState.Plan plan = state.plan("s", a2);

    assertThat(plan.existing()).isFalse();
    assertThat(plan.metadata().id()).isEqualTo(2);
    assertThat(plan.metadata().version()).isEqualTo(2);
    assertThat(state.versions("s")).containsExactly(1);
    assertThat(state.plan("s", A).existing()).isTrue();
    assertThat(state.plan("other", A).metadata().id()).isEqualTo(1);
  }

  @Test
  void shouldCheckCompatibilityWhenPlanning() {
    RegistryState state = new RegistryState();
    state.apply("s", 1, 1, A.toString());
    Schema needsDefault =
        SchemaBuilder.record("A").fields().requiredInt("a").requiredInt("x").endRecord();

    assertThatThrownBy(() -> state.plan("s", needsDefault))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));

    state.applyConfig("s", CompatibilityLevel.NONE);
    assertThat(state.plan("s", needsDefault).metadata().version()).isEqualTo(2);
    state.applyConfig("s", null);
    assertThat(state.compatibility("s")).isEqualTo(CompatibilityLevel.BACKWARD);
  }

  @Test
  void shouldRefuseInvalidSchemaTextWith42201() {
    assertThatThrownBy(() -> RegistryState.parse("{\"type\": \"record\"}"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(422);
              assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INVALID_SCHEMA);
            });
  }

  private static Outcome apply(RegistryState state, Object[] record) {
    return state.apply(
        (String) record[0], (Integer) record[1], (Integer) record[2], (String) record[3]);
  }
}
