package org.countline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.countline.registry.server.RegistryServer;
import org.countline.registry.server.RegistryServerConfig;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.registry.testing.EmbeddedKafkaExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness works end to end on a real broker: every step completes, which for the
 * topology steps means the national totals equalled the fold of the published events exactly.
 * Times are not asserted; the benchmark measures them, tests do not.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class BenchmarkIT {
  @TempDir Path work;

  @Test
  void shouldCompleteEveryStepWithEveryEventCounted(EmbeddedKafka kafka) throws Exception {
    try (RegistryServer registry = new RegistryServer(RegistryServerConfig.builder(kafka.bootstrapServers()).port(0).build()).start()) {
      Benchmark.Options options = new Benchmark.Options(3_000, 100, 2, 7, work).withWarmUpSeconds(2).withRounds(2);
      BenchResult result = new Benchmark(kafka.bootstrapServers(), registry.url(), options, Benchmark.Listener.silent()).run();

      assertThat(result.facts().get("records")).isEqualTo(3_000L + extraRecordsOf(result));
      assertThat((Double) result.facts().get("warmUpSeconds")).isGreaterThanOrEqualTo(2.0);
      // The warm-up's first pass of the live topology counts every event before anything is measured.
      assertThat((Integer) result.facts().get("warmUpLivePasses")).isPositive();
      assertThat(result.value("jit.eos")).isNotNegative();
      assertThat(result.value("gc.eos")).isNotNegative();
      assertThat(result.figures()).containsKeys("produce", "limit", "pipeline.eos", "pipeline.alos", "textbook.eos",
          "latency.p50", "latency.p99", "memory.peak",
          "flink.per-event", "flink.equal-output", "replay", "cpu.eos.streams", "cpu.eos.process");
      assertThat(result.value("flink.equal-output")).isPositive();
      assertThat(result.value("cpu.eos.streams")).isPositive();
      assertThat(result.value("pipeline.eos")).isPositive();
      assertThat(result.value("latency.p99")).isGreaterThanOrEqualTo(result.value("latency.p50"));
      // Two rounds of each guarantee, each counting every event; the figure is their median.
      @SuppressWarnings("unchecked")
      List<Double> eos = (List<Double>) result.facts().get("rounds.pipeline.eos");
      assertThat(eos).hasSize(2).allSatisfy(rate -> assertThat(rate).isPositive());
      @SuppressWarnings("unchecked")
      List<Double> alos = (List<Double>) result.facts().get("rounds.pipeline.alos");
      assertThat(alos).hasSize(2);
      assertThat(result.value("pipeline.alos")).isEqualTo((alos.get(0) + alos.get(1)) / 2);
      // The note gives the slowest and the fastest round against the limit.
      double limit = result.value("limit");
      assertThat(result.figures().get("pipeline.eos").note()).isEqualTo(String.format("%.2f of the limit (rounds %.2f-%.2f)",
          result.value("pipeline.eos") / limit, Math.min(eos.get(0), eos.get(1)) / limit, Math.max(eos.get(0), eos.get(1)) / limit));
    }
  }

  /** The generator finishes an event's revisions, so it may emit one record more than asked. */
  private static long extraRecordsOf(BenchResult result) {
    long records = (Long) result.facts().get("records");
    assertThat(records).isBetween(3_000L, 3_001L);
    return records - 3_000L;
  }
}
