package org.countline.registry.client;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.countline.registry.store.RegistryState;

/**
 * An in-memory schema registry for unit tests, reached through a {@code mock://SCOPE} URL.
 *
 * <p>Every serde configured with the same {@code mock://SCOPE} shares one registry, the way
 * Confluent's {@code MockSchemaRegistry} works, so a serializer and a deserializer built apart
 * still agree on ids. It applies the same rules as {@code RegistryServer} (it is the same {@link
 * RegistryState}): registry-wide ids, compatibility levels, the same error codes. Call {@link
 * #drop} after a test to start the next one empty.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

  /** The URL prefix that selects an in-memory registry. */
  public static final String MOCK_URL_PREFIX = "mock://";

  // Static on purpose: the scope is how separately configured serdes find the same registry.
  private static final ConcurrentMap<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private final String scope;
  private final RegistryState state = new RegistryState();

  private MockSchemaRegistry(String scope) {
    this.scope = scope;
  }

  /** The registry of a scope, created empty on first use. */
  public static MockSchemaRegistry scope(String scope) {
    return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
  }

  /** Forgets a scope; the next {@link #scope} call with its name starts empty. */
  public static void drop(String scope) {
    SCOPES.remove(scope);
  }

  /** The scope named by a {@code mock://SCOPE} URL. */
  public static String scopeOf(String url) {
    if (!url.startsWith(MOCK_URL_PREFIX)) {
      throw new IllegalArgumentException("Not a mock registry URL: " + url);
    }
    return url.substring(MOCK_URL_PREFIX.length());
  }

  public String scopeName() {
    return scope;
  }

  @Override
  public int register(String subject, Schema schema) {
    // Plan and apply must not interleave with another registration, or two schemas could both be
    // given the next id.
    synchronized (state) {
      RegistryState.Plan plan = state.plan(subject, schema);
      if (!plan.existing()) {
        SchemaMetadata planned = plan.metadata();
        state.apply(subject, planned.version(), planned.id(), RegistryState.canonical(schema));
      }
      return plan.metadata().id();
    }
  }

  @Override
  public SchemaMetadata lookup(String subject, Schema schema) {
    return state.lookup(subject, schema);
  }

  @Override
  public Schema getSchemaById(int id) {
    return state.schemaById(id).schema();
  }

  @Override
  public SchemaMetadata getLatestSchemaMetadata(String subject) {
    return state.latest(subject);
  }

  @Override
  public SchemaMetadata getSchemaMetadata(String subject, int version) {
    return state.version(subject, version);
  }

  @Override
  public List<Integer> getAllVersions(String subject) {
    return state.versions(subject);
  }

  @Override
  public Collection<String> getAllSubjects() {
    return state.subjects();
  }

  @Override
  public boolean testCompatibility(String subject, Schema schema) {
    return state.testCompatibility(subject, schema, RegistryState.LATEST).isEmpty();
  }

  @Override
  public CompatibilityLevel getCompatibility(String subject) {
    return subject == null ? state.globalCompatibility() : state.compatibility(subject);
  }

  @Override
  public CompatibilityLevel updateCompatibility(String subject, CompatibilityLevel level) {
    state.applyConfig(subject, level);
    return level;
  }

  /** Nothing to release: the scope outlives its clients until {@link #drop}. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return MOCK_URL_PREFIX + scope;
  }
}
