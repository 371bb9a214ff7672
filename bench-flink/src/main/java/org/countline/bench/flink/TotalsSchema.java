package org.countline.bench.flink;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.countline.avro.Totals;
import org.countline.registry.serde.SpecificAvroSerializer;

/**
 * Writes a {@link TotalsUpdate} to a totals topic as Countline does: the key as UTF-8, the value
 * as Avro {@link Totals} in the Confluent wire format, through Countline's own serializer.
 */
final class TotalsSchema implements KafkaRecordSerializationSchema<TotalsUpdate> {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final String registryUrl;
  private transient SpecificAvroSerializer<Totals> serializer;

  TotalsSchema(String topic, String registryUrl) {
    this.topic = topic;
    this.registryUrl = registryUrl;
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    serializer = new SpecificAvroSerializer<>();
    serializer.configure(Map.of("schema.registry.url", registryUrl), false);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(TotalsUpdate update, KafkaSinkContext context, Long timestamp) {
    byte[] value = serializer.serialize(topic, update.tally().toAvro());
    return new ProducerRecord<>(topic, null, timestamp, update.key.getBytes(StandardCharsets.UTF_8), value);
  }
}
