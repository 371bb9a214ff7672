package org.countline.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class BufferedTableTest {
  private static final String APP = "buffered-table-test";
  private static final String TABLE = "table";

  /**
   * Each input record's value is a list of values to put, one after another, under its key
   * ("-" deletes the key).
   */
  private static Topology topology() {
    Topology topology = new Topology();
    topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "in");
    topology.addProcessor("put", () -> new Processor<String, String, Void, Void>() {
      private BufferedTable<String> table;

      @Override
      public void init(ProcessorContext<Void, Void> context) {
        table = context.getStateStore(TABLE);
      }

      @Override
      public void process(Record<String, String> record) {
        for (String value : record.value().split(",")) {
          if (value.equals("-")) {
            table.delete(record.key());
          } else {
            table.put(record.key(), value);
          }
        }
      }
    }, "in");
    topology.addStateStore(BufferedTable.builder(TABLE, Serdes.String()), "put");
    return topology;
  }

  @Test
  void shouldWriteEachChangedKeyToTheChangelogOnceWithItsLastValueWhenTheTaskCommits() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try (TopologyTestDriver driver = new TopologyTestDriver(topology(), props)) {
      TestInputTopic<String, String> in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
      TestOutputTopic<String, String> changelog = driver.createOutputTopic(
          APP + "-" + TABLE + "-changelog", new StringDeserializer(), new StringDeserializer());

      // The test driver commits after each record.
      in.pipeInput("kent", "1,2,3");
      assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("kent", "3"));

      in.pipeInput("kent", "4");
      in.pipeInput("essex", "7,8");
      assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("kent", "4"), KeyValue.pair("essex", "8"));

      in.pipeInput("kent", "5,-");
      assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("kent", null));

    }
  }

  @Test
  void shouldReadFromItsStoreAndWriteToItOnlyWhenFlushed() {
    KeyValueStore<String, String> store = unloggedStore();
    MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    BufferedTable<String> table = opened(store, context);
    // As restored from the changelog before the processor runs.
    store.put("kent", "restored");
    store.put("essex", "also restored");

    assertThat(table.get("kent")).isEqualTo("restored");
    table.put("kent", "changed");
    table.delete("essex");
    table.put("surrey", "new");
    assertThat(store.get("kent")).isEqualTo("restored");
    assertThat(store.get("essex")).isEqualTo("also restored");
    assertThat(contents(table)).containsOnly(Map.entry("kent", "changed"), Map.entry("surrey", "new"));

    table.flushCache();
    assertThat(store.get("kent")).isEqualTo("changed");
    assertThat(store.get("essex")).isNull();
    assertThat(store.get("surrey")).isEqualTo("new");
  }

  @Test
  void shouldForgetUnflushedChangesWhenOpenedAgain() {
    KeyValueStore<String, String> store = unloggedStore();
    MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    BufferedTable<String> table = opened(store, context);
    table.put("kent", "committed");
    table.flushCache();
    table.put("kent", "never committed");
    table.put("essex", "never committed");

    // A task revived after an error: its stores are closed and opened again, then restored.
    table.close();
    table.init(context.getStateStoreContext(), table);
    store.put("kent", "committed");

    assertThat(contents(table)).containsOnly(Map.entry("kent", "committed"));
    table.flushCache();
    assertThat(store.get("essex")).isNull();
  }

  /** A table over {@code store}, opened as Kafka Streams opens it. */
  private static BufferedTable<String> opened(KeyValueStore<String, String> store, MockProcessorContext<Void, Void> context) {
    BufferedTable<String> table = new BufferedTable<>(store);
    table.init(context.getStateStoreContext(), table);
    return table;
  }

  /** The store beneath a table, in memory, without a changelog (the mock context has none). */
  private static KeyValueStore<String, String> unloggedStore() {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TABLE), Serdes.String(), Serdes.String())
        .withLoggingDisabled()
        .build();
  }

  private static Map<String, String> contents(BufferedTable<String> table) {
    Map<String, String> contents = new HashMap<>();
    table.forEach(contents::put);
    return contents;
  }
}
