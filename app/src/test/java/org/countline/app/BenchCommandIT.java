package org.countline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code countline bench} as a user runs it, on the smallest run (the publish and limit steps
 * only, on a real embedded broker): the figures reach the JSON file and the run's directory,
 * the broker's log included, is deleted afterwards unless asked to keep it; the broker runs with
 * the benchmark's settings and the user's, and one Kafka refuses stops the run with its name.
 */
class BenchCommandIT {
  private static final String SMALLEST = "replay,eos,alos,latency,textbook,flink";

  private final CommandRun cli = new CommandRun();

  private int run(String... args) {
    return cli.execute(args);
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void shouldDeleteTheRunsDirectoryAfterwards(@TempDir Path dir) throws IOException {
    Path work = dir.resolve("work");
    Path json = dir.resolve("figures.json");

    int exit = run("bench", "--quick", "--events", "2000", "--skip", SMALLEST, "--work-dir", work.toString(), "--out", json.toString(),
        "--broker-config", "num.io.threads=2");

    assertThat(exit).isZero();
    assertThat(cli.out()).contains("Read and decode", "work in " + work,
        "Broker settings over the embedded broker's own: {log.index.size.max.bytes=1048576, num.io.threads=2}");
    assertThat(Files.readString(json)).contains("\"limit\"", "\"events\" : 2000");
    assertThat(names(work)).isEmpty();
  }

  @Test
  void shouldKeepTheRunsDirectoryWhenAsked(@TempDir Path dir) throws IOException {
    Path work = dir.resolve("work");

    int exit = run("bench", "--quick", "--events", "2000", "--skip", SMALLEST, "--work-dir", work.toString(),
        "--out", dir.resolve("figures.json").toString(), "--keep-work");

    assertThat(exit).isZero();
    List<String> runs = names(work);
    assertThat(runs).hasSize(1).allMatch(name -> name.startsWith("countline-bench"));
    assertThat(names(work.resolve(runs.get(0)))).contains("kafka");
    assertThat(cli.out()).contains("Work kept in " + work.resolve(runs.get(0)));
  }

  @Test
  void shouldStopOnABrokerSettingKafkaRefusesAndNameIt(@TempDir Path dir) throws IOException {
    Path work = dir.resolve("work");

    int exit = run("bench", "--quick", "--events", "2000", "--skip", SMALLEST, "--work-dir", work.toString(),
        "--out", dir.resolve("figures.json").toString(), "--broker-config", "num.io.threads=none");

    assertThat(exit).isNotZero();
    assertThat(cli.err()).contains("countline bench:", "num.io.threads", "none");
    assertThat(names(work)).isEmpty();
  }
}
