package org.countline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DailyKeysTest {
  private static int day(String date) {
    return (int) LocalDate.parse(date).toEpochDay();
  }

  @Test
  void shouldGiveTheKeyOfEachDayAndTheSameStringWhenAskedAgain() {
    FieldEventProcessor.DailyKeys keys = new FieldEventProcessor.DailyKeys("cliw-2022-10/kent");

    String first = keys.of(day("2022-10-26"));

    assertThat(first).isEqualTo("cliw-2022-10/kent/2022-10-26");
    assertThat(keys.of(day("2022-10-26"))).isSameAs(first);
  }

  @Test
  void shouldKeepEarlierKeysWhenDaysBeforeAndAfterAreAsked() {
    FieldEventProcessor.DailyKeys keys = new FieldEventProcessor.DailyKeys("op/kent");
    String middle = keys.of(day("2022-10-26"));

    assertThat(keys.of(day("2022-10-24"))).isEqualTo("op/kent/2022-10-24");
    assertThat(keys.of(day("2022-10-30"))).isEqualTo("op/kent/2022-10-30");
    assertThat(keys.of(day("2022-10-26"))).isSameAs(middle);
    assertThat(keys.of(day("2022-10-25"))).isEqualTo("op/kent/2022-10-25");
  }

  @Test
  void shouldBuildTheKeyOfADayTooFarFromTheOthersEachTime() {
    FieldEventProcessor.DailyKeys keys = new FieldEventProcessor.DailyKeys("op/kent");
    String first = keys.of(day("2022-10-26"));
    int farDay = day("2022-10-26") + FieldEventProcessor.DailyKeys.MAX_DAYS;

    String far = keys.of(farDay);

    assertThat(far).isEqualTo("op/kent/" + LocalDate.ofEpochDay(farDay));
    assertThat(keys.of(farDay)).isNotSameAs(far).isEqualTo(far);
    assertThat(keys.of(day("2022-10-26"))).isSameAs(first);
  }
}
