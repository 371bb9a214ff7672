package org.countline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.core.ReferenceData;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.simulator.WeekSimulator;
import org.countline.replay.Reconciliation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crashes of the live totals, after Kafka's own exactly-once system test ({@code streams_eos_test}
 * and its {@code EosTestDriver}): two instances of the topology, each in a JVM of its own, share a
 * three-broker cluster set up as in production (replication 3, min.insync.replicas 2); while a
 * simulated week flows in, the instances are killed in turn with {@code SIGKILL} (no shutdown, no
 * commit, no leaving the group) and each is started again on its own state directory, which
 * exactly-once must wipe and restore. Kill points, in events processed (committed offsets of the
 * application): just after the load starts (5%), in its middle and near its end (90%), more kills
 * spread evenly between; the publisher is held a little ahead of each kill point until the kill,
 * so that events are still to come whenever an instance dies. Each victim is started again once
 * the group has dropped it; the next kill may come while it is still restoring.
 *
 * <p>Then every total must equal, exactly, both a recomputation in the test from the events sent
 * (national and per force) and the replay of the events topic read with read_committed (all four
 * totals topics, as {@code countline report --verify}): nothing lost, nothing counted twice. The
 * instances' logs must show that tasks opened after the kills rebuilt their state (the in-memory
 * revisions from the events topic; the other stores are restored from their changelogs), so that
 * the restarts were the crash recoveries they are meant to be, and that no store was declared
 * corrupted: with a persistent store (RocksDB) exactly-once wipes a store left without a
 * checkpoint, and Kafka Streams 4.3 handles that during a rebalance by aborting the transaction of
 * the thread's running tasks without restarting them (see RELIABILITY.md).
 *
 * <p>The representative run takes 50,000 events published over 45 s and 3 kills; the long variant
 * is a matter of system properties, e.g. {@code -Dreliability.crash.events=500000
 * -Dreliability.crash.seconds=400 -Dreliability.crash.kills=12}.
 */
class StreamsCrashIT {
  private static final Logger log = LoggerFactory.getLogger(StreamsCrashIT.class);
  private static final String APPLICATION_ID = "reliability-crash";
  /** Kafka Streams' warning when it wipes a task's stores found without a checkpoint under EOS. */
  private static final String WIPE = "wipe out the local state of task";
  /** Countline's line when a task that opens has rebuilt its revisions from the events topic. */
  private static final String REBUILT = "event revisions from";

