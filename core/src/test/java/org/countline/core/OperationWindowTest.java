package org.countline.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.countline.avro.OperationStatus;
import org.junit.jupiter.api.Test;

/** A week spanning the October clock change: clocks went back at 02:00 BST on Sunday 30 October 2022. */
class OperationWindowTest {
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final OperationWindow WEEK =
      new OperationWindow(LocalDate.of(2022, 10, 24), LocalDate.of(2022, 10, 30), LONDON);

  @Test
  void shouldStartAtLocalMidnightInSummerTime() {
    assertThat(WEEK.startInstant()).isEqualTo(Instant.parse("2022-10-23T23:00:00Z"));
  }

  @Test
  void shouldEndAtLocalMidnightInWinterTime() {
    assertThat(WEEK.endExclusive()).isEqualTo(Instant.parse("2022-10-31T00:00:00Z"));
  }

  @Test
  void shouldLastSevenDaysAndTheHourTheClocksGaveBack() {
    assertThat(Duration.between(WEEK.startInstant(), WEEK.endExclusive())).isEqualTo(Duration.ofHours(7 * 24 + 1));
  }

  @Test
  void shouldContainItsFirstAndLastInstantsOnly() {
    assertThat(WEEK.contains(Instant.parse("2022-10-23T23:00:00Z"))).isTrue();
    assertThat(WEEK.contains(Instant.parse("2022-10-30T23:59:59.999Z"))).isTrue();

    assertThat(WEEK.contains(Instant.parse("2022-10-23T22:59:59.999Z"))).isFalse();
    assertThat(WEEK.contains(Instant.parse("2022-10-31T00:00:00Z"))).isFalse();
  }

  @Test
  void shouldContainTheRepeatedHourOfTheClockChange() {
    // 01:30 local happens twice on 30 October: 00:30Z (BST) and 01:30Z (GMT).
    assertThat(WEEK.contains(Instant.parse("2022-10-30T00:30:00Z"))).isTrue();
    assertThat(WEEK.contains(Instant.parse("2022-10-30T01:30:00Z"))).isTrue();
  }

  @Test
  void shouldGiveTheLocalDayAroundMidnightInSummerAndWinterTime() {
    // BST: local midnight is 23:00Z the day before.
    assertThat(WEEK.localDay(Instant.parse("2022-10-23T22:59:59.999Z"))).isEqualTo(LocalDate.of(2022, 10, 23));
    assertThat(WEEK.localDay(Instant.parse("2022-10-23T23:00:00Z"))).isEqualTo(LocalDate.of(2022, 10, 24));
    assertThat(WEEK.localDay(Instant.parse("2022-10-29T23:30:00Z"))).isEqualTo(LocalDate.of(2022, 10, 30));
    // GMT from 01:00Z on 30 October: local midnight is 00:00Z.
    assertThat(WEEK.localDay(Instant.parse("2022-10-30T01:30:00Z"))).isEqualTo(LocalDate.of(2022, 10, 30));
    assertThat(WEEK.localDay(Instant.parse("2022-10-30T23:59:59.999Z"))).isEqualTo(LocalDate.of(2022, 10, 30));
    assertThat(WEEK.localDay(Instant.parse("2022-10-31T00:00:00Z"))).isEqualTo(LocalDate.of(2022, 10, 31));
  }

  @Test
  void shouldSpanTheMarchClockChangeToo() {
    // Clocks went forward at 01:00 GMT on Sunday 26 March 2023: that week is an hour short.
    OperationWindow march = new OperationWindow(LocalDate.of(2023, 3, 20), LocalDate.of(2023, 3, 26), LONDON);

    assertThat(march.startInstant()).isEqualTo(Instant.parse("2023-03-20T00:00:00Z"));
    assertThat(march.endExclusive()).isEqualTo(Instant.parse("2023-03-26T23:00:00Z"));
    assertThat(march.contains(Instant.parse("2023-03-26T22:59:59.999Z"))).isTrue();
    assertThat(march.contains(Instant.parse("2023-03-26T23:00:00Z"))).isFalse();
  }

  @Test
  void shouldAgreeWithTheZoneRulesAtEveryMinuteAroundBothClockChanges() {
    OperationWindow march = new OperationWindow(LocalDate.of(2023, 3, 20), LocalDate.of(2023, 3, 26), LONDON);
    for (OperationWindow window : new OperationWindow[] {WEEK, march}) {
      // From a day before the window to a day after it, so both the boundaries and the fall-back
      // outside the window are compared.
      Instant from = window.startInstant().minus(Duration.ofDays(1));
      Instant to = window.endExclusive().plus(Duration.ofDays(1));
      for (Instant at = from; at.isBefore(to); at = at.plus(Duration.ofMinutes(1))) {
        for (Instant near : new Instant[] {at, at.minusNanos(1), at.plusNanos(1)}) {
          long expected = LocalDate.ofInstant(near, LONDON).toEpochDay();
          assertThat(window.localEpochDay(near)).as("%s", near).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void shouldGiveTheLocalDayOfAWindowTooLongToKeepItsBoundaries() {
    OperationWindow twoYears = new OperationWindow(LocalDate.of(2022, 1, 1), LocalDate.of(2023, 12, 31), LONDON);

    assertThat(twoYears.localDay(Instant.parse("2022-10-30T00:30:00Z"))).isEqualTo(LocalDate.of(2022, 10, 30));
    assertThat(twoYears.localDay(Instant.parse("2022-06-30T23:30:00Z"))).isEqualTo(LocalDate.of(2022, 7, 1));
  }

  @Test
  void shouldBeReadFromAnOperation() {
    OperationWindow window = OperationWindow.of(TestEvents.operation(
        "cliw-2022-10b", LocalDate.of(2022, 10, 24), LocalDate.of(2022, 10, 30), OperationStatus.OPEN));

    assertThat(window).isEqualTo(WEEK);
  }
}
