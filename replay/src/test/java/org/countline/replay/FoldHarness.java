package org.countline.replay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.core.ForceInfo;
import org.countline.core.ReferenceData;
import org.countline.registry.serde.SpecificAvroDeserializer;
import org.countline.registry.serde.SpecificAvroSerializer;
import org.countline.streams.Topics;

/**
 * A {@link ReplayFold} fed by hand, without Kafka: records are serialised with the registry's Avro
 * serializer against an in-memory registry and handed to the fold as the consumer would.
 */
final class FoldHarness {
  private static final String REGISTRY = "mock://replay-fold";
  private final SpecificAvroSerializer<FieldEvent> serializer = new SpecificAvroSerializer<>();
  private final ReplayFold fold;
  private long read;

  FoldHarness(Operation operation, Operation... others) {
    serializer.configure(Map.of("schema.registry.url", REGISTRY), false);
    SpecificAvroDeserializer<FieldEvent> deserializer = new SpecificAvroDeserializer<>();
    deserializer.configure(Map.of("schema.registry.url", REGISTRY), false);
    Map<String, Operation> operations = new HashMap<>();
    operations.put(operation.getId(), operation);
    for (Operation o : others) {
      operations.put(o.getId(), o);
    }
    Map<String, ForceInfo> forces = new HashMap<>();
    ReferenceData.defaults().forces().forEach(f -> forces.put(f.code(), f));
    fold = new ReplayFold(operation, new ReferenceSnapshot(operations, forces), deserializer);
  }

  FoldHarness accept(int partition, Weeks.Published p) {
    byte[] value = p.raw() == Weeks.EMPTY ? null : p.raw() != null ? p.raw() : serializer.serialize(Topics.FIELD_EVENTS, p.event());
    read++;
    // Buffers that start part-way into their array, as the consumer hands them over.
    fold.accept(partition, slice(p.key().getBytes(StandardCharsets.UTF_8)), value == null ? null : slice(value),
        new RecordHeaders(), p.timestamp());
    return this;
  }

  FoldHarness accept(Weeks.Published p) {
    return accept(0, p);
  }

  FoldHarness acceptAll(List<Weeks.Published> records) {
    records.forEach(p -> accept(Math.floorMod(p.key().hashCode(), 3), p));
    return this;
  }

  ReplayResult result() {
    return ReplayFold.result(List.of(fold), read, Duration.ofMillis(1));
  }

  private static ByteBuffer slice(byte[] bytes) {
    byte[] padded = new byte[bytes.length + 7];
    System.arraycopy(bytes, 0, padded, 3, bytes.length);
    return ByteBuffer.wrap(padded, 3, bytes.length);
  }
}
