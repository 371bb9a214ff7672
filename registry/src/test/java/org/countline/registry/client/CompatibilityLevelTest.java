package org.countline.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each compatibility level's direction and reach, on small schemas with known answers. */
class CompatibilityLevelTest {

  private static final Schema ONE_FIELD =
      SchemaBuilder.record("R").fields().requiredInt("a").endRecord();

  /** Adds a field with no default: new readers cannot read old data; old readers skip it. */
  private static final Schema ADDED_REQUIRED =
      SchemaBuilder.record("R").fields().requiredInt("a").requiredInt("b").endRecord();

  /** Adds a field with a default: compatible both ways. */
  private static final Schema ADDED_OPTIONAL =
      SchemaBuilder.record("R")
          .fields()
          .requiredInt("a")
          .name("b")
          .type()
          .intType()
          .intDefault(0)
          .endRecord();

  /** Drops the field with no default: new readers are fine; old readers miss it. */
  private static final Schema NO_FIELDS = SchemaBuilder.record("R").fields().endRecord();

  @ParameterizedTest(name = "{0}: added required {1}, added optional {2}, removed required {3}")
  @CsvSource({
    "NONE,                true,  true, true",
    "BACKWARD,            false, true, true",
    "BACKWARD_TRANSITIVE, false, true, true",
    "FORWARD,             true,  true, false",
    "FORWARD_TRANSITIVE,  true,  true, false",
    "FULL,                false, true, false",
    "FULL_TRANSITIVE,     false, true, false",
  })
  void shouldJudgeEachEvolutionByDirectionOfLevel(
      CompatibilityLevel level,
      boolean addedRequired,
      boolean addedOptional,
      boolean removedRequired) {
    assertThat(level.incompatibilities(ADDED_REQUIRED, List.of(ONE_FIELD)).isEmpty())
        .isEqualTo(addedRequired);
    assertThat(level.incompatibilities(ADDED_OPTIONAL, List.of(ONE_FIELD)).isEmpty())
        .isEqualTo(addedOptional);
    assertThat(level.incompatibilities(NO_FIELDS, List.of(ONE_FIELD)).isEmpty())
        .isEqualTo(removedRequired);
  }

  @Test
  void shouldCheckOnlyLatestVersionUnlessTransitive() {
    // The candidate {a: string = ""} reads v2 data (no a: the default fills it) but not v1 data
    // (a is an int there).
    Schema v1 = ONE_FIELD;
    Schema v2 = NO_FIELDS;
    Schema candidate =
        SchemaBuilder.record("R")
            .fields()
            .name("a")
            .type()
            .stringType()
            .stringDefault("")
            .endRecord();

    assertThat(CompatibilityLevel.BACKWARD.incompatibilities(candidate, List.of(v1, v2))).isEmpty();
    assertThat(CompatibilityLevel.BACKWARD_TRANSITIVE.incompatibilities(candidate, List.of(v1, v2)))
        .singleElement()
        .asString()
        .contains("earlier schema #1")
        .contains("TYPE_MISMATCH");
  }

  @Test
  void shouldParseLevelNamesCaseInsensitively() {
    assertThat(CompatibilityLevel.parse("full_transitive"))
        .isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    assertThatThrownBy(() -> CompatibilityLevel.parse("SIDEWAYS"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e ->
                assertThat(e.errorCode())
                    .isEqualTo(SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL));
  }
}
