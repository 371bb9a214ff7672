package org.countline.streams.state;

import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.countline.core.EventState;
import org.countline.core.Metric;
import org.countline.core.Tally;

/** Serdes for the values of Countline's internal stores and repartition topics. */
public final class StateSerdes {
  private static final int METRICS = Metric.values().length;

  private StateSerdes() {}

  public static Serde<Tally> tally() {
    return of(StateSerdes::writeTally, r -> readTally(r));
  }

  public static Serde<EventState> eventState() {
    return of(
        (w, s) -> {
          w.varLong(s.revision()).string(s.operationId()).string(s.force()).varLong(s.epochDay()).bool(s.withdrawn());
          writeTally(w, s.contribution());
        },
        r -> {
          int revision = (int) r.varLong();
          String operationId = r.string();
          String force = r.string();
          int epochDay = (int) r.varLong();
          boolean withdrawn = r.bool();
          return new EventState(revision, operationId, force, epochDay, readTally(r), withdrawn);
        });
  }

  public static Serde<ForceShare> forceShare() {
    return of(
        (w, share) -> {
          w.string(share.force());
          writeTally(w, share.total());
        },
        r -> new ForceShare(r.string(), readTally(r)));
  }

  /** The forces' shares of a region or national total, in force order; the sum is not stored. */
  public static Serde<Shares> shares() {
    return of(
        (w, shares) -> {
          w.varLong(shares.byForce().size());
          shares.byForce().forEach((force, total) -> {
            w.string(force);
            writeTally(w, total);
          });
        },
        r -> {
          long count = r.varLong();
          if (count < 0) {
            throw new IllegalArgumentException("negative count of shares: " + count);
          }
          TreeMap<String, Tally> byForce = new TreeMap<>();
          for (long i = 0; i < count; i++) {
            byForce.put(r.string(), readTally(r));
          }
          return Shares.of(byForce);
        });
  }

  private static void writeTally(Codec.Writer w, Tally t) {
    w.varLong(t.updatedAtMillis());
    long[] values = t.toArray();
    for (long v : values) {
      w.varLong(v);
    }
  }

  private static Tally readTally(Codec.Reader r) {
    long updatedAt = r.varLong();
    long[] values = new long[METRICS];
    for (int i = 0; i < METRICS; i++) {
      values[i] = r.varLong();
    }
    return Tally.of(values, updatedAt);
  }

  private interface Write<T> {
    void write(Codec.Writer w, T value);
  }

  private interface Read<T> {
    T read(Codec.Reader r);
  }

  private static <T> Serde<T> of(Write<T> write, Read<T> read) {
    Serializer<T> ser = (topic, value) -> {
      if (value == null) {
        return null;
      }
      Codec.Writer w = new Codec.Writer();
      write.write(w, value);
      return w.toBytes();
    };
    Deserializer<T> de = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return read.read(new Codec.Reader(bytes));
      } catch (IllegalArgumentException e) {
        throw new SerializationException("cannot read state value from " + topic + ": " + e.getMessage(), e);
      }
    };
    return Serdes.serdeFrom(ser, de);
  }
}
