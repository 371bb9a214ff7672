package org.countline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.core.ReferenceData;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.simulator.WeekSimulator;
import org.countline.replay.Reconciliation;
import org.countline.streams.Topics;
import org.countline.streams.TopologyOptions;
import org.countline.streams.TotalsApp;
import org.countline.streams.TotalsSerdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loss of a broker: of three (replication 3, min.insync.replicas 2), one is stopped while a
 * simulated week is being published and counted, stays down while a third of the week is
 * published without it, and is started again. Every event the publisher saw acknowledged must be
 * in the events topic as often as it was sent (no loss, and no second copy from a retry: the
 * producer is idempotent) and counted exactly once: the live totals equal a recount of the
 * acknowledged events and the replay of the log.
 *
 * <p>Long variant: {@code -Dreliability.broker.events=200000 -Dreliability.broker.rate=2000}.
 */
class BrokerLossIT {
  private static final Logger log = LoggerFactory.getLogger(BrokerLossIT.class);
  private static final String APPLICATION_ID = "reliability-broker-loss";
  /** Not broker 0, which shares its node with the controller. */
  private static final int VICTIM = 2;

  private static FaultCluster cluster;

  @TempDir static Path stateDir;

  @BeforeAll
  static void start() throws Exception {
    cluster = FaultCluster.start(3);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldCountEveryAcknowledgedEventOnceWhenABrokerIsStoppedMidLoadAndRestarted() throws Exception {
    int events = Integer.getInteger("reliability.broker.events", 20_000);
    int rate = Integer.getInteger("reliability.broker.rate", 1_500);
    Stages stages = new Stages();

    Operation operation = FaultCluster.operation("broker-2022-10");
    cluster.publish(operation);
    List<FieldEvent> week = WeekSimulator.of(operation, ReferenceData.defaults()).events(events).seed(9).generate();

    Properties overrides = new Properties();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    overrides.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) cluster.replication());
    Properties config = TotalsApp.config(cluster.bootstrap(), stateDir.toString(), overrides);
    try (Admin admin = cluster.admin();
        TotalsApp app = new TotalsApp(config, TotalsSerdes.fromRegistry(cluster.serdeConfig()), TopologyOptions.defaults());
        FieldEventPublisher publisher = cluster.publisher()) {
      app.start();
      await("streams RUNNING").atMost(Duration.ofMinutes(2)).until(app::isRunning);
      stages.lap("start");

      // A quarter of the week is published with three brokers; broker 2 is stopped while the
      // second quarter is on its way; the third quarter is let go only once it is down, so that
      // at least a quarter of the week is published and counted without it; it is started again
      // while the last quarter is sent.
      Load load = new Load(week, rate).allowUpTo(events / 2).start(publisher);
      await("a quarter of the week acknowledged").atMost(Duration.ofMinutes(3)).until(() -> load.acknowledged() >= events / 4);
      stages.lap("before");
      cluster.stopBroker(VICTIM);
      long stoppedAt = load.acknowledged();
      stages.lap("stop");
      load.allowUpTo(3L * events / 4);
      await("three quarters acknowledged without broker " + VICTIM).atMost(Duration.ofMinutes(3))
          .until(() -> load.acknowledged() >= 3L * events / 4);
      long restartedAt = load.acknowledged();
      stages.lap("down");
      cluster.startBroker(VICTIM);
      load.allowUpTo(events);
      stages.lap("restart");
      load.await(300);
      stages.lap("load");
      await("broker " + VICTIM + " back in sync").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
          .until(() -> cluster.fullyReplicated(Topics.FIELD_EVENTS));
      stages.lap("in-sync");

      List<FieldEvent> acknowledged = load.acknowledgedEvents();
      Recount expected = Recount.of(acknowledged, operation);
      long inLog = Load.eventsInLog(admin);
      Recount.Verdict verdict = expected.awaitExact(cluster, admin, APPLICATION_ID, inLog);
      stages.lap("exact");
      Map<String, Integer> logged = EventLog.copies(cluster, operation.getId());
      long missing = EventLog.missing(EventLog.copiesOf(acknowledged), logged);
      long extra = EventLog.extra(EventLog.copiesOf(week.subList(0, (int) load.sent())), logged);
      Reconciliation reconciliation = Recount.reconcile(cluster, operation.getId());
      stages.lap("replay");
      log.info("RELIABILITY broker-loss: sent={} acknowledged={} failed={} brokers-stopped=1 (broker {} down from ack {} to ack {}) "
              + "in-log={} log-missing={} log-extra-copies={} lost={} double={} figures-off={} replay-differences={} "
              + "streams={} took={}s ({})",
          load.sent(), load.acknowledged(), load.failures().size(), VICTIM, stoppedAt, restartedAt, inLog, missing, extra,
          verdict.lost(), verdict.doubleCounted(), verdict.differences().size(), reconciliation.differences().size(),
          app.streams().state(), stages.totalSeconds(), stages);

      assertThat(app.streams().state()).as("the streams instance rode out the broker's loss").isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(missing).as("acknowledged revisions missing from the log").isZero();
      assertThat(extra).as("copies in the log beyond those sent").isZero();
      assertThat(verdict.differences()).as("live totals against the recount of the acknowledged events").isEmpty();
      assertThat(reconciliation.differences()).as("live totals against the replay").isEmpty();
      // With min.insync.replicas 2 of 3, nothing should even have failed.
      assertThat(load.failures()).as("sends Kafka did not acknowledge").isEmpty();
    }
  }
}
