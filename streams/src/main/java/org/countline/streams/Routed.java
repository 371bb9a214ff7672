package org.countline.streams;

import org.countline.core.Tally;
import org.countline.streams.state.ForceShare;

/**
 * What the field-event processor emits, routed by kind: a force's totals, a force's totals for
 * one local day, a force's share of a region's or the operation's totals (to be summed after a
 * repartition by region or operation), or a refused record.
 */
sealed interface Routed {
  record ForceTotals(Tally tally) implements Routed {}

  /** A force's whole totals for the sum of the record's key, {@code OPERATION/REGION}. */
  record RegionShare(ForceShare share) implements Routed {}

  /** A force's whole totals for the sum of the record's key, {@code OPERATION}. */
  record NationalShare(ForceShare share) implements Routed {}

  record DailyTotals(Tally tally) implements Routed {}

  /** The record as received; the reason travels in headers. */
  record Rejected(byte[] key, byte[] value) implements Routed {}
}
