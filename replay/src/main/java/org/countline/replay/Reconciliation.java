package org.countline.replay;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.countline.core.Keys;
import org.countline.core.Metric;
import org.countline.core.Tally;
import org.countline.streams.Topics;

/**
 * The replay checked against the live totals, figure by figure, on all four totals topics: every
 * key and metric where the two differ. Update times are not compared (they say when, not how
 * much), and a key whose figures are all zero equals a missing key (a force whose only event was
 * withdrawn has a zero total live and may have none in a replay).
 *
 * @param operationId the operation compared
 * @param keysCompared how many keys were compared, over the four topics
 * @param differences every difference, by topic, key and metric; empty when the two agree
 */
public record Reconciliation(String operationId, int keysCompared, List<Difference> differences) {

  /** One figure that differs: the totals topic, its record key, the metric and both values (stored units). */
  public record Difference(String topic, String key, Metric metric, long live, long replayed) {
    @Override
    public String toString() {
      return topic + " " + key + " " + metric.jsonPath() + ": live " + live + ", replayed " + replayed;
    }
  }

  public Reconciliation {
    differences = List.copyOf(differences);
  }

  public boolean agrees() {
    return differences.isEmpty();
  }

  /** Compares {@code replay} with {@code live}. */
  public static Reconciliation of(ReplayResult replay, LiveTotals live) {
    String op = replay.operationId();
    List<Difference> out = new ArrayList<>();
    int keys = 0;
    keys += compare(Topics.TOTALS_NATIONAL, Map.of(op, replay.national()), live.national(), out);
    keys += compare(Topics.TOTALS_REGION, prefixed(op, replay.regions()), live.regions(), out);
    keys += compare(Topics.TOTALS_FORCE, prefixed(op, replay.forces()), live.forces(), out);
    Map<String, Tally> daily = new TreeMap<>();
    for (Map.Entry<String, SortedMap<LocalDate, Tally>> force : replay.daily().entrySet()) {
      force.getValue().forEach((day, t) -> daily.put(Keys.of(op, force.getKey(), day.toString()), t));
    }
    keys += compare(Topics.TOTALS_DAILY, daily, live.daily(), out);
    return new Reconciliation(op, keys, out);
  }

  private static Map<String, Tally> prefixed(String op, Map<String, Tally> byCode) {
    Map<String, Tally> out = new TreeMap<>();
    byCode.forEach((code, t) -> out.put(Keys.of(op, code), t));
    return out;
  }

  private static int compare(String topic, Map<String, Tally> replayed, Map<String, Tally> live, List<Difference> out) {
    TreeSet<String> keys = new TreeSet<>(replayed.keySet());
    keys.addAll(live.keySet());
    Tally zero = Tally.zero();
    for (String key : keys) {
      Tally r = replayed.getOrDefault(key, zero);
      Tally l = live.getOrDefault(key, zero);
      if (r.sameFigures(l)) {
        continue;
      }
      for (Metric m : Metric.values()) {
        if (r.get(m) != l.get(m)) {
          out.add(new Difference(topic, key, m, l.get(m), r.get(m)));
        }
      }
    }
    return keys.size();
  }
}
