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
    // Each topic is read into its own class: without a reader class, a record written with another
    // schema (an Operation on the events topic, a Force on the operations topic) decodes into that
    // schema's class and fails later with a ClassCastException, which stops the topology, instead
    // of a SerializationException here, which routes a field event to the rejected topic and makes
    // the reference tables log and skip the record.
    return new TotalsSerdes(
        value(new SpecificAvroSerde<>(Operation.class), registryConfig),
        value(new SpecificAvroSerde<>(Force.class), registryConfig),
        value(new SpecificAvroSerde<>(Totals.class), registryConfig),
        value(new SpecificAvroSerde<>(FieldEvent.class), registryConfig).deserializer());
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> Serde<T> value(
      SpecificAvroSerde<T> serde, Map<String, ?> config) {
    serde.configure(config, false);
    return serde;
  }
}
