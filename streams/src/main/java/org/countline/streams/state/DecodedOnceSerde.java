package org.countline.streams.state;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for reference data (operations, forces) read from a global store at every field event:
 * a store read decodes the stored bytes again each time, and decoding the Avro was a tenth of the
 * stream thread's work per event. This serde remembers what each distinct byte content decoded
 * to, so equal bytes are decoded once. The same bytes always decode to the same value (the schema
 * id is in the bytes and a registered schema never changes), so a change to a record is seen at
 * the next read, as without the cache.
 *
 * <p>Values are shared between reads and threads: callers must not modify them. Meant for small
 * tables; past {@link #MAX_ENTRIES} distinct contents the memory is cleared and starts again.
 */
public final class DecodedOnceSerde<T> implements Serde<T> {
  static final int MAX_ENTRIES = 4_096;

  private final Serde<T> inner;
  private final Deserializer<T> deserializer;

  public DecodedOnceSerde(Serde<T> inner) {
    this.inner = inner;
    this.deserializer = new DecodedOnce<>(inner.deserializer());
  }

  @Override
  public Serializer<T> serializer() {
    return inner.serializer();
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    inner.configure(configs, isKey);
  }

  @Override
  public void close() {
    inner.close();
  }

  private static final class DecodedOnce<T> implements Deserializer<T> {
    private final Deserializer<T> inner;
    private final Map<Content, T> decoded = new ConcurrentHashMap<>();

    DecodedOnce(Deserializer<T> inner) {
      this.inner = inner;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
      return deserialize(topic, null, data);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
      if (data == null) {
        return headers == null ? inner.deserialize(topic, (byte[]) null) : inner.deserialize(topic, headers, (byte[]) null);
      }
      Content content = new Content(data);
      T value = decoded.get(content);
      if (value == null) {
        value = headers == null ? inner.deserialize(topic, data) : inner.deserialize(topic, headers, data);
        if (value == null) {
          return null;
        }
        if (decoded.size() >= MAX_ENTRIES) {
          decoded.clear();
        }
        // A copy: the caller may reuse its array.
        decoded.put(new Content(data.clone()), value);
      }
      return value;
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  /** Bytes compared by content. */
  private static final class Content {
    private final byte[] bytes;
    private final int hash;

    Content(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Content c && c.hash == hash && Arrays.equals(c.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
