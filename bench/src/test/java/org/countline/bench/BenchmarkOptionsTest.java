package org.countline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {
  private static final Path WORK = Path.of("work");

  @Test
  void shouldTakeTheMedianOfThreeRoundsInAFullRun() {
    Benchmark.Options full = Benchmark.Options.full(WORK);

    assertThat(full.rounds()).isEqualTo(Benchmark.DEFAULT_ROUNDS).isEqualTo(3);
    assertThat(full.warmUpSeconds()).isEqualTo(Benchmark.DEFAULT_WARM_UP_SECONDS);
  }

  @Test
  void shouldRunEachStepOnceWithoutWarmUpInAQuickRun() {
    Benchmark.Options quick = Benchmark.Options.quick(WORK);

    assertThat(quick.rounds()).isEqualTo(1);
    assertThat(quick.warmUpSeconds()).isZero();
  }

  @Test
  void shouldRefuseFewerThanOneRoundNamingTheField() {
    assertThatThrownBy(() -> new Benchmark.Options(1_000, 100, 1, 42, WORK, Set.of(), new Properties(), 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rounds: must be 1 or more, was 0");
  }
}
