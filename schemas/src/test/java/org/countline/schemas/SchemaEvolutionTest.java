package org.countline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.countline.avro.FieldEvent;
import org.countline.avro.Force;
import org.countline.avro.Operation;
import org.countline.avro.Totals;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every current schema reads data written with every released version of it (BACKWARD_TRANSITIVE). */
class SchemaEvolutionTest {
  private static final Path RELEASED = Paths.get("released");

  static Stream<Schema> currentSchemas() {
    return Stream.of(FieldEvent.getClassSchema(), Totals.getClassSchema(), Operation.getClassSchema(), Force.getClassSchema());
  }

  /** The incompatibilities of {@code current} against every released version; empty when compatible. */
  static List<String> backwardTransitiveProblems(Schema current, List<Schema> released) {
    return released.stream()
        .map(old -> SchemaCompatibility.checkReaderWriterCompatibility(current, old))
        .filter(r -> r.getType() != SchemaCompatibilityType.COMPATIBLE)
        .map(r -> r.getResult().getIncompatibilities().toString())
        .toList();
  }

  static List<Schema> released(String name) throws IOException {
    Path dir = RELEASED.resolve(name);
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".avsc")).sorted().map(SchemaEvolutionTest::parse).toList();
    }
  }

  private static Schema parse(Path p) {
    try {
      return new Schema.Parser().parse(p.toFile());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("currentSchemas")
  void shouldReadEveryReleasedVersion(Schema current) throws IOException {
    List<Schema> released = released(current.getName());
    assertThat(released).as("released versions of %s", current.getName()).isNotEmpty();
    assertThat(backwardTransitiveProblems(current, released)).isEmpty();
  }

  @Test
  void shouldRefuseANewFieldWithoutDefault() throws IOException {
    String json = FieldEvent.getClassSchema().toString()
        .replace("{\"name\":\"reporter\"", "{\"name\":\"badgeNumber\",\"type\":\"string\"},{\"name\":\"reporter\"");
    Schema broken = new Schema.Parser().parse(json);
    assertThat(broken.getField("badgeNumber")).isNotNull();

    assertThat(backwardTransitiveProblems(broken, released("FieldEvent"))).isNotEmpty();
  }

  @Test
  void shouldRefuseARemovedEnumSymbolWithoutDefault() throws IOException {
    String json = Operation.getClassSchema().toString()
        .replace("\"symbols\":[\"OPEN\",\"CLOSED\"],\"default\":\"OPEN\"", "\"symbols\":[\"OPEN\"]");
    Schema broken = new Schema.Parser().parse(json);
    assertThat(broken.getField("status").schema().getEnumSymbols()).containsExactly("OPEN");

    assertThat(backwardTransitiveProblems(broken, released("Operation"))).isNotEmpty();
  }

  @Test
  void shouldAcceptANewFieldWithDefault() throws IOException {
    String json = FieldEvent.getClassSchema().toString()
        .replace("{\"name\":\"reporter\"", "{\"name\":\"device\",\"type\":\"string\",\"default\":\"\"},{\"name\":\"reporter\"");
    Schema evolved = new Schema.Parser().parse(json);

    assertThat(backwardTransitiveProblems(evolved, released("FieldEvent"))).isEmpty();
  }
}
