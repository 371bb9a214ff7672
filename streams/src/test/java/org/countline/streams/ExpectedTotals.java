package org.countline.streams;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.core.Contribution;
import org.countline.core.Keys;
import org.countline.core.OperationWindow;
import org.countline.core.ReferenceData;
import org.countline.core.Tally;

/**
 * The totals as a plain fold: the highest revision of each eventId, its contribution summed per
 * force, day, region and operation. What the topology must equal, computed without it.
 */
record ExpectedTotals(Map<String, Tally> force, Map<String, Tally> daily, Map<String, Tally> region, Map<String, Tally> national) {

  static ExpectedTotals fold(Collection<FieldEvent> published, Operation operation, ReferenceData reference) {
    Map<String, FieldEvent> latest = new HashMap<>();
    for (FieldEvent e : published) {
      latest.merge(e.getEventId(), e, (a, b) -> b.getRevision() > a.getRevision() ? b : a);
    }
    OperationWindow window = OperationWindow.of(operation);
    ExpectedTotals t = new ExpectedTotals(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
    for (FieldEvent e : latest.values()) {
      Tally c = Contribution.of(e);
      String force = Keys.of(e.getOperationId(), e.getForce());
      String region = Keys.of(e.getOperationId(), reference.force(e.getForce()).orElseThrow().region());
      t.force.computeIfAbsent(force, k -> new Tally()).add(c);
      t.region.computeIfAbsent(region, k -> new Tally()).add(c);
      t.national.computeIfAbsent(e.getOperationId(), k -> new Tally()).add(c);
      if (!c.isZero()) {
        LocalDate day = window.localDay(e.getOccurredAt());
        t.daily.computeIfAbsent(Keys.of(force, day.toString()), k -> new Tally()).add(c);
      }
    }
    return t;
  }

  /** Figures only, without update times, and without all-zero entries (a fully withdrawn key). */
  static Map<String, String> figures(Map<String, Tally> totals) {
    Map<String, String> out = new java.util.TreeMap<>();
    totals.forEach((k, v) -> {
      if (!v.isZero()) {
        out.put(k, Tally.of(v.toArray(), 0).toString());
      }
    });
    return out;
  }
}
