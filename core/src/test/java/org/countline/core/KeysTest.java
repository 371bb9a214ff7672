package org.countline.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeysTest {

  @Test
  void shouldJoinThePartsOfAKey() {
    assertThat(Keys.of("cliw-2022-10")).isEqualTo("cliw-2022-10");
    assertThat(Keys.of("cliw-2022-10", "kent")).isEqualTo("cliw-2022-10/kent");
    assertThat(Keys.of("cliw-2022-10", "kent", "2022-10-04")).isEqualTo("cliw-2022-10/kent/2022-10-04");
  }

  @Test
  void shouldSplitAKeyIntoItsParts() {
    String daily = "cliw-2022-10/kent/2022-10-04";

    assertThat(Keys.operation(daily)).isEqualTo("cliw-2022-10");
    assertThat(Keys.operation("cliw-2022-10")).isEqualTo("cliw-2022-10");
    assertThat(Keys.part(daily, 1)).isEqualTo("kent");
    assertThat(Keys.part(daily, 2)).isEqualTo("2022-10-04");
    assertThat(Keys.part("cliw-2022-10/kent", 2)).isNull();
  }

  @Test
  void shouldTellWhetherAKeyIsOfAnOperationAndForce() {
    assertThat(Keys.isOf("cliw-2022-10/kent", "cliw-2022-10", "kent")).isTrue();

    assertThat(Keys.isOf("cliw-2022-10/kent", "cliw-2022-10", "essex")).isFalse();
    // Exactly when Keys.of would build the same string.
    assertThat(Keys.isOf("a/b/c", "a", "b/c")).isEqualTo(Keys.of("a", "b/c").equals("a/b/c")).isTrue();
    assertThat(Keys.isOf("cliw-2022-10/kent", "cliw-2022-1", "0/kent")).isFalse();
    assertThat(Keys.isOf("cliw-2022-10-kent", "cliw-2022-10", "kent")).isFalse();
    assertThat(Keys.isOf("cliw-2022-10/kentish", "cliw-2022-10", "kent")).isFalse();
    assertThat(Keys.isOf("xcliw-2022-10/kent", "cliw-2022-10", "kent")).isFalse();
    assertThat(Keys.isOf("cliw-2022-10/kent/", "cliw-2022-10", "kent")).isFalse();
    assertThat(Keys.isOf(null, "cliw-2022-10", "kent")).isFalse();
  }
}
