package org.countline.bench.flink;

import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.countline.avro.FieldEvent;
import org.countline.registry.serde.SpecificAvroDeserializer;

/**
 * Reads the values of {@code countline.field-events}, Avro in the Confluent wire format, with
 * Countline's own {@link SpecificAvroDeserializer}. Events then travel between Flink tasks as
 * Avro binary ({@link AvroTypeInfo}).
 */
final class FieldEventSchema implements DeserializationSchema<FieldEvent> {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final String registryUrl;
  private transient SpecificAvroDeserializer<FieldEvent> deserializer;

  FieldEventSchema(String topic, String registryUrl) {
    this.topic = topic;
    this.registryUrl = registryUrl;
  }

  @Override
  public void open(InitializationContext context) {
    deserializer = new SpecificAvroDeserializer<>(FieldEvent.class);
    deserializer.configure(Map.of("schema.registry.url", registryUrl), false);
  }

  @Override
  public FieldEvent deserialize(byte[] message) {
    return deserializer.deserialize(topic, message);
  }

  @Override
  public boolean isEndOfStream(FieldEvent next) {
    return false;
  }

  @Override
  public TypeInformation<FieldEvent> getProducedType() {
    return new AvroTypeInfo<>(FieldEvent.class);
  }
}
