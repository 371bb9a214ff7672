package org.countline.bench.jmh;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.countline.avro.FieldEvent;
import org.countline.registry.serde.SpecificAvroDeserializer;
import org.countline.registry.serde.SpecificAvroSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Countline's Avro serde on a seizure, the largest field event: the Confluent wire format
 * (magic byte, schema id, Avro binary) written and read through an in-memory registry, so the
 * figure is the serde's own cost, the schema id being cached after the first record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SerdeBenchmark {
  private static final String TOPIC = "countline.field-events";

  private SpecificAvroSerializer<FieldEvent> serializer;
  private SpecificAvroDeserializer<FieldEvent> deserializer;
  private FieldEvent event;
  private byte[] bytes;

  @Setup
  public void setUp() {
    Map<String, String> registry = Map.of("schema.registry.url", "mock://jmh-serde");
    serializer = new SpecificAvroSerializer<>();
    serializer.configure(registry, false);
    deserializer = new SpecificAvroDeserializer<>(FieldEvent.class);
    deserializer.configure(registry, false);
    event = Samples.seizure(1);
    bytes = serializer.serialize(TOPIC, event);
  }

  @Benchmark
  public byte[] serializeSeizure() {
    return serializer.serialize(TOPIC, event);
  }

  @Benchmark
  public FieldEvent deserializeSeizure() {
    return deserializer.deserialize(TOPIC, bytes);
  }
}
