package org.countline.bench.flink;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.countline.core.Tally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the benchmark's Flink peer ({@link FlinkTotalsJob}: parallelism 2, exactly-once
 * checkpoints every second, exactly-once Kafka sinks) over what is on {@code
 * countline.field-events}, and measures it by the rule the benchmark applies to Countline: from
 * the job running to the first record of the operation's national totals, read read_committed
 * from {@value FlinkTotalsJob#NATIONAL_TOPIC}, whose figures equal the expected ones.
 *
 * <p>The job runs on a Flink mini cluster in a JVM of its own, started here with this module's
 * runtime classpath (written into the jar at build time), because Flink's Kafka connector needs
 * kafka-clients 4.2.0 while Countline and its embedded broker run 4.3.1. The caller needs only
 * this class and core's {@link Tally}: a module that calls it can depend on
 * countline-bench-flink with every transitive dependency excluded and carry no Flink. It also
 * keeps Flink's memory out of the caller's peak RSS. The child writes its log to {@code
 * flink-peer.log} in the work directory, which is kept when the run fails.
 *
 * <p>Output, for comparing like with like: by default the job writes one force and one national
 * update for every event that moves the totals ({@link Result#outputRecords()} says how many),
 * where Countline emits each changed key once per emit interval and Kafka Streams' record cache
 * also emits far fewer. Two equal-output comparisons: Flink's default against the textbook
 * Kafka Streams topology with {@code statestore.cache.max.bytes=0} (one update per change at
 * both levels there too), and {@link Options#withEmitEvery} set to Countline's emit interval
 * against Countline's default (at most one update per key per interval on both sides).
 */
public final class FlinkPeer {
  private static final Logger log = LoggerFactory.getLogger(FlinkPeer.class);
  static final String CLASSPATH_RESOURCE = "runtime.classpath";
  static final String OWN_LOCATIONS_RESOURCE = "own.locations";
  /** Flink's own launch scripts open these modules to it on Java 17. */
  private static final List<String> JAVA_17_OPENS = List.of(
      "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
      "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.text=ALL-UNNAMED",
      "--add-opens=java.base/java.time=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private FlinkPeer() {}

  /**
   * How to run the peer.
   *
   * @param emitEvery {@link Duration#ZERO} for Flink's usual output, one update per force and one
   *     national update per event that changes the totals; otherwise at most one update per key
   *     per interval, as Kafka Streams' cache and Countline's punctuation do
   * @param maxHeap the child JVM's -Xmx, e.g. "3g": on the heap backend the state holds every
   *     event's latest revision as an object (a few hundred bytes each)
   * @param workDir where checkpoints and the log go; null for a new temporary directory, deleted
   *     after a successful run
   * @param jvmOptions more options for the child JVM (a profiler, say)
   */
  public record Options(Duration emitEvery, String maxHeap, Path workDir, List<String> jvmOptions) {
    public Options {
      jvmOptions = List.copyOf(jvmOptions);
    }

    public static Options defaults() {
      return new Options(Duration.ZERO, "3g", null, List.of());
    }

    public Options withEmitEvery(Duration interval) {
      return new Options(interval, maxHeap, workDir, jvmOptions);
    }

    public Options withMaxHeap(String heap) {
      return new Options(emitEvery, heap, workDir, jvmOptions);
    }

    public Options withWorkDir(Path dir) {
      return new Options(emitEvery, maxHeap, dir, jvmOptions);
    }

    /** Extra options for the child JVM, e.g. to record a JFR profile of the job. */
    public Options withJvmOptions(List<String> options) {
      return new Options(emitEvery, maxHeap, workDir, options);
    }
  }

  /**
   * What one run measured.
   *
   * @param inputRecords records on the events topic when the job started (all of them are read)
   * @param seconds from the job running to the matching national totals
   * @param forceRecords committed records the job wrote to the force totals topic
   * @param nationalRecords committed records the job wrote to the national totals topic
   * @param cpuSeconds CPU time the peer's JVM used over {@code seconds}: above the seconds
   *     themselves when it kept more than one core busy; on 2 cores at most twice them
   */
  public record Result(long inputRecords, double seconds, long forceRecords, long nationalRecords, double cpuSeconds) {
    /** Input records per second. */
    public double eventsPerSecond() {
      return inputRecords / seconds;
    }

    /** Events per second for {@code events} events, for a caller that counts its own input. */
    public double eventsPerSecond(long events) {
      return events / seconds;
    }

    /** Every totals record the job wrote: the figure to set against another peer's output. */
    public long outputRecords() {
      return forceRecords + nationalRecords;
    }
  }

  /**
   * Events per second, with the default options: input records on the events topic over the
   * seconds from the job running to the expected national totals.
   */
  public static double run(String bootstrap, String registryUrl, String operationId, Tally expectedNational,
      Duration timeout) {
    return measure(bootstrap, registryUrl, operationId, expectedNational, timeout, Options.defaults()).eventsPerSecond();
  }

  /**
   * Runs the peer once and reports its time, input and output.
   *
   * @throws IllegalStateException when the job fails, or the national totals do not reach
   *     {@code expectedNational} within {@code timeout}; the message names the log
   */
  public static Result measure(String bootstrap, String registryUrl, String operationId, Tally expectedNational,
      Duration timeout, Options options) {
    Path work;
    boolean temporary = options.workDir() == null;
    try {
      work = temporary ? Files.createTempDirectory("countline-bench-flink-") : Files.createDirectories(options.workDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Flink peer's work directory", e);
    }
    Path logFile = work.resolve("flink-peer.log");
    Path resultFile = work.resolve("result.properties");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + options.maxHeap());
    command.addAll(JAVA_17_OPENS);
    command.addAll(options.jvmOptions());
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-Dorg.slf4j.simpleLogger.log.org.countline=info");
    command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    command.add("-cp");
    command.add(classpath());
    command.add(FlinkPeerMain.class.getName());
    command.add("bootstrap=" + bootstrap);
    command.add("registry=" + registryUrl);
    command.add("operation=" + operationId);
    command.add("expected=" + Arrays.stream(expectedNational.toArray()).mapToObj(Long::toString).collect(Collectors.joining(",")));
    command.add("timeoutMillis=" + timeout.toMillis());
    command.add("emitEveryMillis=" + options.emitEvery().toMillis());
    command.add("workDir=" + work);
    command.add("resultFile=" + resultFile);

    log.info("Starting the Flink peer (log: {})", logFile);
    Process child;
    try {
      child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Flink peer's JVM", e);
    }
    Thread killer = new Thread(child::destroyForcibly, "flink-peer-killer");
    Runtime.getRuntime().addShutdownHook(killer);
    try {
      // The child measures against `timeout` itself; the margin covers its start and its stop.
      if (!child.waitFor(timeout.toSeconds() + 180, TimeUnit.SECONDS)) {
        child.destroy();
        if (!child.waitFor(10, TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
        throw new IllegalStateException("the Flink peer did not finish within " + timeout + " (log: " + logFile + ")");
      }
      if (child.exitValue() != 0) {
        throw new IllegalStateException("the Flink peer failed, exit " + child.exitValue() + ": " + lastError(logFile)
            + " (log: " + logFile + ")");
      }
      Result result = read(resultFile);
      log.info("Flink peer: {} records in {} s ({} s of CPU), {} force and {} national totals records written",
          result.inputRecords(), String.format("%.2f", result.seconds()), String.format("%.1f", result.cpuSeconds()),
          result.forceRecords(), result.nationalRecords());
      if (temporary) {
        deleteRecursively(work);
      }
      return result;
    } catch (InterruptedException e) {
      child.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the Flink peer ran", e);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(killer);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already shutting down, and the hook is running or about to run.
        log.debug("Shutdown already under way: {}", shuttingDown.toString());
      }
    }
  }

  /**
   * This module's runtime classpath, then this module's own classes. Those are where this class
   * was loaded from when that is this module's directory or jar; when it is another jar (a shaded
   * application jar, which holds kafka-clients 4.3.1 too), this module's built or installed jar
   * instead, or, if neither is there, that jar last, after kafka-clients 4.2.0.
   */
  static String classpath() {
    List<String> entries = new ArrayList<>(Arrays.asList(resource(CLASSPATH_RESOURCE).split(File.pathSeparator)));
    for (String entry : entries) {
      if (!Files.exists(Path.of(entry))) {
        throw new IllegalStateException("the Flink peer's classpath names " + entry
            + ", which is not there: rebuild with `mvn install` (the classpath is written at build time)");
      }
    }
    entries.add(ownClasses().toString());
    return String.join(File.pathSeparator, entries);
  }

  private static Path ownClasses() {
    Path loadedFrom;
    try {
      loadedFrom = Path.of(FlinkPeer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the Flink peer's classes", e);
    }
    if (Files.isDirectory(loadedFrom) || loadedFrom.getFileName().toString().startsWith("countline-bench-flink-")) {
      return loadedFrom;
    }
    for (String location : resource(OWN_LOCATIONS_RESOURCE).split("\\R")) {
      if (!location.isBlank() && Files.isRegularFile(Path.of(location.strip()))) {
        return Path.of(location.strip());
      }
    }
    log.warn("Neither a built nor an installed countline-bench-flink jar is there; the Flink peer loads its classes "
        + "from {}, after its own dependencies", loadedFrom);
    return loadedFrom;
  }

  private static String resource(String name) {
    try (InputStream in = FlinkPeer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no " + name + " beside " + FlinkPeer.class.getName()
            + ": build countline-bench-flink with Maven, which writes it");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  private static Result read(Path resultFile) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(resultFile)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("the Flink peer wrote no result", e);
    }
    return new Result(
        Long.parseLong(p.getProperty(FlinkPeerMain.INPUT_RECORDS)),
        Double.parseDouble(p.getProperty(FlinkPeerMain.SECONDS)),
        Long.parseLong(p.getProperty(FlinkPeerMain.FORCE_RECORDS)),
        Long.parseLong(p.getProperty(FlinkPeerMain.NATIONAL_RECORDS)),
        Double.parseDouble(p.getProperty(FlinkPeerMain.CPU_SECONDS)));
  }

  /** The first line of the child's log that reports its failure, for the exception's message. */
  private static String lastError(Path logFile) {
    try (Stream<String> lines = Files.lines(logFile)) {
      return lines.filter(l -> l.contains("The Flink peer failed")).reduce((first, second) -> second)
          .map(String::strip).orElse("see the log");
    } catch (IOException | UncheckedIOException e) {
      return "its log cannot be read: " + e.getMessage();
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      log.warn("Could not delete the Flink peer's work directory {}: {}", dir, e.toString());
    }
  }
}
