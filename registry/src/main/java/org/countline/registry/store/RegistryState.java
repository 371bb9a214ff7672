package org.countline.registry.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.countline.registry.client.CompatibilityLevel;
import org.countline.registry.client.SchemaMetadata;
import org.countline.registry.client.SchemaRegistryException;

/**
 * The schema registry's model: schemas by id, subjects and their versions, compatibility levels.
 *
 * <p>One piece of logic behind both {@code MockSchemaRegistry} (in memory) and {@code
 * RegistryServer} (which replays the {@code _schemas} topic into it), so the two answer alike: ids
 * are registry-wide (the same schema under two subjects has one id, as in Confluent's registry),
 * re-registering a schema a subject holds returns its id, and a new version must satisfy the
 * subject's compatibility level.
 *
 * <p>Writes are split in two so a replicated log can sit between them: {@link #plan} decides the id
 * and version a registration would get (or refuses it), and {@link #apply} records a decision.
 * {@code apply} is deterministic and first-writer-wins: a record that contradicts what is already
 * applied (an id or version already taken by another schema) is refused, so every instance that
 * replays the same log reaches the same state. Thread-safe.
 */
public final class RegistryState {

  /** The version path segment that means the newest version. */
  public static final String LATEST = "latest";

  /** A schema as stored: its id, the canonical text served by the API, and the parsed form. */
  public record StoredSchema(int id, String canonical, Schema schema) {}

  /**
   * What a registration decided.
   *
   * @param metadata the subject, version and id the schema has or will have
   * @param existing true when the subject already holds the schema (nothing to write)
   */
  public record Plan(SchemaMetadata metadata, boolean existing) {}

  /** What {@link #apply} did with a record. */
  public enum Outcome {
    APPLIED,
    /** The state already said exactly this. */
    DUPLICATE,
    /** The id or the version was already taken by another schema; the record was refused. */
    CONFLICT
  }

  private final Map<Integer, StoredSchema> byId = new HashMap<>();
  private final Map<String, Integer> idByCanonical = new HashMap<>();
  private final Map<String, TreeMap<Integer, Integer>> subjects = new TreeMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.DEFAULT;
  private int maxId;

  /**
   * Parses schema text as a registry does.
   *
   * @throws SchemaRegistryException 422 / 42201 when it is not a valid Avro schema
   */
  public static Schema parse(String text) {
    if (text == null || text.isBlank()) {
      throw SchemaRegistryException.invalidSchema("empty schema");
    }
    try {
      return new Schema.Parser().parse(text);
    } catch (AvroRuntimeException e) {
      // SchemaParseException, and AvroTypeException for a default that does not match its type.
      throw SchemaRegistryException.invalidSchema(e.getMessage());
    }
  }

  /**
   * The canonical text of a schema: Avro's compact JSON, keeping docs, defaults and properties.
   * This is also what Confluent's client sends and compares, so ids agree with it.
   */
  public static String canonical(Schema schema) {
    return schema.toString();
  }

  /**
   * Decides what registering {@code schema} under {@code subject} gives, without changing state.
   *
   * @throws SchemaRegistryException 409 when the subject's compatibility level refuses it
   */
  public synchronized Plan plan(String subject, Schema schema) {
    String canonical = canonical(schema);
    Integer knownId = idByCanonical.get(canonical);
    TreeMap<Integer, Integer> versions = subjects.get(subject);
    if (knownId != null && versions != null) {
      for (Map.Entry<Integer, Integer> version : versions.entrySet()) {
        if (version.getValue().equals(knownId)) {
          return new Plan(metadata(subject, version.getKey(), knownId), true);
        }
      }
    }
    List<String> problems = compatibility(subject).incompatibilities(schema, schemasOf(versions));
    if (!problems.isEmpty()) {
      throw new SchemaRegistryException(
          409,
          SchemaRegistryException.INCOMPATIBLE_SCHEMA,
          "Schema being registered is incompatible with an earlier schema for subject \""
              + subject
              + "\" (compatibility "
              + compatibility(subject)
              + "), details: "
              + problems);
    }
    int id = knownId != null ? knownId : maxId + 1;
    int version = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
    return new Plan(new SchemaMetadata(subject, version, id, schema), false);
  }

  /**
   * Records that {@code subject} version {@code version} is schema {@code id}.
   *
   * @param schemaText the schema; parsed here, so a record read back from a log needs nothing else
   * @throws SchemaRegistryException 42201 when the text is not a schema
   */
  public synchronized Outcome apply(String subject, int version, int id, String schemaText) {
    StoredSchema stored = byId.get(id);
    Schema schema =
        stored != null && stored.canonical().equals(schemaText)
            ? stored.schema()
            : parse(schemaText);
    String canonical = canonical(schema);
    Integer idOfSchema = idByCanonical.get(canonical);
    if (idOfSchema != null && idOfSchema != id) {
      return Outcome.CONFLICT;
    }
    if (stored != null && !stored.canonical().equals(canonical)) {
      return Outcome.CONFLICT;
    }
    TreeMap<Integer, Integer> versions = subjects.computeIfAbsent(subject, s -> new TreeMap<>());
    Integer idAtVersion = versions.get(version);
    if (idAtVersion != null) {
      return idAtVersion == id ? Outcome.DUPLICATE : Outcome.CONFLICT;
    }
    if (versions.containsValue(id)) {
      return Outcome.DUPLICATE;
    }
    if (stored == null) {
      byId.put(id, new StoredSchema(id, canonical, schema));
      idByCanonical.put(canonical, id);
      maxId = Math.max(maxId, id);
    }
    versions.put(version, id);
    return Outcome.APPLIED;
  }

