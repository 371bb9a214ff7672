package org.countline.bench.flink;

import org.countline.core.Tally;

/** The totals of one key as they are now, on their way to a totals topic; a Flink POJO. */
public class TotalsUpdate {
  public String key;
  public long[] values;
  public long updatedAtMillis;

  /** For Flink's POJO serializer. */
  public TotalsUpdate() {}

  static TotalsUpdate of(String key, Tally tally) {
    TotalsUpdate u = new TotalsUpdate();
    u.key = key;
    u.values = tally.toArray();
    u.updatedAtMillis = tally.updatedAtMillis();
    return u;
  }

  Tally tally() {
    return Tally.of(values, updatedAtMillis);
  }
}
