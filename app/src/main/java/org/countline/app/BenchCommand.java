package org.countline.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.server.config.ServerLogConfigs;
import org.countline.app.broker.EmbeddedBroker;
import org.countline.bench.BenchResult;
import org.countline.bench.Benchmark;
import org.countline.registry.server.RegistryServer;
import org.countline.registry.server.RegistryServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code countline bench}: the benchmark on a fresh embedded broker, in this process. Prints a
 * table of figures, each against the limit measured in the same run, and writes them as JSON.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures Countline against the limit of this machine, in one run on a fresh embedded broker:",
      "produce rate, read-and-decode limit, the live topology under exactly_once_v2 and at_least_once,",
      "the textbook topology, latency from publish to national total, and peak memory.",
    })
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--events", paramLabel = "N", description = "Events pre-published for the throughput steps. Default: 2,000,000 (20,000 with --quick).")
  Long events;

  @Option(names = "--quick", description = "A small run that checks the harness and that every event is counted; its times mean little.")
  boolean quick;

  @Option(names = "--latency-rate", paramLabel = "R", description = "Events/s of the latency step. Default: 1,000 (200 with --quick).")
  Integer latencyRate;

  @Option(names = "--latency-seconds", paramLabel = "S", description = "Duration of the latency step. Default: 60 (5 with --quick).")
  Integer latencySeconds;

  @Option(names = "--warm-up-seconds", paramLabel = "S",
      description = "Unmeasured work before the first measured step, so that no step is measured while the JIT compiles. Default: "
          + Benchmark.DEFAULT_WARM_UP_SECONDS + " (0 with --quick).")
  Integer warmUpSeconds;

  @Option(names = "--skip", paramLabel = "STEP", split = ",",
      description = "Steps to leave out: ${COMPLETION-CANDIDATES} (comma-separated). The produce and limit steps always run.")
  Set<Benchmark.Step> skip = EnumSet.noneOf(Benchmark.Step.class);

  @Option(names = "--rounds", paramLabel = "N",
      description = "Run the exactly-once and at-least-once steps N times, alternately, and report the medians"
          + " (and the cost of exactly-once from them): on a busy host one run of each says little. Default: "
          + Benchmark.DEFAULT_ROUNDS + " (1 with --quick).")
  Integer rounds;

  @Option(names = "--streams-config", paramLabel = "KEY=VALUE",
      description = "A Kafka Streams setting for the live topology steps, over Countline's own (repeatable), e.g. num.stream.threads=2.")
  Map<String, String> streamsConfig = new LinkedHashMap<>();

  @Option(names = "--broker-config", paramLabel = "KEY=VALUE",
      description = "A setting of the benchmark's embedded broker, over its own (repeatable), e.g. num.io.threads=4.")
  Map<String, String> brokerConfig = new LinkedHashMap<>();

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "bench-results.json", description = "Where the figures go as JSON. Default: ${DEFAULT-VALUE}")
  Path out;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where the run's broker logs and state go, in a new directory (about 1.5 GB for 2,000,000 events)."
          + " Default: the system's temporary directory.")
  Path workParent;

  @Option(names = "--keep-work", description = "Keep the run's directory afterwards (the broker's logs, for a look); by default it is deleted.")
  boolean keepWork;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    Path work = workParent == null
        ? Files.createTempDirectory("countline-bench")
        : Files.createTempDirectory(Files.createDirectories(workParent), "countline-bench");
    // Stopped with Ctrl-C, the run still deletes its directory (the broker may still be writing
    // into it: what cannot be deleted then is reported).
    Thread cleanUp = new Thread(() -> deleteWork(work, spec.commandLine().getErr()), "bench-clean-up");
    if (!keepWork) {
      Runtime.getRuntime().addShutdownHook(cleanUp);
    }
    try {
      return run(console, work);
    } finally {
      if (keepWork) {
        console.printf("Work kept in %s%n", work);
      } else if (removed(cleanUp)) {
        deleteWork(work, spec.commandLine().getErr());
      }
      console.flush();
    }
  }

  /** Whether {@code hook} was taken back; not when the JVM is already stopping (then it runs). */
  private static boolean removed(Thread hook) {
    try {
      return Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException stopping) {
      return false;
    }
  }

  private static void deleteWork(Path work, PrintWriter err) {
    try {
      Utils.delete(work.toFile());
    } catch (IOException e) {
      err.printf("countline bench: could not delete the run's directory %s: %s%n", work, e.getMessage());
      err.flush();
    }
  }

  private int run(PrintWriter console, Path work) throws Exception {
    Benchmark.Options defaults = quick ? Benchmark.Options.quick(work) : Benchmark.Options.full(work);
    Benchmark.Options options = new Benchmark.Options(
        events != null ? events : defaults.events(),
        latencyRate != null ? latencyRate : defaults.latencyRate(),
        latencySeconds != null ? latencySeconds : defaults.latencySeconds(),
        defaults.seed(), work, skip, streamsProperties(),
        warmUpSeconds != null ? warmUpSeconds : defaults.warmUpSeconds(),
        rounds != null ? rounds : defaults.rounds());
    BenchResult result;
    Map<String, String> brokerSettings = brokerSettings();
    EmbeddedBroker unstarted = EmbeddedBroker.onFreePorts(work.resolve("kafka"));
    brokerSettings.forEach(unstarted::withConfig);
    try (EmbeddedBroker broker = unstarted.start();
        RegistryServer registry = new RegistryServer(RegistryServerConfig.builder(broker.bootstrapServers()).port(0).build()).start()) {
      console.printf("Benchmark on a fresh broker at %s (%d events, work in %s)%n", broker.bootstrapServers(), options.events(), work);
      console.printf("Broker settings over the embedded broker's own: %s%n", brokerSettings);
      console.flush();
      result = new Benchmark(broker.bootstrapServers(), registry.url(), options, new ProgressListener(spec.commandLine().getErr())).run();
    }
    print(console, result);
    Files.writeString(out, json(result));
    console.printf("Figures written to %s%n", out.toAbsolutePath());
    return 0;
  }

  /**
   * The benchmark broker's settings over the embedded broker's, then the user's. Index files of
   * 1 MiB rather than Kafka's 10 MiB: they are sparse and written through a memory map, and on
   * this project's machine (Linux 6.18, ext4) the first writes to a new one had the kernel fill
   * large pages with zeros. Every measured step starts a new Kafka Streams application, whose
   * internal topics are new: the broker's request threads spent 2.2-3.3 s of kernel time in each
   * exactly-once step (perf: page faults zeroing index pages, a sixth of all the process's
   * samples), 0.37 s with 1 MiB. A long-running broker pays this once per segment. Not set on the
   * demo's broker: a broker refuses to load a data directory whose active segment already has
   * more index entries than the new size holds (tried).
   */
  private Map<String, String> brokerSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(ServerLogConfigs.LOG_INDEX_SIZE_MAX_BYTES_CONFIG, Integer.toString(1024 * 1024));
    settings.putAll(brokerConfig);
    return settings;
  }

  private Properties streamsProperties() {
    Properties p = new Properties();
    p.putAll(streamsConfig);
    return p;
  }

  static void print(PrintWriter out, BenchResult result) {
    out.println();
    out.printf("%-56s %14s  %-9s %s%n", "FIGURE", "VALUE", "UNIT", "AGAINST");
    result.figures().values().forEach(f ->
        out.printf("%-56s %,14.1f  %-9s %s%n", f.name(), f.value(), f.unit(), f.note()));
    out.flush();
  }

  static String json(BenchResult result) throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.set("facts", mapper.valueToTree(result.facts()));
    ObjectNode figures = root.putObject("figures");
    result.figures().forEach((key, f) -> figures.putObject(key).put("name", f.name()).put("value", f.value()).put("unit", f.unit()).put("note", f.note()));
    return mapper.writeValueAsString(root);
  }

  /** One progress bar per step, on the error stream. */
  private static final class ProgressListener implements Benchmark.Listener {
    private final PrintWriter err;
    private ProgressBar bar;

    ProgressListener(PrintWriter err) {
      this.err = err;
    }

    @Override
    public synchronized void step(String description, long total) {
      if (bar != null) {
        bar.close();
      }
      err.println(description + "...");
      err.flush();
      bar = ProgressBar.start(err, "  ", total, total > 0);
    }

    @Override
    public void progress(long done) {
      ProgressBar current = bar;
      if (current != null) {
        current.step();
      }
    }
  }

}