  private static FaultCluster cluster;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    cluster = FaultCluster.start(3);
  }

  @AfterAll
  static void stop() throws Exception {
    StreamsProcess.deleteClasspathCopy();
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldCountEveryEventExactlyOnceWhenStreamsInstancesAreKilledAndRestartedMidLoad() throws Exception {
    int events = Integer.getInteger("reliability.crash.events", 50_000);
    int kills = Integer.getInteger("reliability.crash.kills", 3);
    // The load is spread over this many seconds, so that events are still flowing at the kills.
    int seconds = Integer.getInteger("reliability.crash.seconds", 45);
    int rate = Integer.getInteger("reliability.crash.rate", Math.max(1, events / seconds));
    Stages stages = new Stages();

    Operation operation = FaultCluster.operation("crash-2022-10");
    cluster.publish(operation);
    List<FieldEvent> week = WeekSimulator.of(operation, ReferenceData.defaults()).events(events).seed(8).generate();
    Recount expected = Recount.of(week, operation);

    String registry = cluster.registry().url();
    List<StreamsProcess> instances = List.of(
        new StreamsProcess("a", cluster.bootstrap(), registry, dir.resolve("a"), APPLICATION_ID, cluster.replication()),
        new StreamsProcess("b", cluster.bootstrap(), registry, dir.resolve("b"), APPLICATION_ID, cluster.replication()));
    List<String> killLog = new ArrayList<>();
    try (Admin admin = cluster.admin(); FieldEventPublisher publisher = cluster.publisher()) {
      for (StreamsProcess p : instances) {
        p.start();
      }
      awaitRunning(instances);
      stages.lap("start");

      // The load is held a little ahead of each kill point until the kill, so that part of the week
      // is always still to come when an instance dies, however fast the instances catch up.
      long ahead = events / 20;
      Load load = new Load(week, rate).allowUpTo((long) (killPoint(0, kills) * events) + ahead).start(publisher);
      for (int k = 0; k < kills; k++) {
        long killAt = (long) (killPoint(k, kills) * events);
        load.allowUpTo(Math.min(events, killAt + ahead));
        await("instances to process " + killAt + " events").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
            .until(() -> Load.committed(admin, APPLICATION_ID) >= killAt);
        StreamsProcess victim = instances.get(k % 2);
        long committedAtKill = Load.committed(admin, APPLICATION_ID);
        long publishedAtKill = load.acknowledged();
        victim.kill();
        long killedAt = System.nanoTime();
        // The survivor takes over once the dead member's session has expired; then the victim
        // comes back on the state directory it was killed on.
        await("the group to drop the killed member").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
            .until(() -> instancesInGroup(admin) <= 1);
        long droppedAt = System.nanoTime();
        victim.start();
        // The next kill may come while it is still restoring: once it is in the group again.
        await("the restarted member to join").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
            .until(() -> {
              requireAlive(instances);
              return instancesInGroup(admin) == 2;
            });
        // Which instance died with how many events processed and published, how long the group
        // took to notice, and how long the victim took to join again.
        killLog.add(String.format("%s@processed=%d/published=%d/dropped+%ds/joined+%ds", victim.name(), committedAtKill,
            publishedAtKill, Math.round((droppedAt - killedAt) / 1e9), elapsedSeconds(droppedAt)));
        stages.lap("kill" + (k + 1));
      }
      load.allowUpTo(events);
      // Generous: the load's own length, twice over, and five minutes.
      load.await(2L * events / rate + 300);
      assertThat(load.failures()).as("sends Kafka did not acknowledge").isEmpty();
      // Every instance killed came back: restored from the changelogs and running.
      awaitRunning(instances);
      stages.lap("recovered");

      Recount.Verdict verdict = expected.awaitExact(cluster, admin, APPLICATION_ID, events);
      stages.lap("exact");
      Reconciliation reconciliation = Recount.reconcile(cluster, operation.getId());
      stages.lap("replay");
      long inLog = Load.eventsInLog(admin);
      // Every task that opens with a committed position rebuilds its revisions and says so; a
      // persistent store found without a checkpoint would be wiped, and Streams would say that.
      long wipes = 0;
      long rebuilds = 0;
      for (StreamsProcess p : instances) {
        wipes += p.linesContaining(WIPE);
        rebuilds += p.linesContaining(REBUILT);
      }
      log.info("RELIABILITY streams-crash: sent={} acknowledged={} in-log={} rate={}/s kills={} ({}) rebuilds={} state-wipes={} "
              + "lost={} double={} figures-off={} replay-differences={} took={}s ({})",
          load.sent(), load.acknowledged(), inLog, rate, kills, String.join(" ", killLog), rebuilds, wipes, verdict.lost(),
          verdict.doubleCounted(), verdict.differences().size(), reconciliation.differences().size(),
          stages.totalSeconds(), stages);

      assertThat(inLog).as("records in the events topic").isEqualTo(events);
      assertThat(rebuilds).as("tasks that rebuilt their state after opening (lines '" + REBUILT + "')").isPositive();
      assertThat(wipes).as("stores declared corrupted and wiped (lines '" + WIPE + "'): none is persistent").isZero();
      assertThat(verdict.differences()).as("live totals against the recount of the events sent").isEmpty();
      assertThat(reconciliation.differences()).as("live totals against the replay").isEmpty();
      assertThat(reconciliation.keysCompared()).isGreaterThan(40);
    } finally {
      for (StreamsProcess p : instances) {
        p.close();
      }
    }
  }

  /** Where kill {@code k} of {@code kills} happens, as a share of the events processed. */
  static double killPoint(int k, int kills) {
    if (kills == 1) {
      return 0.5;
    }
    double first = 0.05;
    double last = 0.9;
    return first + (last - first) * k / (kills - 1);
  }

  private static void awaitRunning(List<StreamsProcess> instances) {
    await("both instances RUNNING").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
      requireAlive(instances);
      return instances.stream().allMatch(StreamsProcess::isRunning);
    });
  }

  /** Fails at once, rather than at the end of a wait, when an instance has died without being killed. */
  private static void requireAlive(List<StreamsProcess> instances) {
    for (StreamsProcess p : instances) {
      if (!p.isAlive()) {
        throw new IllegalStateException("streams instance " + p.name() + " exited by itself; see " + p.logFile());
      }
    }
  }

  /**
   * Streams instances with at least one member in the group: each stream thread is a member of its
   * own, with the client id {@code <instance client id>-StreamThread-<n>-consumer}.
   */
  static int instancesInGroup(Admin admin) throws Exception {
    return (int) admin.describeConsumerGroups(List.of(APPLICATION_ID)).all().get(30, TimeUnit.SECONDS)
        .get(APPLICATION_ID).members().stream()
        .map(m -> instanceOf(m.clientId()))
        .distinct()
        .count();
  }

  /** The instance's client id in a stream thread consumer's client id. */
  static String instanceOf(String memberClientId) {
    return memberClientId.replaceFirst("-StreamThread-\\d+-consumer$", "");
  }

  static long elapsedSeconds(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 1e9);
  }
}
