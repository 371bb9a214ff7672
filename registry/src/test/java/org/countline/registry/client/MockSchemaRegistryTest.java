package org.countline.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The in-memory registry behind {@code mock://SCOPE}: scopes, ids and the registry's rules. */
class MockSchemaRegistryTest {

  private static final String SCOPE = "mock-schema-registry-test";

  private static final Schema V1 =
      SchemaBuilder.record("Note").fields().requiredString("text").endRecord();
  private static final Schema V2_WITH_DEFAULT =
      SchemaBuilder.record("Note")
          .fields()
          .requiredString("text")
          .name("tag")
          .type()
          .stringType()
          .stringDefault("")
          .endRecord();
  private static final Schema V2_WITHOUT_DEFAULT =
      SchemaBuilder.record("Note")
          .fields()
          .requiredString("text")
          .requiredString("tag")
          .endRecord();

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.drop(SCOPE);
  }

  @Test
  void shouldShareOneRegistryPerScope() {
    int id = MockSchemaRegistry.scope(SCOPE).register("notes-value", V1);

    SchemaRegistryClient fromUrl = SchemaRegistryClients.create(List.of("mock://" + SCOPE), null);

    assertThat(fromUrl.getSchemaById(id)).isEqualTo(V1);
    assertThat(MockSchemaRegistry.scope("another-scope").getAllSubjects()).isEmpty();
  }

  @Test
  void shouldStartEmptyAfterDrop() {
    MockSchemaRegistry.scope(SCOPE).register("notes-value", V1);

    MockSchemaRegistry.drop(SCOPE);

    assertThat(MockSchemaRegistry.scope(SCOPE).getAllSubjects()).isEmpty();
  }

  @Test
  void shouldReturnSameIdWhenSchemaRegisteredTwice() {
    MockSchemaRegistry registry = MockSchemaRegistry.scope(SCOPE);

    int first = registry.register("notes-value", V1);
    int second = registry.register("notes-value", new Schema.Parser().parse(V1.toString()));

    assertThat(second).isEqualTo(first);
    assertThat(registry.getAllVersions("notes-value")).containsExactly(1);
  }

  @Test
  void shouldGiveSameSchemaOneIdAcrossSubjects() {
    MockSchemaRegistry registry = MockSchemaRegistry.scope(SCOPE);

    assertThat(registry.register("a-value", V1)).isEqualTo(registry.register("b-value", V1));
  }

  @Test
  void shouldAddVersionForCompatibleSchema() {
    MockSchemaRegistry registry = MockSchemaRegistry.scope(SCOPE);
    registry.register("notes-value", V1);

    int id = registry.register("notes-value", V2_WITH_DEFAULT);

    SchemaMetadata latest = registry.getLatestSchemaMetadata("notes-value");
    assertThat(latest.version()).isEqualTo(2);
    assertThat(latest.id()).isEqualTo(id);
    assertThat(registry.lookup("notes-value", V1).version()).isEqualTo(1);
  }

  @Test
  void shouldRefuseIncompatibleSchemaWith409() {
    MockSchemaRegistry registry = MockSchemaRegistry.scope(SCOPE);
    registry.register("notes-value", V1);

    assertThat(registry.testCompatibility("notes-value", V2_WITHOUT_DEFAULT)).isFalse();
    assertThatThrownBy(() -> registry.register("notes-value", V2_WITHOUT_DEFAULT))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
              assertThat(e.getMessage())
                  .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                  .contains("tag");
            });
  }

  @Test
  void shouldAcceptAnythingUnderCompatibilityNone() {
    MockSchemaRegistry registry = MockSchemaRegistry.scope(SCOPE);
    registry.register("notes-value", V1);

    registry.updateCompatibility("notes-value", CompatibilityLevel.NONE);

    assertThat(registry.getCompatibility("notes-value")).isEqualTo(CompatibilityLevel.NONE);
    assertThat(registry.getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(registry.register("notes-value", V2_WITHOUT_DEFAULT)).isPositive();
  }

  @Test
  void shouldReportMissingThingsWithConfluentErrorCodes() {
    MockSchemaRegistry registry = MockSchemaRegistry.scope(SCOPE);
    registry.register("notes-value", V1);

    assertThatThrownBy(() -> registry.getLatestSchemaMetadata("nope"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
    assertThatThrownBy(() -> registry.getSchemaMetadata("notes-value", 7))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40402));
    assertThatThrownBy(() -> registry.getSchemaById(999))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    assertThatThrownBy(() -> registry.lookup("notes-value", V2_WITH_DEFAULT))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
  }
}
