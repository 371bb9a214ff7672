package org.countline.streams;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.countline.avro.FieldEvent;
import org.countline.avro.Force;
import org.countline.avro.Operation;
import org.countline.avro.Totals;
import org.countline.registry.serde.SpecificAvroSerde;

/** The Avro serdes of the public topics that the totals topology reads and writes. */
public record TotalsSerdes(
    Serde<Operation> operations, Serde<Force> forces, Serde<Totals> totals, Deserializer<FieldEvent> fieldEvents) {

  /** Serdes backed by the schema registry named in {@code registryConfig} (Confluent's property names). */
  public static TotalsSerdes fromRegistry(Map<String, ?> registryConfig) {
    return new TotalsSerdes(
        value(new SpecificAvroSerde<Operation>(), registryConfig),
        value(new SpecificAvroSerde<Force>(), registryConfig),
        value(new SpecificAvroSerde<Totals>(), registryConfig),
        value(new SpecificAvroSerde<FieldEvent>(), registryConfig).deserializer());
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> Serde<T> value(
      SpecificAvroSerde<T> serde, Map<String, ?> config) {
    serde.configure(config, false);
    return serde;
  }
}
