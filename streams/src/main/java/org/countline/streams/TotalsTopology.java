package org.countline.streams;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.countline.avro.Force;
import org.countline.avro.Operation;
import org.countline.core.EventState;
import org.countline.streams.state.BufferedTable;
import org.countline.streams.state.ChangeCountingStores;
import org.countline.streams.state.ForceShare;
import org.countline.streams.state.HashKeyValueStore;
import org.countline.streams.state.Shares;
import org.countline.streams.state.StateSerdes;

/**
 * The live totals topology: reads {@link Topics#FIELD_EVENTS} and the reference data in
 * {@link Topics#OPERATIONS} and {@link Topics#FORCES}; writes {@link Topics#TOTALS_FORCE},
 * {@link Topics#TOTALS_DAILY}, {@link Topics#TOTALS_REGION}, {@link Topics#TOTALS_NATIONAL} and
 * {@link Topics#REJECTED}.
 *
 * <p>Per-event work (validation, latest revision, force and daily totals) happens in the task
 * that owns the event's {@code OPERATION/FORCE} partition; only force totals cross partitions,
 * as shares repartitioned by region and by operation and summed there (see {@link
 * FieldEventProcessor} for why shares rather than a table: one hop less).
 */
public final class TotalsTopology {
  public static final String OPERATIONS_STORE = "operations";
  public static final String FORCES_STORE = "forces";
  public static final String EVENT_REVISIONS_STORE = "event-revisions";
  public static final String FORCE_TOTALS_STORE = "force-totals";
  public static final String DAILY_TOTALS_STORE = "daily-totals";
  public static final String PENDING_STORE = "pending-totals";
  public static final String EMITTED_STORE = "force-regions-emitted";
  public static final String REBUILD_LOG_STORE = "revision-rebuild-log";
  public static final String REGION_TOTALS_STORE = "region-shares";
  public static final String NATIONAL_TOTALS_STORE = "national-shares";

  private TotalsTopology() {}

