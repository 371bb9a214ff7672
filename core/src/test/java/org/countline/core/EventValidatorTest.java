package org.countline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.countline.core.TestEvents.builder;
import static org.countline.core.TestEvents.event;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.countline.avro.Arrest;
import org.countline.avro.DealLineClosed;
import org.countline.avro.Drug;
import org.countline.avro.DrugSeizure;
import org.countline.avro.Engagement;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.avro.Safeguarding;
import org.countline.avro.Seizure;
import org.countline.avro.VehicleStop;
import org.countline.avro.WarrantExecuted;
import org.countline.avro.WeaponSeizure;
import org.countline.avro.WeaponType;
import org.countline.avro.Withdrawal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventValidatorTest {
  private static final EventValidator.Lookup LOOKUP = TestEvents.lookup(List.of(
      TestEvents.october2022(),
      TestEvents.operation("cliw-2022-03", LocalDate.of(2022, 3, 7), LocalDate.of(2022, 3, 13), OperationStatus.CLOSED)));

  private static List<Violation> validate(FieldEvent event) {
    return EventValidator.validate(event, LOOKUP);
  }

  @Test
  void shouldAcceptAValidEvent() {
    assertThat(validate(event(new Arrest(1, 0, 0)))).isEmpty();
  }

  @Test
  void shouldAcceptAnEventReportedBeforeTheOperationClosed() {
    Operation closed = TestEvents.october2022();
    closed.setStatus(OperationStatus.CLOSED);
    closed.setClosedAt(TestEvents.REPORTED_AT.plusSeconds(1));
    EventValidator.Lookup lookup = TestEvents.lookup(List.of(closed));

    assertThat(EventValidator.validate(event(new Arrest(1, 0, 0)), lookup)).isEmpty();
  }

  @Test
  void shouldRefuseAnEventReportedAtTheClosingTime() {
    Operation closed = TestEvents.october2022();
    closed.setStatus(OperationStatus.CLOSED);
    closed.setClosedAt(TestEvents.REPORTED_AT);
    EventValidator.Lookup lookup = TestEvents.lookup(List.of(closed));

    assertThat(EventValidator.validate(event(new Arrest(1, 0, 0)), lookup))
        .containsExactly(new Violation("operationId", "operation '" + closed.getId() + "' is closed"));
  }

  @Test
  void shouldRefuseAnUnknownOperation() {
    assertThat(validate(builder(new Arrest(1, 0, 0)).setOperationId("cliw-1999-01").build()))
        .containsExactly(new Violation("operationId", "unknown operation 'cliw-1999-01'"));
  }

  @Test
  void shouldRefuseAClosedOperation() {
    FieldEvent event = builder(new Arrest(1, 0, 0))
        .setOperationId("cliw-2022-03")
        .setOccurredAt(Instant.parse("2022-03-08T10:00:00Z"))
        .build();

    assertThat(validate(event)).containsExactly(new Violation("operationId", "operation 'cliw-2022-03' is closed"));
  }

  @Test
  void shouldRefuseAnUnknownForce() {
    assertThat(validate(builder(new Arrest(1, 0, 0)).setForce("gotham").build()))
        .containsExactly(new Violation("force", "unknown force 'gotham'"));
  }

  @Test
  void shouldRefuseATimeOutsideTheWindowInLocalTime() {
    // Monday 3 October 00:00 BST is 2 October 23:00Z.
    FieldEvent before = builder(new Arrest(1, 0, 0)).setOccurredAt(Instant.parse("2022-10-02T22:59:59.999Z")).build();
    FieldEvent first = builder(new Arrest(1, 0, 0)).setOccurredAt(Instant.parse("2022-10-02T23:00:00Z")).build();
    FieldEvent last = builder(new Arrest(1, 0, 0)).setOccurredAt(Instant.parse("2022-10-09T22:59:59.999Z")).build();
    FieldEvent after = builder(new Arrest(1, 0, 0)).setOccurredAt(Instant.parse("2022-10-09T23:00:00Z")).build();

    assertThat(validate(before)).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("occurredAt");
      assertThat(v.message()).contains("is outside operation 'cliw-2022-10'");
    });
    assertThat(validate(first)).isEmpty();
    assertThat(validate(last)).isEmpty();
    assertThat(validate(after)).extracting(Violation::field).containsExactly("occurredAt");
  }

  @Test
  void shouldAcceptAWithdrawalAtAnyTime() {
    FieldEvent late = builder(new Withdrawal("duplicate")).setOccurredAt(Instant.parse("2022-11-01T10:00:00Z")).build();

    assertThat(validate(late)).isEmpty();
  }

  static Stream<Arguments> negativeFigures() {
    return Stream.of(
        Arguments.of(new Arrest(-1, 0, 0), "arrest.count"),
        Arguments.of(new Arrest(1, -1, 0), "arrest.charged"),
        Arguments.of(new Arrest(1, 0, -1), "arrest.remanded"),
        Arguments.of(new WarrantExecuted(-1), "warrant.count"),
        Arguments.of(new VehicleStop(-1), "vehicle_stop.count"),
        Arguments.of(new DealLineClosed(-1), "deal_line_closed.count"),
        Arguments.of(new Safeguarding(0, -1, 0, 0), "safeguarding.children"),
        Arguments.of(new Safeguarding(0, 0, 0, -1), "safeguarding.cuckooVisits"),
        Arguments.of(new Engagement(0, 0, -1, 0), "engagement.adults"),
        Arguments.of(new Engagement(0, 0, 0, -1), "engagement.partners"),
        Arguments.of(seizure(new DrugSeizure(Drug.HEROIN, -1L, 0L), 0, 0, 0), "seizure.drugs[1].quantity"),
        Arguments.of(seizure(new DrugSeizure(Drug.HEROIN, 1L, -1L), 0, 0, 0), "seizure.drugs[1].valueGbp"),
        Arguments.of(seizure(new DrugSeizure(Drug.HEROIN, 1L, 0L), -1, 0, 0), "seizure.cashGbp"),
        Arguments.of(seizure(new DrugSeizure(Drug.HEROIN, 1L, 0L), 0, -1, 0), "seizure.weapons[0].count"),
        Arguments.of(seizure(new DrugSeizure(Drug.HEROIN, 1L, 0L), 0, 0, -1), "seizure.phones"));
  }

  private static Seizure seizure(DrugSeizure second, long cash, int weapons, int phones) {
    return new Seizure(List.of(new DrugSeizure(Drug.COCAINE, 1L, 1L), second), cash,
        List.of(new WeaponSeizure(WeaponType.BLADED, weapons)), phones);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("negativeFigures")
  void shouldRefuseNegativeFigures(Object payload, String field) {
    assertThat(validate(event(payload))).containsExactly(new Violation(field, "must be >= 0"));
  }

  @Test
  void shouldRefuseAnEventIdThatIsNotAUuid() {
    assertThat(validate(TestEvents.event("not-a-uuid", 1, new Arrest(1, 0, 0))))
        .containsExactly(new Violation("eventId", "must be a UUID"));
    assertThat(validate(TestEvents.event("5b0f3c1e-2a6d-4c1e-9d1e-6a1f0c2b7e1z", 1, new Arrest(1, 0, 0))))
        .containsExactly(new Violation("eventId", "must be a UUID"));
  }

  @Test
  void shouldRefuseRevisionZero() {
    assertThat(validate(TestEvents.event(TestEvents.EVENT_ID, 0, new Arrest(1, 0, 0))))
        .containsExactly(new Violation("revision", "must be >= 1"));
  }

  @Test
  void shouldRefuseABlankReporterAndABlankWithdrawalReason() {
    assertThat(validate(builder(new Arrest(1, 0, 0)).setReporter(" ").build()))
        .containsExactly(new Violation("reporter", "must not be blank"));
    assertThat(validate(event(new Withdrawal(""))))
        .containsExactly(new Violation("withdrawal.reason", "must not be blank"));
  }

  @Test
  void shouldRefuseAnUnknownPayload() {
    assertThat(validate(event("riot"))).containsExactly(new Violation("type", "unknown event type"));
  }

  @Test
  void shouldListEveryViolationInFieldOrder() {
    FieldEvent event = builder(new Arrest(-1, 0, 0))
        .setEventId("x")
        .setRevision(0)
        .setOperationId("nope")
        .setForce("gotham")
        .build();

    assertThat(validate(event)).extracting(Violation::field)
        .containsExactly("eventId", "revision", "operationId", "force", "arrest.count");
  }
}
