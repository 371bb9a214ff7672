package org.countline.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.countline.avro.Arrest;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.avro.Totals;
import org.countline.bench.flink.FlinkPeer;
import org.countline.replay.Replay;
import org.countline.replay.ReplayProgress;
import org.countline.replay.ReplayResult;
import org.countline.core.ReferenceData;
import org.countline.core.Tally;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.ReferencePublisher;
import org.countline.registry.serde.SpecificAvroDeserializer;
import org.countline.registry.serde.SpecificAvroSerde;
import org.countline.registry.serde.SpecificAvroSerializer;
import org.countline.streams.TopicSetup;
import org.countline.streams.Topics;
import org.countline.streams.TopologyOptions;
import org.countline.streams.TotalsApp;
import org.countline.streams.TotalsSerdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark, every step in one run on one broker, so that each figure can be given as a
 * ratio to the limit measured alongside it: the publisher's produce rate; the read-and-decode
 * limit (a plain consumer deserialising the Avro); the live topology from pre-published events to
 * exact national totals under exactly_once_v2 and at_least_once; the textbook topology for
 * comparison; latency from publish to national total at a steady rate; and peak memory.
 *
 * <p>Writes the field events of two operations: {@code bench-week} (the pre-published events)
 * and {@code bench-latency} (the steady-rate events).
 */
public final class Benchmark {
  private static final Logger log = LoggerFactory.getLogger(Benchmark.class);
  static final String OPERATION = "bench-week";
  static final String LATENCY_OPERATION = "bench-latency";
  /**
   * Seconds of unmeasured work before the first measured step. The JIT compiler of this one
   * process (broker, registry, Kafka Streams) compiles hot paths for minutes: on the 2-core
   * machine, after 40 s of warm-up it still took 60 % of a core through the exactly-once step of
   * 1,000,000 events, after 120 s 13 % (BENCHMARKS.md, "Warm code"). Measured cold, every step
   * pays for it, the first most.
   */
  public static final int DEFAULT_WARM_UP_SECONDS = 120;
  /**
   * Rounds of the exactly-once and at-least-once steps in a full run: on two cores one step's rate
   * moves by a third from run to run, so the figure is the median of three.
   */
  public static final int DEFAULT_ROUNDS = 3;

  /**
   * What to run: events pre-published, the steady rate and duration of the latency step, the
   * warm-up, and how many alternating rounds of the exactly-once and at-least-once steps.
   */
  public record Options(
      long events, int latencyRate, int latencySeconds, long seed, Path workDir, Set<Step> skip, Properties streamsConfig,
      int warmUpSeconds, int rounds) {
    public Options {
      if (warmUpSeconds < 0) {
        throw new IllegalArgumentException("warmUpSeconds: must be 0 or more, was " + warmUpSeconds);
      }
      if (rounds < 1) {
        throw new IllegalArgumentException("rounds: must be 1 or more, was " + rounds);
      }
      skip = Set.copyOf(skip);
      Properties copy = new Properties();
      copy.putAll(streamsConfig);
      streamsConfig = copy;
    }

    public Options(long events, int latencyRate, int latencySeconds, long seed, Path workDir) {
      this(events, latencyRate, latencySeconds, seed, workDir, Set.of(), new Properties(), 0, 1);
    }

    public static Options full(Path workDir) {
      return new Options(2_000_000, 1_000, 60, 42, workDir, Set.of(), new Properties(), DEFAULT_WARM_UP_SECONDS, DEFAULT_ROUNDS);
    }

    public static Options quick(Path workDir) {
      return new Options(20_000, 200, 5, 42, workDir);
    }

    /** The same run with another warm-up. */
    public Options withWarmUpSeconds(int seconds) {
      return new Options(events, latencyRate, latencySeconds, seed, workDir, skip, streamsConfig, seconds, rounds);
    }

    /** The same run with the live topology steps run {@code rounds} times. */
    public Options withRounds(int rounds) {
      return new Options(events, latencyRate, latencySeconds, seed, workDir, skip, streamsConfig, warmUpSeconds, rounds);
    }

    boolean runs(Step step) {
      return !skip.contains(step);
    }
  }

