package org.countline.registry.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * The compatibility levels of the Confluent Schema Registry, checked with Avro's own {@link
 * SchemaCompatibility}.
 *
 * <p>BACKWARD: consumers using the new schema can read data written with the previous one (the new
 * schema is the reader). FORWARD: consumers still on the previous schema can read data written with
 * the new one. FULL: both. The {@code _TRANSITIVE} variants check against every earlier version,
 * not only the latest.
 */
public enum CompatibilityLevel {
  NONE(false, false, false),
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true);

  /** The level a registry applies when neither the subject nor the registry sets one. */
  public static final CompatibilityLevel DEFAULT = BACKWARD;

  private final boolean backward;
  private final boolean forward;
  private final boolean transitive;

  CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
    this.backward = backward;
    this.forward = forward;
    this.transitive = transitive;
  }

  /**
   * Parses a level name as the REST API spells it (case-insensitive).
   *
   * @throws SchemaRegistryException with code 42203 when the name is not a level
   */
  public static CompatibilityLevel parse(String name) {
    if (name == null) {
      throw SchemaRegistryException.invalidCompatibilityLevel("null");
    }
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SchemaRegistryException.invalidCompatibilityLevel(name);
    }
  }

  /**
   * Checks a candidate schema against the versions already registered under a subject.
   *
   * @param candidate the schema being registered
   * @param previous the subject's schemas, oldest first
   * @return one readable line per incompatibility; empty when the candidate is acceptable
   */
  public List<String> incompatibilities(Schema candidate, List<Schema> previous) {
    List<String> problems = new ArrayList<>();
    if (previous.isEmpty() || this == NONE) {
      return problems;
    }
    int oldest = transitive ? 0 : previous.size() - 1;
    // Newest first, so the first message a user reads is about the version they just replaced.
    for (int i = previous.size() - 1; i >= oldest; i--) {
      Schema earlier = previous.get(i);
      String which = i == previous.size() - 1 ? "the latest schema" : "earlier schema #" + (i + 1);
      if (backward) {
        describe(problems, "new schema cannot read data written with " + which, candidate, earlier);
      }
      if (forward) {
        describe(
            problems, which + " cannot read data written with the new schema", earlier, candidate);
      }
    }
    return problems;
  }

  private static void describe(List<String> problems, String what, Schema reader, Schema writer) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
      problems.add(
          what
              + ": "
              + incompatibility.getType()
              + " at "
              + incompatibility.getLocation()
              + ": "
              + incompatibility.getMessage());
    }
  }
}
