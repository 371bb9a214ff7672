package org.countline.bench.flink;

import org.countline.core.Tally;

/**
 * A change to the totals of one force: the event's new contribution less its old one, as a
 * Flink POJO. The force stage forwards the change of its totals in the same shape to the
 * national stage.
 */
public class TotalsChange {
  public String operationId;
  public String force;
  public long[] delta;
  public long timestampMillis;

  /** For Flink's POJO serializer. */
  public TotalsChange() {}

  static TotalsChange of(String operationId, String force, Tally delta, long timestampMillis) {
    TotalsChange c = new TotalsChange();
    c.operationId = operationId;
    c.force = force;
    c.delta = delta.toArray();
    c.timestampMillis = timestampMillis;
    return c;
  }

  Tally tally() {
    return Tally.of(delta, timestampMillis);
  }
}