  /** The steps that may be left out of a run (the produce and limit steps always run). */
  public enum Step { REPLAY, EOS, ALOS, LATENCY, TEXTBOOK, FLINK }

  /** Told what the benchmark is doing, for progress bars. */
  public interface Listener {
    void step(String description, long total);

    void progress(long done);

    static Listener silent() {
      return new Listener() {
        @Override
        public void step(String description, long total) {}

        @Override
        public void progress(long done) {}
      };
    }
  }

  private final String bootstrap;
  private final String registryUrl;
  private final Map<String, Object> registry;
  private final Options options;
  private final Listener listener;
  private final BenchResult result = new BenchResult();

  public Benchmark(String bootstrap, String registryUrl, Options options, Listener listener) {
    this.bootstrap = bootstrap;
    this.registryUrl = registryUrl;
    this.registry = Map.of("schema.registry.url", registryUrl);
    this.options = options;
    this.listener = listener;
  }

  public BenchResult run() throws Exception {
    result.fact("date", Instant.now().toString());
    result.fact("events", options.events());
    result.fact("cores", Runtime.getRuntime().availableProcessors());
    result.fact("java", System.getProperty("java.version"));
    Operation week = operation(OPERATION, LocalDate.of(2022, 10, 3), LocalDate.of(2022, 10, 9));
    LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
    Operation latencyWeek = operation(LATENCY_OPERATION, today.minusDays(3), today.plusDays(3));
    prepare(week, latencyWeek);

    Tally expected = publish(week);
    warmUp(expected);
    double limit = readAndDecode(listener);
    result.put("limit", "Read and decode (plain consumer, Avro)", limit, "events/s", "the limit");
    if (options.runs(Step.REPLAY)) {
      replay(expected, limit);
    }

    // Rounds alternate the two guarantees, so that neither is always measured on a warmer JVM or a
    // quieter machine; with more than one, each figure is the median of its rounds.
    List<Double> eosRounds = new ArrayList<>();
    List<Double> alosRounds = new ArrayList<>();
    for (int round = 1; round <= options.rounds(); round++) {
      boolean latency = round == 1 && options.runs(Step.LATENCY);
      if (options.runs(Step.EOS) || latency) {
        eosRounds.add(pipeline(StreamsConfig.EXACTLY_ONCE_V2, expected, limit, latency));
      }
      if (options.runs(Step.ALOS)) {
        alosRounds.add(pipeline(StreamsConfig.AT_LEAST_ONCE, expected, limit, false));
      }
    }
    double eos = medianOfRounds("pipeline.eos", "Live topology, " + StreamsConfig.EXACTLY_ONCE_V2, eosRounds, limit);
    double alos = medianOfRounds("pipeline.alos", "Live topology, " + StreamsConfig.AT_LEAST_ONCE, alosRounds, limit);
    if (!Double.isNaN(eos) && !Double.isNaN(alos)) {
      result.put("eos.cost", "Cost of exactly-once against at_least_once", 100.0 * (1 - eos / alos), "%", "");
    }
    if (options.runs(Step.TEXTBOOK)) {
      double textbook = textbook(expected);
      result.put("textbook.eos", "Textbook topology, exactly_once_v2", textbook, "events/s",
          ratio(textbook, limit) + " of the limit" + versus(eos, textbook));
    }
    if (options.runs(Step.FLINK)) {
      flink(expected, limit, eos);
    }
    long rss = Measure.peakRssBytes();
    result.put("memory.peak", "Peak RSS of this process (broker, registry, streams)", rss / 1048576.0, "MiB", "");
    return result;
  }

