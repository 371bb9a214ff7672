package org.countline.registry.server;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.countline.registry.client.CompatibilityLevel;
import org.countline.registry.client.SchemaMetadata;
import org.countline.registry.client.SchemaRegistryException;
import org.countline.registry.store.RegistryState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's operations over its state and its log: writes go through the {@link SchemaLog};
 * reads come from the {@link RegistryState} this instance has replayed.
 *
 * <p>A read that finds nothing catches up with the log once before answering "not found", so a
 * schema registered through another instance a moment ago is found here too.
 */
final class RegistryService {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryService.class);
  // Each lost race means another instance registered something meanwhile; a handful is plenty.
  private static final int MAX_REGISTER_ATTEMPTS = 5;

  private final RegistryState state;
  private final SchemaLog log;
  // One local registration at a time: two local writers would only race each other for ids.
  private final ReentrantLock writes = new ReentrantLock();

  RegistryService(RegistryState state, SchemaLog log) {
    this.state = state;
    this.log = log;
  }

  /** Registers a schema under a subject; returns its id (the existing one if already there). */
  SchemaMetadata register(String subject, Schema schema) {
    writes.lock();
    try {
      for (int attempt = 1; attempt <= MAX_REGISTER_ATTEMPTS; attempt++) {
        log.catchUp();
        RegistryState.Plan plan = state.plan(subject, schema);
        if (plan.existing()) {
          return plan.metadata();
        }
        log.appendSchema(plan.metadata());
        Optional<SchemaMetadata> registered = find(() -> state.lookup(subject, schema));
        if (registered.isPresent()) {
          SchemaMetadata result = registered.get();
          if (result.equals(plan.metadata())) {
            LOG.info(
                "Registered schema id {} as version {} of subject '{}'",
                result.id(),
                result.version(),
                subject);
          }
          return result;
        }
        LOG.info(
            "Registration under '{}' lost a race with another instance; retrying (attempt {})",
            subject,
            attempt);
      }
      throw new SchemaRegistryException(
          500,
          SchemaRegistryException.STORE_ERROR,
          "Could not register under subject '" + subject + "': other instances kept taking the id");
    } finally {
      writes.unlock();
    }
  }

  SchemaMetadata lookup(String subject, Schema schema) {
    return read(() -> state.lookup(subject, schema));
  }

  RegistryState.StoredSchema schemaById(int id) {
    return read(() -> state.schemaById(id));
  }

  List<SchemaMetadata> usagesOf(int id) {
    return read(() -> state.usagesOf(id));
  }

  /**
   * @param version a version number, or {@code latest}
   */
  SchemaMetadata version(String subject, String version) {
    int number = RegistryState.parseVersion(version);
    return read(() -> number < 0 ? state.latest(subject) : state.version(subject, number));
  }

  List<Integer> versions(String subject) {
    return read(() -> state.versions(subject));
  }

  List<String> subjects() {
    return state.subjects();
  }

  List<String> testCompatibility(String subject, Schema schema, String version) {
    return read(() -> state.testCompatibility(subject, schema, version));
  }

  CompatibilityLevel globalCompatibility() {
    return state.globalCompatibility();
  }

  Optional<CompatibilityLevel> subjectCompatibility(String subject) {
    return state.subjectCompatibility(subject);
  }

  /**
   * @param subject a subject, or {@code null} for the registry-wide level
   */
  void updateCompatibility(String subject, CompatibilityLevel level) {
    writes.lock();
    try {
      log.appendConfig(subject, level);
      LOG.info(
          "Compatibility of {} set to {}",
          subject == null ? "the registry" : "subject '" + subject + "'",
          level);
    } finally {
      writes.unlock();
    }
  }

  void deleteCompatibility(String subject) {
    writes.lock();
    try {
      log.appendConfig(subject, null);
      LOG.info("Compatibility of subject '{}' reset to the registry's", subject);
    } finally {
      writes.unlock();
    }
  }

  private <T> T read(Supplier<T> query) {
    try {
      return query.get();
    } catch (SchemaRegistryException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      log.catchUp();
      return query.get();
    }
  }

  private static <T> Optional<T> find(Supplier<T> query) {
    try {
      return Optional.of(query.get());
    } catch (SchemaRegistryException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      return Optional.empty();
    }
  }
}
