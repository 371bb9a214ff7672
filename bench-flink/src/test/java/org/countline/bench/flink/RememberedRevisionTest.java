package org.countline.bench.flink;

import static org.assertj.core.api.Assertions.assertThat;

import org.countline.core.EventState;
import org.countline.core.Metric;
import org.countline.core.Tally;
import org.junit.jupiter.api.Test;

class RememberedRevisionTest {

  @Test
  void shouldKeepEveryMetricOfTheContributionThroughItsVarintEncoding() {
    Tally contribution = new Tally().set(Metric.EVENTS, 1).set(Metric.COCAINE, 5_000_000_000L).set(Metric.CASH, -42)
        .set(Metric.PHONES, Long.MAX_VALUE).set(Metric.ARRESTS, Long.MIN_VALUE);
    EventState state = new EventState(3, "cliw-2022-10", "kent", 0, contribution, false);

    EventState back = RememberedRevision.of(state).toEventState();

    assertThat(back.contribution().sameFigures(contribution)).isTrue();
    assertThat(back).usingRecursiveComparison().ignoringFields("contribution").isEqualTo(state);
  }

  @Test
  void shouldStoreAZeroMetricInOneByte() {
    assertThat(RememberedRevision.encode(Tally.zero().toArray())).hasSize(Metric.values().length);
  }
}