  public BenchResult result() {
    return result;
  }

  /**
   * The median of a live topology step's rounds (NaN if it did not run); with more than one
   * round, it replaces the step's figure, its note gives the lowest and highest round against the
   * limit, and the rounds are kept as a fact.
   */
  private double medianOfRounds(String key, String name, List<Double> rounds, double limit) {
    if (rounds.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = rounds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int middle = sorted.length / 2;
    double median = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    if (rounds.size() > 1) {
      result.fact("rounds." + key, List.copyOf(rounds));
      result.put(key, name + ", median of " + rounds.size(), median, "events/s",
          ratio(median, limit) + " of the limit (rounds " + ratio(sorted[0], limit) + "-" + ratio(sorted[sorted.length - 1], limit) + ")");
    }
    return median;
  }

  /**
   * Runs what the measured steps run, unmeasured, for about {@link Options#warmUpSeconds()}: a read
   * of the events and a replay, then the live topology over all the events again and again
   * (exactly-once and at-least-once in turn) for two thirds of the time left, then the textbook
   * topology, if it is to be measured, for the rest, stopped wherever it has got to. Code that
   * the JIT compiler has not compiled yet runs slower, and the compiler takes a core while it
   * works: so the live topology is kept busy rather than left idle once it has counted the
   * events, and its hot paths (and the broker's and the clients' under its load) are compiled
   * before anything is measured. Each measured step reports how long the compiler still worked
   * during it.
   */
  private void warmUp(Tally expected) throws Exception {
    int seconds = options.warmUpSeconds();
    if (seconds == 0) {
      return;
    }
    listener.step("Warming up for " + seconds + " s (not measured)", seconds);
    long start = System.nanoTime();
    readAndDecode(Listener.silent());
    if (options.runs(Step.REPLAY)) {
      new Replay(bootstrap, registry).run(OPERATION, ReplayProgress.NONE);
    }
    // The live topology gets two thirds of the time left, the textbook topology (when it runs) the rest.
    long left = Math.max(0, Duration.ofSeconds(seconds).toNanos() - (System.nanoTime() - start));
    long liveUntil = System.nanoTime() + (options.runs(Step.TEXTBOOK) ? left * 2 / 3 : left);
    // The first pass runs until it has counted every event (within 2 minutes), later ones until
    // the live topology's share of the time is up.
    int passes = 0;
    boolean first = true;
    while (first || System.nanoTime() < liveUntil) {
      String guarantee = passes % 2 == 0 ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE;
      TotalsApp app = totalsApp("bench-warm-up-", guarantee);
      long passStart = System.nanoTime();
      long jitBefore = Measure.jitMillis();
      Duration timeout = first ? Duration.ofMinutes(2) : Duration.ofNanos(Math.max(0, liveUntil - passStart));
      boolean counted;
      try {
        Map<TopicPartition, Long> from = Measure.endOffsets(bootstrap, Topics.TOTALS_NATIONAL);
        app.streams().start();
        counted = exactTotals(Topics.TOTALS_NATIONAL, from, expected, timeout).isPresent();
      } finally {
        app.close(Duration.ofSeconds(30));
      }
      log.info("Warm-up pass of the live topology ({}): {} s, {}, JIT compiler {} ms", guarantee,
          String.format("%.1f", (System.nanoTime() - passStart) / 1e9), counted ? "every event counted" : "stopped before the end",
          Measure.jitMillis() - jitBefore);
      listener.progress((System.nanoTime() - start) / 1_000_000_000L);
      if (counted) {
        passes++;
      } else if (first) {
        log.warn("The first warm-up pass did not count every event within {}: the measured steps may fail too", timeout);
      }
      first = false;
    }
    if (options.runs(Step.TEXTBOOK)) {
      long rest = Math.max(0, Duration.ofSeconds(seconds).toNanos() - (System.nanoTime() - start));
      runFor(textbookStreams(streamsOverrides("bench-warm-up-textbook-")), System.nanoTime() + rest, start);
    }
    double spent = (System.nanoTime() - start) / 1e9;
    result.fact("warmUpSeconds", Math.round(spent * 10) / 10.0);
    result.fact("warmUpLivePasses", passes);
    log.info("Warmed up for {} s ({} whole passes of the live topology over the events)", String.format("%.1f", spent), passes);
  }

  private void runFor(KafkaStreams streams, long untilNanos, long startNanos) throws InterruptedException {
    try {
      streams.start();
      long now;
      while ((now = System.nanoTime()) < untilNanos) {
        Thread.sleep(Math.min(500, Math.max(1, (untilNanos - now) / 1_000_000)));
        listener.progress((now - startNanos) / 1_000_000_000L);
      }
    } finally {
      streams.close(Duration.ofSeconds(30));
    }
  }

  /** Countline's live topology under {@code guarantee}, with a new application id; not started. */
  private TotalsApp totalsApp(String applicationIdPrefix, String guarantee) {
    Properties overrides = streamsOverrides(applicationIdPrefix);
    overrides.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    return totalsApp(overrides);
  }

  /** Countline's live topology with its settings and {@code overrides}, on a state directory of its own; not started. */
  private TotalsApp totalsApp(Properties overrides) {
    Path stateDir = options.workDir().resolve("streams-" + UUID.randomUUID());
    return new TotalsApp(TotalsApp.config(bootstrap, stateDir.toString(), overrides), TotalsSerdes.fromRegistry(registry),
        TopologyOptions.defaults());
  }

  private Properties streamsOverrides(String applicationIdPrefix) {
    Properties overrides = new Properties();
    overrides.putAll(options.streamsConfig());
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationIdPrefix + UUID.randomUUID());
    return overrides;
  }

