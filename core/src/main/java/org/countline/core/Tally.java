package org.countline.core;

import java.util.Arrays;
import org.countline.avro.Totals;

/**
 * A mutable set of running totals, one long per {@link Metric}, plus the time of the last change.
 *
 * <p>This is the one piece of arithmetic that the live topology and the replay share: totals move
 * by adding an event's new contribution and subtracting its old one, so amendments and
 * withdrawals move every figure exactly. Plain longs keep the hot path free of boxing.
 */
public final class Tally {
  private static final int SIZE = Metric.all().length;

  private final long[] values;
  private long updatedAtMillis;

  public Tally() {
    this.values = new long[SIZE];
  }

  private Tally(long[] values, long updatedAtMillis) {
    this.values = values;
    this.updatedAtMillis = updatedAtMillis;
  }

  public static Tally zero() {
    return new Tally();
  }

  public long get(Metric metric) {
    return values[metric.ordinal()];
  }

  public Tally set(Metric metric, long value) {
    values[metric.ordinal()] = value;
    return this;
  }

  /** Adds {@code delta} to one metric. */
  public Tally plus(Metric metric, long delta) {
    values[metric.ordinal()] += delta;
    return this;
  }

  public long updatedAtMillis() {
    return updatedAtMillis;
  }

  public Tally updatedAtMillis(long millis) {
    this.updatedAtMillis = millis;
    return this;
  }

  /** Moves the update time forward only; totals never report an older time than they had. */
  public Tally touch(long millis) {
    if (millis > updatedAtMillis) {
      updatedAtMillis = millis;
    }
    return this;
  }

  /** Adds every metric of {@code other} to this tally, in place. */
  public Tally add(Tally other) {
    long[] o = other.values;
    for (int i = 0; i < SIZE; i++) {
      values[i] += o[i];
    }
    return touch(other.updatedAtMillis);
  }

  /** Subtracts every metric of {@code other} from this tally, in place. */
  public Tally subtract(Tally other) {
    long[] o = other.values;
    for (int i = 0; i < SIZE; i++) {
      values[i] -= o[i];
    }
    return this;
  }

  /** True when every metric is zero (the update time is not a metric). */
  public boolean isZero() {
    for (long v : values) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }

  public Tally copy() {
    return new Tally(values.clone(), updatedAtMillis);
  }

  /** The raw values in {@link Metric} order; a copy. */
  public long[] toArray() {
    return values.clone();
  }

  /** A tally from raw values in {@link Metric} order. */
  public static Tally of(long[] raw, long updatedAtMillis) {
    if (raw.length != SIZE) {
      throw new IllegalArgumentException("expected " + SIZE + " values, got " + raw.length);
    }
    return new Tally(raw.clone(), updatedAtMillis);
  }

  /** The Avro record written to the totals topics. Field i of Totals is {@code Metric} i. */
  public Totals toAvro() {
    Totals totals = new Totals();
    for (int i = 0; i < SIZE; i++) {
      totals.put(i, values[i]);
    }
    totals.setUpdatedAt(java.time.Instant.ofEpochMilli(updatedAtMillis));
    return totals;
  }

  public static Tally fromAvro(Totals totals) {
    long[] raw = new long[SIZE];
    for (int i = 0; i < SIZE; i++) {
      raw[i] = (Long) totals.get(i);
    }
    return new Tally(raw, totals.getUpdatedAt() == null ? 0 : totals.getUpdatedAt().toEpochMilli());
  }

  /** Equal metrics; the update time is not compared, since it says when, not how much. */
  public boolean sameFigures(Tally other) {
    return Arrays.equals(values, other.values);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tally t && Arrays.equals(values, t.values) && updatedAtMillis == t.updatedAtMillis;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(values) + Long.hashCode(updatedAtMillis);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Tally{");
    for (Metric m : Metric.all()) {
      long v = values[m.ordinal()];
      if (v != 0) {
        sb.append(m.avroField()).append('=').append(v).append(' ');
      }
    }
    return sb.append("updatedAt=").append(updatedAtMillis).append('}').toString();
  }
}
