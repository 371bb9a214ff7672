package org.countline.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.countline.core.Metric;
import org.countline.core.Tally;
import org.junit.jupiter.api.Test;

class SharesTest {
  private static Tally arrests(long arrests, long updatedAt) {
    return Tally.zero().set(Metric.EVENTS, 1).set(Metric.ARRESTS, arrests).updatedAtMillis(updatedAt);
  }

  @Test
  void shouldReplaceAForcesShareRatherThanAddToIt() {
    Shares shares = Shares.empty()
        .with(new ForceShare("kent", arrests(2, 10)))
        .with(new ForceShare("essex", arrests(3, 11)))
        .with(new ForceShare("kent", arrests(5, 12)));

    assertThat(shares.sum().get(Metric.ARRESTS)).isEqualTo(8);
    assertThat(shares.sum().get(Metric.EVENTS)).isEqualTo(2);
    assertThat(shares.sum().updatedAtMillis()).isEqualTo(12);
  }

  @Test
  void shouldCountAShareSentTwiceOnce() {
    ForceShare kent = new ForceShare("kent", arrests(4, 10));

    Shares once = Shares.empty().with(kent);
    Shares twice = once.with(kent);

    assertThat(twice.sum()).isEqualTo(once.sum());
    assertThat(twice.sum().get(Metric.ARRESTS)).isEqualTo(4);
  }

  @Test
  void shouldTakeOutAForceThatLeftWithoutMovingTheUpdateTimeBack() {
    Shares shares = Shares.empty()
        .with(new ForceShare("essex", arrests(3, 5)))
        .with(new ForceShare("kent", arrests(2, 10)))
        .with(new ForceShare("kent", Tally.zero().touch(20)));

    assertThat(shares.sum().get(Metric.ARRESTS)).isEqualTo(3);
    assertThat(shares.sum().updatedAtMillis()).isEqualTo(20);
  }

  @Test
  void shouldLeaveTheSharesItWasGivenUnchanged() {
    Shares before = Shares.empty().with(new ForceShare("kent", arrests(2, 10)));

    before.with(new ForceShare("kent", arrests(9, 11)));

    assertThat(before.sum().get(Metric.ARRESTS)).isEqualTo(2);
    assertThat(before.byForce()).containsOnlyKeys("kent");
  }

  @Test
  void shouldReadBackWhatItWrote() {
    Serde<Shares> serde = StateSerdes.shares();
    Shares shares = Shares.empty()
        .with(new ForceShare("kent", arrests(2, 10)))
        .with(new ForceShare("met", arrests(-1, 12)));

    Shares read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", shares));

    assertThat(read).isEqualTo(shares);
    assertThat(read.sum()).isEqualTo(shares.sum());
  }

  @Test
  void shouldRefuseTruncatedSharesNamingTheTopic() {
    Serde<Shares> serde = StateSerdes.shares();
    byte[] bytes = serde.serializer().serialize("t", Shares.empty().with(new ForceShare("kent", arrests(2, 10))));

    assertThatThrownBy(() -> serde.deserializer().deserialize("region-shares-changelog", Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("region-shares-changelog");
  }

  /** Whatever the order, repeats and count of shares, the sum is that of each force's latest. */
  @Property(tries = 200)
  void sumIsTheSumOfEachForcesLatestShare(@ForAll("shareSequences") List<ForceShare> sent) {
    Shares shares = Shares.empty();
    Map<String, Tally> latest = new HashMap<>();
    for (ForceShare share : sent) {
      shares = shares.with(share);
      latest.put(share.force(), share.total());
    }

    Tally expected = Tally.zero();
    latest.values().forEach(expected::add);
    assertThat(shares.sum().sameFigures(expected)).as("sum %s against %s", shares.sum(), expected).isTrue();
    assertThat(shares.byForce()).isEqualTo(latest);
  }

  @Provide
  Arbitrary<List<ForceShare>> shareSequences() {
    Arbitrary<String> forces = Arbitraries.of("kent", "essex", "met", "btp", "surrey");
    Arbitrary<Tally> totals = Combinators.combine(
            Arbitraries.longs().between(-5, 50), Arbitraries.longs().between(0, 50), Arbitraries.longs().between(0, 1_000))
        .as((arrests, events, time) -> Tally.zero().set(Metric.ARRESTS, arrests).set(Metric.EVENTS, events).updatedAtMillis(time));
    return Combinators.combine(forces, totals).as(ForceShare::new).list().ofMaxSize(30);
  }
}