  /** The topology, optimised with {@code props}; a pure function shared by tests and the app. */
  public static Topology build(TotalsSerdes serdes, TopologyOptions options, Properties props) {
    StreamsBuilder builder = new StreamsBuilder();

    // Read at every field event, changed a few times a week: the processors keep what they read
    // until a change is counted. Not cached, so a change is counted as soon as it is readable.
    ChangeCountingStores referenceData = new ChangeCountingStores();
    Serde<Operation> operations = serdes.operations();
    Serde<Force> forces = serdes.forces();
    builder.globalTable(
        Topics.OPERATIONS,
        Consumed.with(Serdes.String(), operations).withName("operations-source"),
        Materialized.<String, Operation>as(referenceData.counting(Stores.inMemoryKeyValueStore(OPERATIONS_STORE)))
            .withKeySerde(Serdes.String())
            .withValueSerde(operations)
            .withCachingDisabled());
    builder.globalTable(
        Topics.FORCES,
        Consumed.with(Serdes.String(), forces).withName("forces-source"),
        Materialized.<String, Force>as(referenceData.counting(Stores.inMemoryKeyValueStore(FORCES_STORE)))
            .withKeySerde(Serdes.String())
            .withValueSerde(forces)
            .withCachingDisabled());

    // Not cached: every event writes its own key once, so a cache only delays the write, and it
    // fills the thread's cache with keys never read again. In memory on a hash map by default
    // (see HashKeyValueStore), without a changelog: a task rebuilds it from its partition of the
    // events topic when it opens (see RevisionRebuild; a changelog record per event cost about a
    // fifth of the throughput). In RocksDB, for bounded memory, with a changelog as before.
    StoreBuilder<KeyValueStore<String, EventState>> revisions = Stores.keyValueStoreBuilder(
        options.revisionsInMemory()
            ? HashKeyValueStore.supplier(EVENT_REVISIONS_STORE)
            : Stores.persistentKeyValueStore(EVENT_REVISIONS_STORE),
        Serdes.String(), StateSerdes.eventState());
    builder.addStateStore(options.revisionsInMemory() ? revisions.withLoggingDisabled() : revisions);
    builder.addStateStore(BufferedTable.builder(REBUILD_LOG_STORE, Serdes.ByteArray()));
    // A task's force and daily totals and their emission marks are a few hundred keys, changed
    // by nearly every event: held as objects and written to their changelogs once per key per
    // commit (see BufferedTable), not serialised into a record cache at every change.
    builder.addStateStore(BufferedTable.builder(FORCE_TOTALS_STORE, StateSerdes.tally()));
    builder.addStateStore(BufferedTable.builder(DAILY_TOTALS_STORE, StateSerdes.tally()));
    builder.addStateStore(BufferedTable.builder(PENDING_STORE, Serdes.ByteArray()));
    builder.addStateStore(BufferedTable.builder(EMITTED_STORE, Serdes.String()));

    KStream<String, Routed> routed = builder
        .stream(Topics.FIELD_EVENTS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("field-events-source"))
        .process(
            () -> new FieldEventProcessor(serdes, options.revisionsInMemory(), options.emitInterval(), referenceData::changes),
            Named.as("apply-field-events"),
            EVENT_REVISIONS_STORE, FORCE_TOTALS_STORE, DAILY_TOTALS_STORE, PENDING_STORE, EMITTED_STORE, REBUILD_LOG_STORE);

    Map<String, KStream<String, Routed>> routes = routed
        .split(Named.as("route-"))
        .branch((key, value) -> value instanceof Routed.ForceTotals, Branched.as("force"))
        .branch((key, value) -> value instanceof Routed.DailyTotals, Branched.as("daily"))
        .branch((key, value) -> value instanceof Routed.RegionShare, Branched.as("region"))
        .branch((key, value) -> value instanceof Routed.NationalShare, Branched.as("national"))
        .defaultBranch(Branched.as("rejected"));

    routes.get("route-rejected")
        .map((key, value) -> {
          Routed.Rejected rejected = (Routed.Rejected) value;
          return KeyValue.pair(rejected.key(), rejected.value());
        }, Named.as("rejected-as-received"))
        .to(Topics.REJECTED, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("rejected-sink"));

    routes.get("route-force")
        .mapValues(value -> ((Routed.ForceTotals) value).tally().toAvro(), Named.as("force-totals-to-avro"))
        .to(Topics.TOTALS_FORCE, Produced.with(Serdes.String(), serdes.totals()).withName("force-totals-sink"));

    routes.get("route-daily")
        .mapValues(value -> ((Routed.DailyTotals) value).tally().toAvro(), Named.as("daily-totals-to-avro"))
        .to(Topics.TOTALS_DAILY, Produced.with(Serdes.String(), serdes.totals()).withName("daily-totals-sink"));

    sumShares(routes.get("route-region")
            .mapValues(value -> ((Routed.RegionShare) value).share(), Named.as("region-share")),
        "region", REGION_TOTALS_STORE, Topics.TOTALS_REGION, serdes);
    sumShares(routes.get("route-national")
            .mapValues(value -> ((Routed.NationalShare) value).share(), Named.as("national-share")),
        "national", NATIONAL_TOTALS_STORE, Topics.TOTALS_NATIONAL, serdes);

    return builder.build(props);
  }

  /**
   * Repartitions the forces' shares by their key (region or operation) and sums them: each share
   * replaces the force's previous one (see {@link Shares}).
   *
   * <p>The sums are kept in memory, not in RocksDB: they are a few hundred keys, restored from
   * their changelogs in moments, and a persistent store is what makes Kafka Streams 4.3 declare a
   * task corrupted when it opens after a crash (no checkpoint under exactly-once). Handling that
   * during a rebalance, it aborts the thread's transaction without first committing, or
   * restarting, the thread's other running tasks, whose writes since their last commit are then
   * lost (see RELIABILITY.md).
   *
   * <p>The aggregator also tells the thread's {@link CommitGate} that a sum waits for a commit (a
   * processor between the repartition and the sum could ask for it directly, but an explicit
   * repartition() with a processor there cost a fifth of the throughput in the benchmark).
   */
  private static void sumShares(
      KStream<String, ForceShare> shares, String level, String store, String topic, TotalsSerdes serdes) {
    shares
        .groupByKey(Grouped.with(level + "-shares", Serdes.String(), StateSerdes.forceShare()))
        .aggregate(
            Shares::empty,
            (key, share, sum) -> {
              CommitGate.sumChanged();
              return sum.with(share);
            },
            Named.as("sum-" + level + "-totals"),
            Materialized.<String, Shares>as(Stores.inMemoryKeyValueStore(store))
                .withKeySerde(Serdes.String())
                .withValueSerde(StateSerdes.shares()))
        .toStream(Named.as(level + "-totals-changes"))
        .mapValues(sum -> sum.sum().toAvro(), Named.as(level + "-totals-to-avro"))
        .to(topic, Produced.with(Serdes.String(), serdes.totals()).withName(level + "-totals-sink"));
  }
}
