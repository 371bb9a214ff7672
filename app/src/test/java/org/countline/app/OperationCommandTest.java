package org.countline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.junit.jupiter.api.Test;

/** The checks {@code countline operation create} makes before it writes anything. */
class OperationCommandTest {
  @Test
  void shouldBuildAnOpenOperationFromValidOptions() {
    Operation op = OperationCommand.build("cliw-2022-10", "County Lines Intensification Week", "2022-10-03", "2022-10-09",
        "cliw-2022-05", "county-lines-intensification", "Europe/London");

    assertThat(op.getStatus()).isEqualTo(OperationStatus.OPEN);
    assertThat(op.getStart()).isEqualTo(LocalDate.of(2022, 10, 3));
    assertThat(op.getEnd()).isEqualTo(LocalDate.of(2022, 10, 9));
    assertThat(op.getPreviousOperationId()).isEqualTo("cliw-2022-05");
    assertThat(op.getClosedAt()).isNull();
  }

  @Test
  void shouldRefuseAnEndBeforeTheStart() {
    assertThatThrownBy(() -> OperationCommand.build("w", "W", "2022-10-09", "2022-10-03", null, "k", "Europe/London"))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("--end: 2022-10-03 is before --start 2022-10-09");
  }

  @Test
  void shouldRefuseABadDateNamingTheOption() {
    assertThatThrownBy(() -> OperationCommand.build("w", "W", "3 Oct 2022", "2022-10-09", null, "k", "Europe/London"))
        .hasMessageContaining("--start: '3 Oct 2022' is not a date YYYY-MM-DD");
  }

  @Test
  void shouldRefuseAnIdThatCannotBeAKey() {
    assertThatThrownBy(() -> OperationCommand.build("Week/1", "W", "2022-10-03", "2022-10-09", null, "k", "Europe/London"))
        .hasMessageContaining("--id: 'Week/1' must be lower-case");
  }

  @Test
  void shouldRefuseAnUnknownTimeZone() {
    assertThatThrownBy(() -> OperationCommand.build("w", "W", "2022-10-03", "2022-10-09", null, "k", "Mars/Olympus"))
        .hasMessageContaining("--time-zone: unknown time zone 'Mars/Olympus'");
  }
}
