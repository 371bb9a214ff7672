package org.countline.streams;

import org.countline.core.Tally;

/**
 * What the field-event processor emits, routed by kind: a force's totals, a force's totals for
 * one local day, the change to a region's or the operation's totals (to be summed after a
 * repartition by region or operation), or a refused record.
 */
sealed interface Routed {
  record ForceTotals(Tally tally) implements Routed {}

  /** A signed change to the totals of the record's key ({@code OPERATION/REGION} or {@code OPERATION}). */
  record RegionDelta(Tally delta) implements Routed {}

  record NationalDelta(Tally delta) implements Routed {}

  record DailyTotals(Tally tally) implements Routed {}

  /** The record as received; the reason travels in headers. */
  record Rejected(byte[] key, byte[] value) implements Routed {}
}
