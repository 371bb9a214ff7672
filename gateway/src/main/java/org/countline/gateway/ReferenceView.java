package org.countline.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.countline.avro.Force;
import org.countline.avro.Operation;
import org.countline.core.EventValidator;
import org.countline.core.ForceInfo;
import org.countline.producers.SendFailures;
import org.countline.registry.serde.SpecificAvroDeserializer;

/**
 * The operations ({@code countline.operations}) and forces ({@code countline.forces}) as the
 * topology sees them, kept current by a {@link TopicFollower}: the gateway validates events against
 * the same reference data that will count them.
 */
final class ReferenceView implements EventValidator.Lookup {
  private final Map<String, Operation> operations = new ConcurrentHashMap<>();
  private final Map<String, ForceInfo> forces = new ConcurrentHashMap<>();
  private final Deserializer<Operation> operationReader;
  private final Deserializer<Force> forceReader;

  ReferenceView(Map<String, ?> registryConfig) {
    SpecificAvroDeserializer<Operation> ops = new SpecificAvroDeserializer<>(Operation.class);
    ops.configure(registryConfig, false);
    SpecificAvroDeserializer<Force> fs = new SpecificAvroDeserializer<>(Force.class);
    fs.configure(registryConfig, false);
    this.operationReader = ops;
    this.forceReader = fs;
  }

  @Override
  public Optional<Operation> operation(String id) {
    return Optional.ofNullable(operations.get(id));
  }

  /** Every operation known now, open or closed. */
  Collection<Operation> operations() {
    return List.copyOf(operations.values());
  }

  @Override
  public Optional<ForceInfo> force(String code) {
    return Optional.ofNullable(forces.get(code));
  }

  void onOperation(ConsumerRecord<String, byte[]> r) {
    if (r.value() == null) {
      operations.remove(r.key());
      return;
    }
    Operation op = read(operationReader, r);
    operations.put(op.getId(), op);
  }

  void onForce(ConsumerRecord<String, byte[]> r) {
    if (r.value() == null) {
      forces.remove(r.key());
      return;
    }
    ForceInfo force = ForceInfo.fromAvro(read(forceReader, r));
    forces.put(force.code(), force);
  }

  /** Reads a value; the registry being out of reach is worth a retry, a bad record is not. */
  static <T> T read(Deserializer<T> reader, ConsumerRecord<String, byte[]> r) {
    try {
      return reader.deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      if (SendFailures.registryOutOfReach(e)) {
        throw new TopicFollower.RetryLater("schema registry out of reach: " + e.getMessage(), e);
      }
      throw e;
    }
  }
}
