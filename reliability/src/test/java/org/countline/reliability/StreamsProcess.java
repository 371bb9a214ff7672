package org.countline.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A totals streams instance running {@link StreamsInstanceMain} in a child JVM (small heap), on a
 * state directory that outlives it: started, killed with {@code SIGKILL} and started again on the
 * same directory. Its output goes to {@code target/reliability-logs/APPLICATION_ID-NAME.log}; the
 * latest streams state it printed is kept.
 */
final class StreamsProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamsProcess.class);

  private final String name;
  private final List<String> command;
  private final Path logFile;
  private Process process;
  private volatile String state = "NOT_STARTED";
  private int starts;

  StreamsProcess(String name, String bootstrap, String registryUrl, Path stateDir, String applicationId, short replication) {
    this.name = name;
    this.logFile = logDir().resolve(applicationId + "-" + name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-Dorg.slf4j.simpleLogger.log.org.countline=info",
        "-Dorg.slf4j.simpleLogger.log.org.countline.streams.FieldEventProcessor=error",
        "-Dorg.slf4j.simpleLogger.showDateTime=true",
        "-cp", classpath(),
        StreamsInstanceMain.class.getName(),
        bootstrap, registryUrl, stateDir.toString(), applicationId, name, String.valueOf(replication)));
  }

  private static String classpath;
  private static Path classesCopy;

  /**
   * The test's classpath, with its directories (the compiled classes) copied once per test JVM to
   * a directory of their own: a build running meanwhile in the same checkout may delete and
   * rewrite {@code target/test-classes}, and an instance started again at that moment would not
   * find its main class.
   */
  static synchronized String classpath() {
    if (classpath == null) {
      // Surefire names the test classpath here; java.class.path is its booter jar.
      String original = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      List<String> entries = new ArrayList<>();
      try {
        Path snapshot = Files.createTempDirectory(Path.of("target"), "reliability-classes-");
        classesCopy = snapshot;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(snapshot), "reliability-classes-cleanup"));
        int i = 0;
        for (String entry : original.split(java.io.File.pathSeparator)) {
          Path source = Path.of(entry);
          if (Files.isDirectory(source)) {
            Path copy = snapshot.resolve(String.valueOf(i++));
            copyTree(source, copy);
            entries.add(copy.toString());
          } else {
            entries.add(entry);
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot copy the test classes for the streams instances", e);
      }
      classpath = String.join(java.io.File.pathSeparator, entries);
    }
    return classpath;
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(source)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** Deletes the copy of the test classes, once no instance is left to start. */
  static synchronized void deleteClasspathCopy() {
    if (classesCopy != null) {
      deleteTree(classesCopy);
      classesCopy = null;
      classpath = null;
    }
  }

  private static void deleteTree(Path root) {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Only a copy of the test classes under target/ is left behind.
    }
  }

  /** How many lines of this instance's output, over all its starts, contain {@code text}. */
  long linesContaining(String text) throws IOException {
    try (java.util.stream.Stream<String> lines = Files.lines(logFile, StandardCharsets.UTF_8)) {
      return lines.filter(l -> l.contains(text)).count();
    }
  }

  /** Where the instances' output is kept after the test: the module's build directory. */
  static Path logDir() {
    Path dir = Path.of("target", "reliability-logs");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return dir;
  }

  String name() {
    return name;
  }

  String state() {
    return state;
  }

  boolean isRunning() {
    return process != null && process.isAlive() && state.equals("RUNNING");
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    starts++;
    state = "STARTING";
    Files.writeString(logFile, "---- start " + starts + " of " + name + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, starts == 1 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Process p = process;
    Thread reader = new Thread(() -> follow(p), "streams-process-" + name + "-" + starts);
    reader.setDaemon(true);
    reader.start();
    log.info("Started streams instance {} (pid {})", name, p.pid());
  }

  private void follow(Process p) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(StreamsInstanceMain.STATE_PREFIX)) {
          if (p == process) {
            state = line.substring(StreamsInstanceMain.STATE_PREFIX.length()).strip();
          }
        }
        Files.writeString(logFile, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      // The process is gone; its output ends here.
    }
  }

  /**
   * Kills the JVM with {@code SIGKILL} ({@link ProcessHandle#destroyForcibly()}): no shutdown hook
   * runs, nothing is committed or closed. ({@link Process#destroy()} would send SIGTERM, and the
   * instance would close cleanly.)
   */
  synchronized void kill() throws InterruptedException {
    ProcessHandle handle = process.toHandle();
    log.info("SIGKILL to streams instance {} (pid {}), state {}", name, handle.pid(), state);
    handle.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " did not die within 30 s of SIGKILL");
    }
    state = "KILLED";
  }

  /** Stops the instance cleanly: closing its standard input makes it close its streams and exit. */
  @Override
  public synchronized void close() throws IOException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.getOutputStream().close();
    try {
      if (!process.waitFor(40, TimeUnit.SECONDS)) {
        log.warn("Streams instance {} did not stop within 40 s; killing it", name);
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.toHandle().destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  Path logFile() {
    return logFile;
  }
}
