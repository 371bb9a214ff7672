package org.countline.bench;

import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.countline.avro.FieldEvent;
import org.countline.avro.Totals;
import org.countline.core.Contribution;
import org.countline.core.Keys;
import org.countline.core.Tally;
import org.countline.streams.Topics;
import org.countline.streams.state.StateSerdes;

/**
 * The peer the benchmark compares with: the textbook Kafka Streams shape for the same totals.
 * Every raw event is repartitioned by eventId into a table of latest revisions, which is then
 * grouped by force (a second repartition) and summed with adder and subtractor; national totals
 * from force totals. It skips validation, so it does less work than Countline's topology.
 */
final class TextbookTopology {
  static final String FORCE_TOPIC = "bench.textbook.totals.force";
  static final String NATIONAL_TOPIC = "bench.textbook.totals.national";

  private TextbookTopology() {}

  static Topology build(Serde<FieldEvent> events, Serde<Totals> totals, Properties props) {
    StreamsBuilder builder = new StreamsBuilder();
    Serde<Tally> tally = StateSerdes.tally();
    KTable<String, FieldEvent> latest = builder
        .stream(Topics.FIELD_EVENTS, Consumed.with(Serdes.String(), events).withName("textbook-source"))
        .selectKey((key, event) -> event.getEventId(), Named.as("textbook-key-by-event-id"))
        .groupByKey(Grouped.with("textbook-events-by-id", Serdes.String(), events))
        .reduce(
            (older, newer) -> newer.getRevision() >= older.getRevision() ? newer : older,
            Named.as("textbook-latest-revision"),
            Materialized.<String, FieldEvent, KeyValueStore<Bytes, byte[]>>as("textbook-latest-revision")
                .withKeySerde(Serdes.String())
                .withValueSerde(events));
    KTable<String, Tally> force = latest
        .groupBy((id, event) -> KeyValue.pair(Keys.of(event.getOperationId(), event.getForce()), Contribution.of(event)),
            Grouped.with("textbook-by-force", Serdes.String(), tally))
        .aggregate(Tally::zero, (k, v, agg) -> agg.copy().add(v), (k, v, agg) -> agg.copy().subtract(v),
            Named.as("textbook-force-totals"),
            Materialized.<String, Tally, KeyValueStore<Bytes, byte[]>>as("textbook-force-totals")
                .withKeySerde(Serdes.String())
                .withValueSerde(tally));
    force.toStream(Named.as("textbook-force-changes"))
        .mapValues(Tally::toAvro, Named.as("textbook-force-to-avro"))
        .to(FORCE_TOPIC, Produced.with(Serdes.String(), totals).withName("textbook-force-sink"));
    force
        .groupBy((key, value) -> KeyValue.pair(Keys.operation(key), value),
            Grouped.with("textbook-by-operation", Serdes.String(), tally))
        .aggregate(Tally::zero, (k, v, agg) -> agg.copy().add(v), (k, v, agg) -> agg.copy().subtract(v),
            Named.as("textbook-national-totals"),
            Materialized.<String, Tally, KeyValueStore<Bytes, byte[]>>as("textbook-national-totals")
                .withKeySerde(Serdes.String())
                .withValueSerde(tally))
        .toStream(Named.as("textbook-national-changes"))
        .mapValues(Tally::toAvro, Named.as("textbook-national-to-avro"))
        .to(NATIONAL_TOPIC, Produced.with(Serdes.String(), totals).withName("textbook-national-sink"));
    return builder.build(props);
  }
}
