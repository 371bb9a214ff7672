package org.countline.reliability;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.core.ConditionTimeoutException;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.core.EventState;
import org.countline.core.Keys;
import org.countline.core.Metric;
import org.countline.core.OperationWindow;
import org.countline.core.RevisionRule;
import org.countline.core.Tally;
import org.countline.replay.LiveTotals;
import org.countline.replay.Reconciliation;
import org.countline.replay.Replay;
import org.countline.replay.ReplayResult;
import org.countline.replay.ReplayProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The totals a list of field events should come to, recomputed in the test from the events
 * themselves (no Kafka, no topology): the latest revision of each event counts, once, whatever
 * arrived twice. National and per-force totals, keyed as {@code countline.totals.national} and
 * {@code countline.totals.force} key them. The events given must be valid for the operation (a
 * simulated week is).
 *
 * <p>Also the verdict of a fault test against it: how many events were lost and how many counted
 * twice, from the {@link Metric#EVENTS} figure (live events), and every figure that differs.
 */
record Recount(String operationId, Tally national, Map<String, Tally> forces, int distinctEvents) {
  private static final Logger log = LoggerFactory.getLogger(Recount.class);

  static Recount of(Collection<FieldEvent> events, Operation operation) {
    OperationWindow window = OperationWindow.of(operation);
    Map<String, EventState> states = new HashMap<>();
    Tally national = new Tally();
    Map<String, Tally> forces = new TreeMap<>();
    for (FieldEvent e : events) {
      int day = (int) window.localDay(e.getOccurredAt()).toEpochDay();
      RevisionRule.Decision d = RevisionRule.decide(states.get(e.getEventId()), e, day);
      if (d.outcome().changesTotals()) {
        national.subtract(d.oldContribution()).add(d.newContribution());
        forces.computeIfAbsent(Keys.of(operation.getId(), e.getForce()), f -> new Tally())
            .subtract(d.oldContribution()).add(d.newContribution());
        states.put(e.getEventId(), d.next());
      }
    }
    return new Recount(operation.getId(), national, forces, states.size());
  }

  /** What the live totals hold against this recount. */
  record Verdict(long expectedEvents, long liveEvents, List<String> differences) {
    long lost() {
      return Math.max(0, expectedEvents - liveEvents);
    }

    long doubleCounted() {
      return Math.max(0, liveEvents - expectedEvents);
    }

    boolean exact() {
      return differences.isEmpty();
    }
  }

  Verdict against(LiveTotals live) {
    List<String> differences = new ArrayList<>();
    Tally liveNational = live.national().getOrDefault(operationId, Tally.zero());
    compare("national " + operationId, national, liveNational, differences);
    TreeSet<String> keys = new TreeSet<>(forces.keySet());
    keys.addAll(live.forces().keySet());
    for (String key : keys) {
      compare("force " + key, forces.getOrDefault(key, Tally.zero()), live.forces().getOrDefault(key, Tally.zero()), differences);
    }
    return new Verdict(national.get(Metric.EVENTS), liveNational.get(Metric.EVENTS), differences);
  }

  private static void compare(String what, Tally expected, Tally live, List<String> out) {
    if (expected.sameFigures(live)) {
      return;
    }
    for (Metric m : Metric.values()) {
      if (expected.get(m) != live.get(m)) {
        out.add(what + " " + m.jsonPath() + ": expected " + expected.get(m) + ", live " + live.get(m));
      }
    }
  }

  /**
   * Waits until {@code applicationId} has consumed all {@code records} of the events topic and
   * every change on its repartition topics (so the region and national sums are complete, not only
   * the force totals), and the live totals equal this recount; returns the verdict then, or the
   * last one seen if that never happens within minutes (the test then fails on it, with the
   * figures).
   */
  Verdict awaitExact(FaultCluster cluster, Admin admin, String applicationId, long records) {
    Verdict[] last = new Verdict[1];
    long[] polls = new long[1];
    try {
      await("totals equal to the recount").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
          .until(() -> {
            // Every ten seconds of waiting, what is still waited for: a slow run says why.
            boolean report = ++polls[0] % 10 == 0;
            long committed = Load.committed(admin, applicationId);
            if (committed < records) {
              if (report) {
                log.info("Waiting: the application has committed {} of {} events", committed, records);
              }
              return false;
            }
            last[0] = against(live(cluster, operationId));
            long backlog = Load.repartitionBacklog(admin, applicationId);
            if (last[0].exact() && backlog > 0) {
              log.info("Force and national totals exact; the sums still have {} changes to take in", backlog);
            } else if (!last[0].exact() && report) {
              log.info("Waiting: {} figures differ from the recount (first: {}); the sums have {} changes to take in",
                  last[0].differences().size(), last[0].differences().subList(0, Math.min(3, last[0].differences().size())), backlog);
            }
            return last[0].exact() && backlog == 0;
          });
    } catch (ConditionTimeoutException e) {
      if (last[0] == null) {
        throw e;
      }
    }
    return last[0];
  }

  /** The live totals of the operation now. */
  static LiveTotals live(FaultCluster cluster, String operationId) {
    return LiveTotals.read(cluster.bootstrap(), cluster.serdeConfig(), operationId, Duration.ofSeconds(60));
  }

  /**
   * The replay of the events topic (read_committed) checked against the live totals on all four
   * totals topics, as {@code countline report --verify} does it.
   */
  static Reconciliation reconcile(FaultCluster cluster, String operationId) {
    ReplayResult replay = new Replay(cluster.bootstrap(), cluster.serdeConfig()).run(operationId, ReplayProgress.NONE);
    return Reconciliation.of(replay, live(cluster, operationId));
  }
}
