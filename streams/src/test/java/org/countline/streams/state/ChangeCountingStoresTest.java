package org.countline.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class ChangeCountingStoresTest {
  private static Bytes key(String key) {
    return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] value(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldCountEveryWriteAndOpeningOfEachStoreButNoRead() {
    ChangeCountingStores counted = new ChangeCountingStores();
    KeyValueStore<Bytes, byte[]> operations = counted.counting(Stores.inMemoryKeyValueStore("operations")).get();
    KeyValueStore<Bytes, byte[]> forces = counted.counting(Stores.inMemoryKeyValueStore("forces")).get();
    MockProcessorContext<Void, Void> context = new MockProcessorContext<>();

    long before = counted.changes();
    operations.init(context.getStateStoreContext(), operations);
    forces.init(context.getStateStoreContext(), forces);
    long opened = counted.changes();
    assertThat(opened).isGreaterThan(before);

    forces.put(key("kent"), value("south-east"));
    long put = counted.changes();
    assertThat(put).isGreaterThan(opened);
    assertThat(forces.get(key("kent"))).isEqualTo(value("south-east"));
    forces.all().close();
    assertThat(counted.changes()).as("reads change nothing").isEqualTo(put);

    operations.putAll(List.of(KeyValue.pair(key("cliw"), value("week"))));
    long putAll = counted.changes();
    assertThat(putAll).isGreaterThan(put);
    forces.delete(key("kent"));
    assertThat(counted.changes()).isGreaterThan(putAll);
    assertThat(forces.get(key("kent"))).isNull();
  }
}
