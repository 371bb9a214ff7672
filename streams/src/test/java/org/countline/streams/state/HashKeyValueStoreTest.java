package org.countline.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

class HashKeyValueStoreTest {
  private static Bytes key(String key) {
    return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] value(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> keys(KeyValueIterator<Bytes, byte[]> it) {
    List<String> keys = new ArrayList<>();
    try (it) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> entry = it.next();
        keys.add(new String(entry.key.get(), StandardCharsets.UTF_8) + "=" + new String(entry.value, StandardCharsets.UTF_8));
      }
    }
    return keys;
  }

  @Test
  void shouldRestoreFromTheChangelogAndTakeTombstonesAsDeletes() {
    HashKeyValueStore store = new HashKeyValueStore("revisions");
    List<StateRestoreCallback> restorers = new ArrayList<>();
    // A store context that notes the restore callbacks registered with it.
    StateStoreContext context = (StateStoreContext) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {StateStoreContext.class}, (proxy, method, args) -> {
          if (method.getName().equals("register")) {
            restorers.add((StateRestoreCallback) args[1]);
          }
          return null;
        });
    store.init(context, store);

    StateRestoreCallback restore = restorers.get(0);
    restore.restore(value("a"), value("1"));
    restore.restore(value("b"), value("2"));
    restore.restore(value("a"), value("3"));
    restore.restore(value("b"), null);

    assertThat(store.get(key("a"))).isEqualTo(value("3"));
    assertThat(store.get(key("b"))).isNull();
    assertThat(store.approximateNumEntries()).isEqualTo(1);
  }

  @Test
  void shouldPutGetAndDeleteByKeyAndListInKeyOrder() {
    HashKeyValueStore store = new HashKeyValueStore("revisions");
    store.put(key("c"), value("3"));
    store.put(key("a"), value("1"));
    store.put(key("b"), value("2"));
    assertThat(store.putIfAbsent(key("a"), value("9"))).isEqualTo(value("1"));
    assertThat(store.putIfAbsent(key("d"), value("4"))).isNull();
    assertThat(store.delete(key("c"))).isEqualTo(value("3"));
    store.put(key("b"), null);

    assertThat(store.get(key("a"))).isEqualTo(value("1"));
    assertThat(keys(store.all())).containsExactly("a=1", "d=4");
    store.put(key("b"), value("2"));
    assertThat(keys(store.range(key("b"), key("d")))).containsExactly("b=2", "d=4");
  }
}
