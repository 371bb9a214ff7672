package org.countline.streams.state;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An in-memory key-value store on a hash map, for a store read and written by key alone at every
 * event (the latest revision of each event): Kafka Streams' own in-memory store is a sorted map,
 * whose look-ups compare byte arrays down a tree of millions of keys, and which records each
 * write's position for interactive queries. It opens empty, and is restored from its changelog if
 * it has one (the totals topology's has none: it rebuilds the store from the events topic). Range reads and {@link #all()} sort a copy of the keys: they are for tools and
 * tests, not the hot path; prefix scans are not supported.
 */
public final class HashKeyValueStore implements KeyValueStore<Bytes, byte[]> {
  private final String name;
  private final Map<Bytes, byte[]> map = new ConcurrentHashMap<>();
  private final Position position = Position.emptyPosition();
  private volatile boolean open;

  public HashKeyValueStore(String name) {
    this.name = name;
  }

  /** A supplier of these stores, for {@code Stores.keyValueStoreBuilder}. */
  public static KeyValueBytesStoreSupplier supplier(String name) {
    return new KeyValueBytesStoreSupplier() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public KeyValueStore<Bytes, byte[]> get() {
        return new HashKeyValueStore(name);
      }

      @Override
      public String metricsScope() {
        return "in-memory";
      }
    };
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    map.clear();
    context.register(root, (key, value) -> {
      if (value == null) {
        map.remove(Bytes.wrap(key));
      } else {
        map.put(Bytes.wrap(key), value);
      }
    });
    open = true;
  }

  @Override
  public byte[] get(Bytes key) {
    return map.get(key);
  }

  @Override
  public void put(Bytes key, byte[] value) {
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    byte[] previous = map.get(key);
    if (previous == null) {
      put(key, value);
    }
    return previous;
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    entries.forEach(entry -> put(entry.key, entry.value));
  }

  @Override
  public byte[] delete(Bytes key) {
    return map.remove(key);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    return sorted(from, to);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return sorted(null, null);
  }

  /** The entries from {@code from} to {@code to} inclusive (null: unbounded), in key order. */
  private KeyValueIterator<Bytes, byte[]> sorted(Bytes from, Bytes to) {
    List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
    map.forEach((key, value) -> {
      if ((from == null || key.compareTo(from) >= 0) && (to == null || key.compareTo(to) <= 0)) {
        entries.add(KeyValue.pair(key, value));
      }
    });
    entries.sort((a, b) -> a.key.compareTo(b.key));
    return new ListIterator(entries);
  }

  @Override
  public long approximateNumEntries() {
    return map.size();
  }

  @Override
  public void close() {
    map.clear();
    open = false;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  /** Not tracked: the store is not queried interactively, and no caller asks for consistency. */
  @Override
  public Position getPosition() {
    return position;
  }

  private static final class ListIterator implements KeyValueIterator<Bytes, byte[]> {
    private final Iterator<KeyValue<Bytes, byte[]>> entries;
    private KeyValue<Bytes, byte[]> next;

    ListIterator(List<KeyValue<Bytes, byte[]>> entries) {
      this.entries = entries.iterator();
      advance();
    }

    private void advance() {
      next = entries.hasNext() ? entries.next() : null;
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public KeyValue<Bytes, byte[]> next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      KeyValue<Bytes, byte[]> current = next;
      advance();
      return current;
    }

    @Override
    public Bytes peekNextKey() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      return next.key;
    }

    @Override
    public void close() {}
  }
}
