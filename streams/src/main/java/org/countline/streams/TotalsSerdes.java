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
    // Field events are read into FieldEvent: without a reader class, a record written with another
    // schema (an Operation on the events topic, say) decodes into that schema's class and fails
    // later with a ClassCastException, which stops the topology, instead of a SerializationException
    // here, which routes the record to the rejected topic.
    return new TotalsSerdes(
        value(new SpecificAvroSerde<Operation>(), registryConfig),
        value(new SpecificAvroSerde<Force>(), registryConfig),
        value(new SpecificAvroSerde<Totals>(), registryConfig),
        value(new SpecificAvroSerde<>(FieldEvent.class), registryConfig).deserializer());
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> Serde<T> value(
      SpecificAvroSerde<T> serde, Map<String, ?> config) {
    serde.configure(config, false);
    return serde;
  }
}
