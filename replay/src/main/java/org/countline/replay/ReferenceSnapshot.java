package org.countline.replay;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.countline.avro.Operation;
import org.countline.core.EventValidator;
import org.countline.core.ForceInfo;

/**
 * The reference data as it is now, as read from {@code countline.operations} and
 * {@code countline.forces}: what the replay validates against, and the names a report shows.
 * Forces are ordered by region name, then force name.
 */
public record ReferenceSnapshot(Map<String, Operation> operations, Map<String, ForceInfo> forces) {

  public ReferenceSnapshot {
    operations = Map.copyOf(operations);
    List<ForceInfo> sorted = forces.values().stream()
        .sorted(Comparator.comparing(ForceInfo::regionName).thenComparing(ForceInfo::region).thenComparing(ForceInfo::name))
        .toList();
    Map<String, ForceInfo> ordered = new LinkedHashMap<>();
    sorted.forEach(f -> ordered.put(f.code(), f));
    forces = java.util.Collections.unmodifiableMap(ordered);
  }

  public Optional<Operation> operation(String id) {
    return Optional.ofNullable(operations.get(id));
  }

  public Optional<ForceInfo> force(String code) {
    return Optional.ofNullable(forces.get(code));
  }

  /** Region codes to names, in the order of {@link #forces()}. */
  public Map<String, String> regions() {
    Map<String, String> regions = new LinkedHashMap<>();
    forces.values().forEach(f -> regions.putIfAbsent(f.region(), f.regionName().isBlank() ? f.region() : f.regionName()));
    return regions;
  }

  /**
   * The validator's view of this data. Answers come from maps of ready-made {@link Optional}s,
   * so that validating an event allocates nothing here.
   */
  public EventValidator.Lookup lookup() {
    Map<String, Optional<Operation>> ops = new HashMap<>();
    operations.forEach((k, v) -> ops.put(k, Optional.of(v)));
    Map<String, Optional<ForceInfo>> fs = new HashMap<>();
    forces.forEach((k, v) -> fs.put(k, Optional.of(v)));
    return new EventValidator.Lookup() {
      @Override
      public Optional<Operation> operation(String id) {
        return ops.getOrDefault(id, Optional.empty());
      }

      @Override
      public Optional<ForceInfo> force(String code) {
        return fs.getOrDefault(code, Optional.empty());
      }
    };
  }
}