  /** The post-week replay ({@code countline report}'s engine) over the same events. */
  private void replay(Tally expected, double limit) {
    long records = (Long) result.facts().get("records");
    listener.step("Replay (countline report) of " + records + " events", 0);
    long start = System.nanoTime();
    ReplayResult replayed = new Replay(bootstrap, registry).run(OPERATION, ReplayProgress.NONE);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!replayed.national().sameFigures(expected)) {
      throw new IllegalStateException("the replay's national totals differ from the published events: " + replayed.national());
    }
    double rate = replayed.counts().recordsRead() / seconds;
    result.put("replay", "Replay (countline report), " + replayed.counts().recordsRead() + " records in "
        + String.format("%.2f s", seconds), rate, "events/s", ratio(rate, limit) + " of the limit");
  }

  /**
   * The Apache Flink peer on the same topic, twice: Flink's usual output (one force and one
   * national update per event), and at most one update per key per Countline emit interval, which
   * is what Countline itself writes (like with like).
   */
  private void flink(Tally expected, double limit, double eos) {
    long records = (Long) result.facts().get("records");
    Duration timeout = Duration.ofMinutes(10);
    listener.step("Apache Flink peer, exactly-once, one update per event", 0);
    FlinkPeer.Result perEvent = FlinkPeer.measure(bootstrap, registryUrl, OPERATION, expected, timeout,
        FlinkPeer.Options.defaults().withWorkDir(options.workDir().resolve("flink-per-event")));
    double perEventRate = perEvent.eventsPerSecond(records);
    result.put("flink.per-event", "Flink peer, exactly-once, one update per event", perEventRate, "events/s",
        ratio(perEventRate, limit) + " of the limit" + versus(eos, perEventRate) + " (" + perEvent.outputRecords() + " totals records)");
    Duration interval = TopologyOptions.defaults().emitInterval();
    listener.step("Apache Flink peer, exactly-once, one update per key per " + interval.toMillis() + " ms", 0);
    FlinkPeer.Result equal = FlinkPeer.measure(bootstrap, registryUrl, OPERATION, expected, timeout,
        FlinkPeer.Options.defaults().withEmitEvery(interval).withWorkDir(options.workDir().resolve("flink-equal-output")));
    double equalRate = equal.eventsPerSecond(records);
    result.put("flink.equal-output", "Flink peer, one update per key per " + interval.toMillis() + " ms", equalRate, "events/s",
        ratio(equalRate, limit) + " of the limit" + versus(eos, equalRate) + " (" + equal.outputRecords() + " totals records)");
  }

  /**
   * Ids of the latency events: a name-based UUID, so they can never be the id of an event of the
   * pre-published week (whatever its seed); a reused id would be refused as an event moved to
   * another operation.
   */
  static String latencyEventId(int i) {
    return UUID.nameUUIDFromBytes((LATENCY_OPERATION + "/" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
  }

  /** "; Countline is N.NNx" of a peer's rate, or nothing when the live topology was not measured. */
  private static String versus(double countline, double peer) {
    return Double.isNaN(countline) ? "" : String.format("; Countline is %.2fx", countline / peer);
  }

  private static String ratio(double value, double limit) {
    return String.format("%.2f", value / limit);
  }

  private static Operation operation(String id, LocalDate start, LocalDate end) {
    return Operation.newBuilder().setId(id).setName("Benchmark " + id).setKind("benchmark").setStart(start).setEnd(end)
        .setTimeZone("Europe/London").setStatus(OperationStatus.OPEN).setPreviousOperationId(null).build();
  }

  private void prepare(Operation... operations) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicSetup.ensure(admin, TopicSetup.topics(6, (short) 1, 1));
    }
    SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    values.configure(registry, false);
    try (ReferencePublisher publisher = new ReferencePublisher(new KafkaProducer<>(
        FieldEventPublisher.producerConfig(bootstrap, new Properties()), new StringSerializer(), values))) {
      publisher.publishForces(ReferenceData.defaults());
      for (Operation op : operations) {
        publisher.publishOperation(op);
      }
    }
  }

  private FieldEventPublisher publisher() {
    Properties tuning = new Properties();
    tuning.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    tuning.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    tuning.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L << 20);
    return FieldEventPublisher.create(bootstrap, registry, tuning);
  }

  /** Publishes the week; returns its expected national totals. */
  private Tally publish(Operation week) {
    listener.step("Publishing " + options.events() + " events", options.events());
    AtomicLong acked = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    long[] count = {0};
    Tally expected;
    try (FieldEventPublisher publisher = publisher()) {
      expected = BenchEvents.generate(week, ReferenceData.defaults(), options.events(), options.seed(), event -> {
        count[0]++;
        publisher.publish(event).whenComplete((m, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
          listener.progress(acked.incrementAndGet());
        });
      });
      publisher.flush();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (failure.get() != null) {
      throw new IllegalStateException("publishing failed: " + failure.get().getMessage(), failure.get());
    }
    result.fact("records", count[0]);
    result.put("produce", "Publisher produce rate (idempotent, acks=all)", count[0] / seconds, "events/s", "");
    log.info("Published {} records in {} s", count[0], String.format("%.1f", seconds));
    return expected;
  }

  private double readAndDecode(Listener listener) {
    long records = (Long) result.facts().get("records");
    listener.step("Reading and decoding the events topic", records);
    SpecificAvroDeserializer<FieldEvent> decoder = new SpecificAvroDeserializer<>();
    decoder.configure(registry, false);
    long[] decoded = {0};
    long start = System.nanoTime();
    long read = Measure.readAll(bootstrap, Topics.FIELD_EVENTS, (key, value) -> {
      if (decoder.deserialize(Topics.FIELD_EVENTS, value) != null) {
        decoded[0]++;
      }
      if ((decoded[0] & 0x3FFF) == 0) {
        listener.progress(decoded[0]);
      }
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    return read / seconds;
  }

  /** Runs the live topology over the pre-published events; returns events/s to exact totals. */
  private double pipeline(String guarantee, Tally expected, double limit, boolean measureLatency) throws Exception {
    listener.step("Live topology, " + guarantee, 0);
    TotalsApp app = totalsApp("bench-" + guarantee.replace('_', '-') + "-", guarantee);
    try {
      Map<TopicPartition, Long> from = Measure.endOffsets(bootstrap, Topics.TOTALS_NATIONAL);
      String name = guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2) ? "eos" : "alos";
      double rate = timeToTotals(name, app.streams(), Topics.TOTALS_NATIONAL, from, expected);
      logTimeBreakdown(guarantee, app.streams());
      boolean eos = guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2);
      result.put(eos ? "pipeline.eos" : "pipeline.alos", "Live topology, " + guarantee, rate, "events/s",
          ratio(rate, limit) + " of the limit");
      if (measureLatency) {
        latency();
      }
      return rate;
    } finally {
      app.close(Duration.ofSeconds(30));
    }
  }

  /** Where the stream threads' time went, from Kafka Streams' and the clients' own metrics. */
  private void logTimeBreakdown(String guarantee, KafkaStreams streams) {
    Set<String> wanted = Set.of(
        "process-ratio", "punctuate-ratio", "poll-ratio", "commit-ratio", "blocked-time-ns-total",
        "thread-start-time", "commit-latency-avg", "commit-rate", "poll-records-avg", "process-records-avg",
        "txn-commit-time-ns-total", "flush-time-ns-total", "txn-send-offsets-time-ns-total", "bufferpool-wait-time-ns-total",
        "record-retry-total", "request-latency-avg", "records-per-request-avg", "batch-size-avg", "fetch-latency-avg",
        "poll-idle-ratio-avg");
    StringBuilder line = new StringBuilder();
    streams.metrics().forEach((name, metric) -> {
      if (wanted.contains(name.name()) && (name.group().startsWith("stream-thread") || name.group().endsWith("producer-metrics")
          || name.group().endsWith("consumer-fetch-manager-metrics") || name.group().endsWith("consumer-metrics"))) {
        Object value = metric.metricValue();
        if (value instanceof Double d && !d.isNaN() && d != 0.0) {
          String client = name.tags().getOrDefault("client-id", name.tags().getOrDefault("thread-id", ""));
          String role = client.endsWith("-producer") ? "producer" : client.endsWith("-restore-consumer") ? "restore"
              : client.endsWith("-consumer") ? "consumer" : client.contains("GlobalStreamThread") ? "global" : "thread";
          line.append(String.format("%n  %-8s %-32s %,.3f", role, name.name(), d));
        }
      }
    });
    log.info("Where {}'s time went:{}", guarantee, line);
  }

  private double textbook(Tally expected) throws Exception {
    listener.step("Textbook topology, exactly_once_v2", 0);
    KafkaStreams streams = textbookStreams(streamsOverrides("bench-textbook-"));
    try {
      Map<TopicPartition, Long> from = Measure.endOffsets(bootstrap, TextbookTopology.NATIONAL_TOPIC);
      double rate = timeToTotals("textbook", streams, TextbookTopology.NATIONAL_TOPIC, from, expected);
      logTimeBreakdown("textbook", streams);
      return rate;
    } finally {
      streams.close(Duration.ofSeconds(30));
    }
  }

  /** The textbook topology with Countline's settings and {@code overrides}, not started. */
  private KafkaStreams textbookStreams(Properties overrides) {
    Properties config = TotalsApp.config(bootstrap, options.workDir().resolve("textbook-" + UUID.randomUUID()).toString(), overrides);
    SpecificAvroSerde<FieldEvent> events = new SpecificAvroSerde<>();
    events.configure(registry, false);
    SpecificAvroSerde<Totals> totals = new SpecificAvroSerde<>();
    totals.configure(registry, false);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicSetup.ensure(admin, List.of(
          new org.apache.kafka.clients.admin.NewTopic(TextbookTopology.FORCE_TOPIC, 6, (short) 1),
          new org.apache.kafka.clients.admin.NewTopic(TextbookTopology.NATIONAL_TOPIC, 6, (short) 1)));
    }
    return new KafkaStreams(TextbookTopology.build(events, totals, config), config);
  }

  /**
   * Starts {@code streams} if it is not started and measures from its first processed record to
   * exact national totals. The clock starts at the first record, not when the application reports
   * RUNNING: that state waits for every thread's assignment, and one thread may by then have
   * worked for most of a second (seen in a JFR profile of the step).
   */
  private double timeToTotals(
      String name, KafkaStreams streams, String nationalTopic, Map<TopicPartition, Long> from, Tally expected)
      throws InterruptedException {
    long started = System.nanoTime();
    if (streams.state() == KafkaStreams.State.CREATED) {
      streams.start();
    }
    long deadline = started + Duration.ofMinutes(2).toNanos();
    while (Measure.processedRecords(streams) == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("streams processed no record within 2 minutes: " + streams.state());
      }
      Thread.sleep(1);
    }
    long start = System.nanoTime();
    log.info("{}: first record processed {} s after the start (its clock starts now)", name, String.format("%.1f", (start - started) / 1e9));
    // This application's stream threads only: those of an application closed just before may
    // still be ending, and their CPU time leaves the sum when they do.
    Set<String> threads = streams.metadataForLocalThreads().stream()
        .map(ThreadMetadata::threadName)
        .collect(Collectors.toSet());
    Measure.CpuSnapshot cpuBefore = Measure.cpu(threads);
    long done = exactTotals(nationalTopic, from, expected, Duration.ofMinutes(10)).orElseThrow(() -> new IllegalStateException(
        "no national total of " + OPERATION + " on " + nationalTopic + " reached the expected figures within 10 minutes"));
    Measure.CpuSnapshot cpuAfter = Measure.cpu(threads);
    long records = (Long) result.facts().get("records");
    // CPU time per event does not depend on what else the machine runs, unlike events/s: the
    // figure to compare versions of the topology by on a busy machine.
    result.put("cpu." + name + ".streams", "  CPU per event, Kafka Streams threads (" + name + ")",
        (cpuAfter.threadNanos() - cpuBefore.threadNanos()) / 1e3 / records, "µs", "");
    result.put("cpu." + name + ".process", "  CPU per event, whole process incl. broker (" + name + ")",
        (cpuAfter.processNanos() - cpuBefore.processNanos()) / 1e3 / records, "µs", "");
    // What the JVM itself took during the step: a step measured while the JIT compiler still
    // works is measured on slower code with a core taken away.
    double stepMillis = (done - start) / 1e6;
    if (cpuBefore.jitMillis() >= 0) {
      long jit = cpuAfter.jitMillis() - cpuBefore.jitMillis();
      result.put("jit." + name, "  JIT compiler time during the step (" + name + ")", jit, "ms",
          String.format("%.0f%% of the step", 100 * jit / stepMillis));
    }
    long gc = cpuAfter.gcMillis() - cpuBefore.gcMillis();
    result.put("gc." + name, "  GC time during the step (" + name + ")", gc, "ms", String.format("%.0f%% of the step", 100 * gc / stepMillis));
    return records / ((done - start) / 1e9);
  }

  /**
   * When ({@link System#nanoTime()}) a national total of the benchmark's operation equal to
   * {@code expected} was first read from {@code nationalTopic} after {@code from}; empty if none
   * within {@code timeout}.
   */
  private OptionalLong exactTotals(String nationalTopic, Map<TopicPartition, Long> from, Tally expected, Duration timeout) {
    return Measure.firstValue(bootstrap, nationalTopic, from, OPERATION, totalsDeserializer(),
        totals -> Tally.fromAvro(totals).sameFigures(expected), timeout);
  }

  private SpecificAvroDeserializer<Totals> totalsDeserializer() {
    SpecificAvroDeserializer<Totals> values = new SpecificAvroDeserializer<>();
    values.configure(registry, false);
    return values;
  }

  /**
   * Publishes at a steady rate and measures, for the i-th event acknowledged, the time until a
   * national total counting at least i events of the operation is readable.
   */
  private void latency() throws Exception {
    int total = options.latencyRate() * options.latencySeconds();
    listener.step("Latency at " + options.latencyRate() + " events/s for " + options.latencySeconds() + " s", total);
    long[] sentAt = new long[total];
    List<long[]> seen = new ArrayList<>();
    SpecificAvroDeserializer<Totals> values = totalsDeserializer();
    Map<TopicPartition, Long> from = Measure.endOffsets(bootstrap, Topics.TOTALS_NATIONAL);
    AtomicReference<Exception> followerError = new AtomicReference<>();
    Thread follower = new Thread(() -> {
      try (KafkaConsumer<String, Totals> consumer =
          new KafkaConsumer<>(Measure.followerConfig(bootstrap), new StringDeserializer(), values)) {
        List<TopicPartition> parts = Measure.partitions(consumer, Topics.TOTALS_NATIONAL);
        consumer.assign(parts);
        parts.forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
        long deadline = System.nanoTime() + Duration.ofSeconds(options.latencySeconds() + 180L).toNanos();
        long last = 0;
        while (last < total && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, Totals> r : consumer.poll(Duration.ofMillis(5))) {
            if (LATENCY_OPERATION.equals(r.key())) {
              long now = System.nanoTime();
              last = r.value().getEvents();
              synchronized (seen) {
                seen.add(new long[] {now, last});
              }
            }
          }
        }
      } catch (RuntimeException e) {
        followerError.set(e);
      }
    }, "bench-latency-follower");
    follower.start();
    Instant occurred = Instant.now().minusSeconds(60);
    long intervalNanos = 1_000_000_000L / options.latencyRate();
    try (FieldEventPublisher publisher = FieldEventPublisher.create(bootstrap, registry)) {
      long start = System.nanoTime();
      for (int i = 0; i < total; i++) {
        long due = start + i * intervalNanos;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
        FieldEvent event = BenchEvents.event(LATENCY_OPERATION, latencyEventId(i), 1, "kent", occurred, new Arrest(1, 0, 0));
        sentAt[i] = System.nanoTime();
        publisher.publish(event);
        listener.progress(i + 1);
      }
      publisher.flush();
    }
    follower.join();
    if (followerError.get() != null) {
      throw followerError.get();
    }
    long[] latencies = new long[total];
    int j = 0;
    for (int i = 0; i < total; i++) {
      while (j < seen.size() && seen.get(j)[1] < i + 1) {
        j++;
      }
      if (j == seen.size()) {
        long counted = seen.isEmpty() ? 0 : seen.get(seen.size() - 1)[1];
        throw new IllegalStateException("the national total of " + LATENCY_OPERATION + " reached " + counted + " of "
            + total + " events within " + (options.latencySeconds() + 180) + " s");
      }
      latencies[i] = seen.get(j)[0] - sentAt[i];
    }
    java.util.Arrays.sort(latencies);
    result.put("latency.p50", "Latency publish to national total, p50", Measure.percentile(latencies, 50) / 1e6, "ms", "");
    result.put("latency.p95", "Latency, p95", Measure.percentile(latencies, 95) / 1e6, "ms", "");
    result.put("latency.p99", "Latency, p99", Measure.percentile(latencies, 99) / 1e6, "ms", "limit 250 ms");
    result.put("latency.max", "Latency, max", latencies[latencies.length - 1] / 1e6, "ms", "");
  }
}
