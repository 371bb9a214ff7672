package org.countline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.countline.avro.Totals;
import org.junit.jupiter.api.Test;

class TallyTest {

  @Test
  void shouldOrderMetricsAsTheAvroTotalsFields() {
    List<Schema.Field> fields = Totals.getClassSchema().getFields();

    // One more field than metrics: updatedAt, last.
    assertThat(fields).hasSize(Metric.values().length + 1);
    for (int i = 0; i < Metric.values().length; i++) {
      assertThat(fields.get(i).name()).as("field %d", i).isEqualTo(Metric.values()[i].avroField());
    }
    assertThat(fields.get(Metric.values().length).name()).isEqualTo("updatedAt");
  }

  @Test
  void shouldGiveEveryMetricADistinctJsonPath() {
    assertThat(Arrays.stream(Metric.values()).map(Metric::jsonPath)).doesNotHaveDuplicates();
  }

  @Test
  void shouldShowPenceAsPoundsAndMilligramsAsGrams() {
    assertThat(Metric.CASH.display(1_050)).isEqualTo(10.5);
    assertThat(Metric.COCAINE.display(10_500)).isEqualTo(10.5);
    assertThat(Metric.ARRESTS.display(7)).isEqualTo(7.0);
  }

  @Test
  void shouldAddAndSubtractEveryMetric() {
    Tally a = new Tally().set(Metric.ARRESTS, 3).set(Metric.CASH, 100).updatedAtMillis(10);
    Tally b = new Tally().set(Metric.ARRESTS, 2).set(Metric.PARTNERS, 1).updatedAtMillis(20);

    Tally sum = a.copy().add(b);
    assertThat(sum.get(Metric.ARRESTS)).isEqualTo(5);
    assertThat(sum.get(Metric.CASH)).isEqualTo(100);
    assertThat(sum.get(Metric.PARTNERS)).isEqualTo(1);
    assertThat(sum.updatedAtMillis()).isEqualTo(20);

    assertThat(sum.subtract(b).sameFigures(a)).isTrue();
    assertThat(a.copy().subtract(a).isZero()).isTrue();
  }

  @Test
  void shouldNeverMoveTheUpdateTimeBackwards() {
    Tally tally = new Tally().updatedAtMillis(20);

    tally.add(new Tally().updatedAtMillis(10)).touch(5);

    assertThat(tally.updatedAtMillis()).isEqualTo(20);
    assertThat(tally.touch(30).updatedAtMillis()).isEqualTo(30);
  }

  @Test
  void shouldLeaveTheUpdateTimeOnSubtract() {
    Tally tally = new Tally().set(Metric.EVENTS, 2).updatedAtMillis(20);

    tally.subtract(new Tally().set(Metric.EVENTS, 1).updatedAtMillis(99));

    assertThat(tally.updatedAtMillis()).isEqualTo(20);
    assertThat(tally.get(Metric.EVENTS)).isEqualTo(1);
  }

  @Test
  void shouldCopyIndependently() {
    Tally original = new Tally().set(Metric.PHONES, 1);
    Tally copy = original.copy();

    copy.plus(Metric.PHONES, 1);

    assertThat(original.get(Metric.PHONES)).isEqualTo(1);
    assertThat(copy.get(Metric.PHONES)).isEqualTo(2);
  }

  @Test
  void shouldRoundTripThroughRawValues() {
    Tally tally = new Tally().set(Metric.OTHER_DRUGS, 9).updatedAtMillis(7);
    long[] raw = tally.toArray();

    raw[Metric.OTHER_DRUGS.ordinal()] = 0; // a copy: the tally is unchanged
    assertThat(tally.get(Metric.OTHER_DRUGS)).isEqualTo(9);
    assertThat(Tally.of(tally.toArray(), 7)).isEqualTo(tally);
    assertThatThrownBy(() -> Tally.of(new long[3], 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRoundTripThroughAvroTotals() {
    Tally tally = new Tally();
    for (Metric m : Metric.values()) {
      tally.set(m, 1000L * (m.ordinal() + 1) - 7);
    }
    tally.updatedAtMillis(Instant.parse("2022-10-09T22:59:59.123Z").toEpochMilli());

    Totals totals = tally.toAvro();

    assertThat(totals.getCashPence()).isEqualTo(tally.get(Metric.CASH));
    assertThat(totals.getPartners()).isEqualTo(tally.get(Metric.PARTNERS));
    assertThat(totals.getUpdatedAt()).isEqualTo(Instant.parse("2022-10-09T22:59:59.123Z"));
    assertThat(Tally.fromAvro(totals)).isEqualTo(tally);
  }

  @Test
  void shouldCompareFiguresWithoutTheUpdateTime() {
    Tally a = new Tally().set(Metric.EVENTS, 1).updatedAtMillis(1);
    Tally b = new Tally().set(Metric.EVENTS, 1).updatedAtMillis(2);

    assertThat(a.sameFigures(b)).isTrue();
    assertThat(a).isNotEqualTo(b);
    assertThat(a).isEqualTo(b.copy().updatedAtMillis(1)).hasSameHashCodeAs(b.copy().updatedAtMillis(1));
  }
}
