package org.countline.replay;

import java.time.LocalDate;
import java.util.Map;
import java.util.SortedMap;
import org.countline.avro.Operation;
import org.countline.core.ForceInfo;
import org.countline.core.Tally;

/**
 * The totals of one operation as replayed from the event log: the same figures, under the same
 * keys, as the live totals topics. Tallies are the replay's own; treat them as read-only.
 *
 * @param operation the operation, as {@code countline.operations} holds it now
 * @param national the operation's totals ({@code countline.totals.national})
 * @param regions region code to totals ({@code countline.totals.region}), every region with a
 *     force that counted an event
 * @param forces force code to totals ({@code countline.totals.force}), every force with an event
 *     counted, withdrawn or not
 * @param daily force code to local day to totals ({@code countline.totals.daily})
 * @param counts what was read and what became of it
 * @param reference the forces and regions the replay used, for names
 */
public record ReplayResult(
    Operation operation,
    Tally national,
    Map<String, Tally> regions,
    Map<String, Tally> forces,
    Map<String, SortedMap<LocalDate, Tally>> daily,
    ReplayCounts counts,
    Map<String, ForceInfo> reference) {

  public String operationId() {
    return operation.getId();
  }

  /** The totals of one force, zero when it reported nothing. */
  public Tally force(String code) {
    Tally t = forces.get(code);
    return t == null ? Tally.zero() : t;
  }

  /** The totals of one region, zero when none of its forces reported anything. */
  public Tally region(String code) {
    Tally t = regions.get(code);
    return t == null ? Tally.zero() : t;
  }
}