  /**
   * Sets a compatibility level.
   *
   * @param subject the subject, or {@code null} for the registry-wide level
   * @param level the level, or {@code null} to remove a subject's own level (or reset the
   *     registry-wide one to {@link CompatibilityLevel#DEFAULT})
   */
  public synchronized void applyConfig(String subject, CompatibilityLevel level) {
    if (subject == null) {
      globalLevel = level == null ? CompatibilityLevel.DEFAULT : level;
    } else if (level == null) {
      subjectLevels.remove(subject);
    } else {
      subjectLevels.put(subject, level);
    }
  }

  /**
   * @throws SchemaRegistryException 40403 when no schema has this id
   */
  public synchronized StoredSchema schemaById(int id) {
    StoredSchema stored = byId.get(id);
    if (stored == null) {
      throw SchemaRegistryException.schemaNotFound("no schema with id " + id);
    }
    return stored;
  }

  /**
   * @throws SchemaRegistryException 40401 for an unknown subject, 40403 when it lacks the schema
   */
  public synchronized SchemaMetadata lookup(String subject, Schema schema) {
    TreeMap<Integer, Integer> versions = versionsOf(subject);
    Integer id = idByCanonical.get(canonical(schema));
    if (id != null) {
      for (Map.Entry<Integer, Integer> version : versions.entrySet()) {
        if (version.getValue().equals(id)) {
          return metadata(subject, version.getKey(), id);
        }
      }
    }
    throw SchemaRegistryException.schemaNotFound(
        "subject '" + subject + "' does not hold this schema");
  }

  /**
   * @throws SchemaRegistryException 40401 for an unknown subject, 40402 for an unknown version
   */
  public synchronized SchemaMetadata version(String subject, int version) {
    Integer id = versionsOf(subject).get(version);
    if (id == null) {
      throw SchemaRegistryException.versionNotFound(subject, version);
    }
    return metadata(subject, version, id);
  }

  /**
   * @throws SchemaRegistryException 40401 for an unknown subject
   */
  public synchronized SchemaMetadata latest(String subject) {
    Map.Entry<Integer, Integer> last = versionsOf(subject).lastEntry();
    return metadata(subject, last.getKey(), last.getValue());
  }

  /**
   * @throws SchemaRegistryException 40401 for an unknown subject
   */
  public synchronized List<Integer> versions(String subject) {
    return List.copyOf(versionsOf(subject).keySet());
  }

  /** Subjects in name order. */
  public synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  /** Every subject version that holds the schema with this id. */
  public synchronized List<SchemaMetadata> usagesOf(int id) {
    schemaById(id);
    List<SchemaMetadata> usages = new ArrayList<>();
    subjects.forEach(
        (subject, versions) ->
            versions.forEach(
                (version, versionId) -> {
                  if (versionId == id) {
                    usages.add(metadata(subject, version, id));
                  }
                }));
    return usages;
  }

  /**
   * Checks a schema against a subject without registering it.
   *
   * @param version {@code "latest"} or a version number: check against that version alone, in the
   *     direction(s) of the subject's level; {@code null}: check as registering would (the latest,
   *     or every version for a transitive level)
   * @return the problems; empty when compatible, and always empty for a subject with no versions
   *     unless a numbered version was asked for
   * @throws SchemaRegistryException 42202 for a malformed version; 40401 / 40402 for a numbered
   *     version that does not exist
   */
  public synchronized List<String> testCompatibility(
      String subject, Schema schema, String version) {
    TreeMap<Integer, Integer> versions = subjects.get(subject);
    if (version == null) {
      return compatibility(subject).incompatibilities(schema, schemasOf(versions));
    }
    if (LATEST.equals(version)) {
      if (versions == null || versions.isEmpty()) {
        return List.of();
      }
      return compatibility(subject).incompatibilities(schema, List.of(latest(subject).schema()));
    }
    Schema against = version(subject, parseVersion(version)).schema();
    return compatibility(subject).incompatibilities(schema, List.of(against));
  }

  /**
   * Parses a version path segment: a number from 1, or {@code latest} (returned as {@code -1}).
   *
   * @throws SchemaRegistryException 42202 otherwise
   */
  public static int parseVersion(String version) {
    if (LATEST.equals(version)) {
      return -1;
    }
    try {
      int parsed = Integer.parseInt(version);
      if (parsed >= 1) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Falls through to the API's own error, which names the allowed values.
    }
    throw SchemaRegistryException.invalidVersion(version);
  }

  public synchronized CompatibilityLevel globalCompatibility() {
    return globalLevel;
  }

  /** The subject's own level, if it has one. */
  public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
    return Optional.ofNullable(subjectLevels.get(subject));
  }

  /** The level in force for a subject: its own, else the registry's. */
  public synchronized CompatibilityLevel compatibility(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  public synchronized int schemaCount() {
    return byId.size();
  }

  public synchronized int subjectCount() {
    return subjects.size();
  }

  private TreeMap<Integer, Integer> versionsOf(String subject) {
    TreeMap<Integer, Integer> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    return versions;
  }

  private List<Schema> schemasOf(TreeMap<Integer, Integer> versions) {
    if (versions == null) {
      return List.of();
    }
    return versions.values().stream().map(id -> byId.get(id).schema()).toList();
  }

  private SchemaMetadata metadata(String subject, int version, int id) {
    return new SchemaMetadata(subject, version, id, byId.get(id).schema());
  }
}
