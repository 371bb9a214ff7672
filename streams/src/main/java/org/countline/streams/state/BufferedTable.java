package org.countline.streams.state;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A small table of one task (force totals, daily totals, emission marks) held as objects in
 * memory and written to its changelogged store when Kafka Streams commits the task, not at every
 * change: a key changed by a thousand events between two commits is serialised and sent to the
 * changelog once. Reads come from memory; the whole table is read from the (restored) store at
 * the first access after the store opens.
 *
 * <p>The write at commit is what Kafka Streams' own record cache does, and uses the same hook:
 * before a task commits, Kafka Streams flushes every store that is a {@link CachedStateStore},
 * then the producer, then commits the transaction with the input offsets. So, as with the record
 * cache, the changelog holds exactly the changes of the events whose offsets are committed with
 * it. {@code CachedStateStore} is an internal interface of Kafka Streams (4.3 here); {@code
 * BufferedTableTest} checks on Kafka Streams' own test driver that a commit writes the changes.
 *
 * <p>Values are kept by reference: a caller that {@link #put}s a value must not change it
 * afterwards unless it means to change the stored value (a later put of the same object marks
 * it changed again). Meant for tables whose keys fit in memory; the keys of every table here are
 * a task's operations, forces and days.
 */
public final class BufferedTable<V> implements StateStore, CachedStateStore<String, V> {
  private final KeyValueStore<String, V> store;
  private final Map<String, V> values = new HashMap<>();
  private final Set<String> changed = new LinkedHashSet<>();
  private boolean loaded;

  BufferedTable(KeyValueStore<String, V> store) {
    this.store = store;
  }

  /** A builder of the table {@code name}: in memory, changelogged, no record cache. */
  public static <V> StoreBuilder<BufferedTable<V>> builder(String name, Serde<V> valueSerde) {
    return new Builder<>(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), valueSerde));
  }

  /** The value of {@code key}, or null. */
  public V get(String key) {
    load();
    return values.get(key);
  }

  /** Sets {@code key} to {@code value}; written to the store at the next commit. */
  public void put(String key, V value) {
    Objects.requireNonNull(value, "value (delete a key instead)");
    load();
    values.put(key, value);
    changed.add(key);
  }

  /** Removes {@code key}; deleted from the store at the next commit. */
  public void delete(String key) {
    load();
    if (values.remove(key) != null) {
      changed.add(key);
    }
  }

  /** Every entry, in no particular order. The action must not change the table. */
  public void forEach(BiConsumer<String, V> action) {
    load();
    values.forEach(action);
  }

  public int size() {
    load();
    return values.size();
  }

  private void load() {
    if (!loaded) {
      try (KeyValueIterator<String, V> all = store.all()) {
        while (all.hasNext()) {
          KeyValue<String, V> entry = all.next();
          values.put(entry.key, entry.value);
        }
      }
      loaded = true;
    }
  }

  /** Writes the changes since the last commit to the store, and so to its changelog. */
  @Override
  public void flushCache() {
    for (String key : changed) {
      V value = values.get(key);
      if (value == null) {
        store.delete(key);
      } else {
        store.put(key, value);
      }
    }
    changed.clear();
  }

  /** Forgets what is held in memory (Kafka Streams calls this when the task is recycled). */
  @Override
  public void clearCache() {
    forget();
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
    return false;
  }

  private void forget() {
    values.clear();
    changed.clear();
    loaded = false;
  }

  @Override
  public String name() {
    return store.name();
  }

  /**
   * Opens the store beneath with this table as the root that Kafka Streams registers, restores
   * and flushes. Also called when a task is revived after an error: anything held from before
   * is dropped, and the table is read anew from the restored store.
   */
  @Override
  public void init(StateStoreContext context, StateStore root) {
    forget();
    store.init(context, root);
  }

  @Override
  public void commit(Map<org.apache.kafka.common.TopicPartition, Long> changelogOffsets) {
    store.commit(changelogOffsets);
  }

  @Override
  public void close() {
    forget();
    store.close();
  }

  @Override
  public boolean persistent() {
    return store.persistent();
  }

  @Override
  public boolean isOpen() {
    return store.isOpen();
  }

  @Override
  public org.apache.kafka.streams.query.Position getPosition() {
    return store.getPosition();
  }

  private static final class Builder<V> implements StoreBuilder<BufferedTable<V>> {
    private final StoreBuilder<KeyValueStore<String, V>> store;

    Builder(StoreBuilder<KeyValueStore<String, V>> store) {
      this.store = store.withCachingDisabled();
    }

    @Override
    public StoreBuilder<BufferedTable<V>> withCachingEnabled() {
      throw new UnsupportedOperationException("a buffered table is its own cache");
    }

    @Override
    public StoreBuilder<BufferedTable<V>> withCachingDisabled() {
      return this;
    }

    @Override
    public StoreBuilder<BufferedTable<V>> withLoggingEnabled(Map<String, String> config) {
      store.withLoggingEnabled(config);
      return this;
    }

    @Override
    public StoreBuilder<BufferedTable<V>> withLoggingDisabled() {
      throw new UnsupportedOperationException("a buffered table is restored from its changelog");
    }

    @Override
    public BufferedTable<V> build() {
      return new BufferedTable<>(store.build());
    }

    @Override
    public Map<String, String> logConfig() {
      return store.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
      return store.loggingEnabled();
    }

    @Override
    public String name() {
      return store.name();
    }
  }
}
