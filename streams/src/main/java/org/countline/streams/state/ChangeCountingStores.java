package org.countline.streams.state;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts the changes to a set of stores, so that readers can keep what they looked up for as long
 * as the count stays the same. For the reference data (operations, forces) in global stores: it
 * changes a few times a week and is read at every field event, and a read through Kafka Streams'
 * store layers (key serialisation, metrics, a sorted map, value decoding) was a tenth of the
 * stream thread's work per event.
 *
 * <p>The count moves after each write has reached the store, and after a (re)load of the store
 * from its topic, so a reader that sees the count unchanged may use what it read before, and a
 * reader that sees it moved reads the store anew and finds the change there.
 */
public final class ChangeCountingStores {
  private final AtomicLong changes = new AtomicLong();

  /** The number of changes so far; only its movement matters. */
  public long changes() {
    return changes.get();
  }

  /** {@code supplier}'s stores, counted here. */
  public KeyValueBytesStoreSupplier counting(KeyValueBytesStoreSupplier supplier) {
    return new KeyValueBytesStoreSupplier() {
      @Override
      public String name() {
        return supplier.name();
      }

      @Override
      public KeyValueStore<Bytes, byte[]> get() {
        return new Counting(supplier.get());
      }

      @Override
      public String metricsScope() {
        return supplier.metricsScope();
      }
    };
  }

  private final class Counting implements KeyValueStore<Bytes, byte[]> {
    private final KeyValueStore<Bytes, byte[]> store;

    Counting(KeyValueStore<Bytes, byte[]> store) {
      this.store = store;
    }

    /** A global store restores from its topic within init: the count moves after that too. */
    @Override
    public void init(StateStoreContext context, StateStore root) {
      store.init(context, root);
      changes.incrementAndGet();
    }

    @Override
    public void put(Bytes key, byte[] value) {
      store.put(key, value);
      changes.incrementAndGet();
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
      byte[] previous = store.putIfAbsent(key, value);
      changes.incrementAndGet();
      return previous;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
      store.putAll(entries);
      changes.incrementAndGet();
    }

    @Override
    public byte[] delete(Bytes key) {
      byte[] previous = store.delete(key);
      changes.incrementAndGet();
      return previous;
    }

    @Override
    public byte[] get(Bytes key) {
      return store.get(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
      return store.range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
      return store.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
      return store.all();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
      return store.reverseAll();
    }

    @Override
    public <PS extends org.apache.kafka.common.serialization.Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(
        P prefix, PS prefixKeySerializer) {
      return store.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
      return store.approximateNumEntries();
    }

    @Override
    public String name() {
      return store.name();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
      store.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
      return store.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
      return store.managesOffsets();
    }

    @Override
    public void close() {
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
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
      return store.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
      return store.getPosition();
    }
  }
}
