package org.countline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void shouldGroupThousandsInCounts() {
    assertThat(Numbers.count(1360)).isEqualTo("1,360");
    assertThat(Numbers.count(0)).isEqualTo("0");
    assertThat(Numbers.count(1_000_000)).isEqualTo("1,000,000");
  }

  @Test
  void shouldWriteOneToNineInWordsAndTenUpwardsInFigures() {
    assertThat(Numbers.words(0)).isEqualTo("no");
    assertThat(Numbers.words(1)).isEqualTo("one");
    assertThat(Numbers.words(9)).isEqualTo("nine");
    assertThat(Numbers.words(10)).isEqualTo("10");
    assertThat(Numbers.words(1360)).isEqualTo("1,360");
  }

  @Test
  void shouldUseTheSingularForOneAndThePluralOtherwise() {
    assertThat(Numbers.counted(1, "arrest", "arrests")).isEqualTo("one arrest");
    assertThat(Numbers.counted(2, "arrest", "arrests")).isEqualTo("two arrests");
    assertThat(Numbers.counted(0, "arrest", "arrests")).isEqualTo("no arrests");
    assertThat(Numbers.counted(1360, "arrest", "arrests")).isEqualTo("1,360 arrests");
  }

  @Test
  void shouldWriteMillionsOfPoundsWithOneDecimal() {
    assertThat(Numbers.money(120_000_000L)).isEqualTo("£1.2m");
    assertThat(Numbers.money(200_000_000L)).isEqualTo("£2m");
    assertThat(Numbers.money(1_254_000_00L)).isEqualTo("£1.3m");
    assertThat(Numbers.money(12_500_000_00L)).isEqualTo("£12.5m");
  }

  @Test
  void shouldRoundTensOfThousandsOfPoundsToTheThousand() {
    assertThat(Numbers.money(15_000_000L)).isEqualTo("£150,000");
    assertThat(Numbers.money(81_300_746L)).isEqualTo("£813,000");
    assertThat(Numbers.money(1_049_999L)).isEqualTo("£10,000");
    assertThat(Numbers.money(99_960_000L)).isEqualTo("£1m");
  }

  @Test
  void shouldWriteSmallSumsToThePoundOrThePenny() {
    assertThat(Numbers.money(745_049L)).isEqualTo("£7,450");
    assertThat(Numbers.money(750L)).isEqualTo("£7.50");
    assertThat(Numbers.money(9_900L)).isEqualTo("£99");
    assertThat(Numbers.money(0L)).isEqualTo("£0");
  }

  @Test
  void shouldWritePoundsInTablesToTheNearestPound() {
    assertThat(Numbers.poundsInTable(123_456_789L)).isEqualTo("£1,234,568");
    assertThat(Numbers.poundsInTable(49L)).isEqualTo("£0");
  }

  @Test
  void shouldWriteLargeMassesInKilogramsAndSmallOnesInGrams() {
    assertThat(Numbers.mass(5_200_000L)).isEqualTo("5.2 kg");
    assertThat(Numbers.mass(12_000_000L)).isEqualTo("12 kg");
    assertThat(Numbers.mass(150_400_000L)).isEqualTo("150 kg");
    assertThat(Numbers.mass(1_000_000L)).isEqualTo("1 kg");
    assertThat(Numbers.mass(420_400L)).isEqualTo("420 g");
    assertThat(Numbers.mass(2_500L)).isEqualTo("2.5 g");
    assertThat(Numbers.mass(125L)).isEqualTo("0.13 g");
    assertThat(Numbers.mass(3L)).isEqualTo("less than 0.01 g");
  }

  @Test
  void shouldWriteGramsInTablesExactlyToTheMilligram() {
    assertThat(Numbers.gramsInTable(5_000_000L)).isEqualTo("5,000");
    assertThat(Numbers.gramsInTable(10_500L)).isEqualTo("10.5");
    assertThat(Numbers.gramsInTable(125L)).isEqualTo("0.125");
  }

  @Test
  void shouldRoundPercentagesToTheWholeNumberAndSayWhenTheChangeIsTiny() {
    assertThat(Numbers.percent(172, 104)).isEqualTo("65%");
    assertThat(Numbers.percent(96, 104)).isEqualTo("8%");
    assertThat(Numbers.percent(10_001, 10_000)).isEqualTo("less than 1%");
    assertThat(Numbers.percent(2_300, 100)).isEqualTo("2,200%");
  }
}
