package org.countline.streams.state;

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

  public static Serde<RegionalTally> regionalTally() {
    return of(
        (w, rt) -> {
          w.string(rt.region());
          writeTally(w, rt.tally());
        },
        r -> new RegionalTally(r.string(), readTally(r)));
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
