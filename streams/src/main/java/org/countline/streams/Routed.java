package org.countline.streams;

import org.countline.core.Tally;

/**
 * What the field-event processor emits, routed by kind to one of three sinks: a force's
 * totals (with its region), a force's totals for one local day, or a refused record.
 */
sealed interface Routed {
  record ForceTotals(String region, Tally tally) implements Routed {}

  record DailyTotals(Tally tally) implements Routed {}

  /** The record as received; the reason travels in headers. */
  record Rejected(byte[] key, byte[] value) implements Routed {}
}
