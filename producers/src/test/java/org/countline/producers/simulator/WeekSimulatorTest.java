package org.countline.producers.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.avro.Arrest;
import org.countline.avro.Engagement;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.avro.Safeguarding;
import org.countline.avro.Seizure;
import org.countline.avro.Source;
import org.countline.avro.Withdrawal;
import org.countline.core.EventValidator;
import org.countline.core.ForceInfo;
import org.countline.core.Metric;
import org.countline.core.OperationWindow;
import org.countline.core.ReferenceData;
import org.countline.core.Tally;
import org.countline.producers.FieldEventPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeekSimulatorTest {
  static final ReferenceData REFERENCE = ReferenceData.defaults();
  static final Operation OPERATION = operation("cliw-2022-10", LocalDate.of(2022, 10, 3), LocalDate.of(2022, 10, 9));

  /** The week to 26 March 2023, whose Sunday has only 23 hours in London. */
  static final Operation CLOCK_CHANGE_WEEK = operation("cliw-2023-03", LocalDate.of(2023, 3, 20), LocalDate.of(2023, 3, 26));

  static Operation operation(String id, LocalDate start, LocalDate end) {
    return Operation.newBuilder()
        .setId(id).setName("County Lines Intensification Week").setKind("county-lines-intensification")
        .setStart(start).setEnd(end).setTimeZone("Europe/London").setStatus(OperationStatus.OPEN).build();
  }

  private static WeekSimulator week(long seed) {
    return WeekSimulator.of(OPERATION, REFERENCE).seed(seed);
  }

  @Test
  void shouldGenerateTheSameEventsFromTheSameSeed() {
    assertThat(week(7).generate()).isEqualTo(week(7).generate());
    assertThat(week(7).events(500).generate()).isEqualTo(week(7).events(500).generate());
  }

  @Test
  void shouldGenerateOtherEventsFromAnotherSeed() {
    List<FieldEvent> a = week(7).events(100).generate();
    List<FieldEvent> b = week(8).events(100).generate();
    assertThat(a.get(0).getEventId()).isNotEqualTo(b.get(0).getEventId());
    assertThat(a).doesNotContainAnyElementsOf(b);
  }

  @Test
  void shouldGenerateExactlyTheRequestedNumberOfRecords() {
    assertThat(week(1).events(0).generate()).isEmpty();
    assertThat(week(1).events(1).generate()).hasSize(1);
    assertThat(week(1).events(12_345).events().count()).isEqualTo(12_345);
    assertThat(week(1).generate()).hasSize(WeekSimulator.DEFAULT_EVENTS);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void shouldProduceOnlyEventsTheValidatorAccepts(long seed) {
    EventValidator.Lookup lookup = lookup(OPERATION);
    for (FieldEvent e : week(seed).generate()) {
      assertThat(EventValidator.validate(e, lookup)).as("event %s", e).isEmpty();
      assertThat(e.getSource()).isEqualTo(Source.SIMULATOR);
    }
  }

  @Test
  void shouldStayInsideTheWindowOnAWeekWithAClockChange() {
    EventValidator.Lookup lookup = lookup(CLOCK_CHANGE_WEEK);
    List<FieldEvent> events = WeekSimulator.of(CLOCK_CHANGE_WEEK, REFERENCE).generate();
    assertThat(events).allSatisfy(e -> assertThat(EventValidator.validate(e, lookup)).isEmpty());
    OperationWindow window = OperationWindow.of(CLOCK_CHANGE_WEEK);
    assertThat(events).anySatisfy(e -> assertThat(window.localDay(e.getOccurredAt())).isEqualTo(LocalDate.of(2023, 3, 26)));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 42, 2024})
  void shouldMatchTheScaleOfARealNationalWeek(long seed) {
    Tally t = WeekFold.of(week(seed).generate(), OPERATION).national();
    assertThat(t.get(Metric.ARRESTS)).isBetween(600L, 1_900L);
    assertThat(t.get(Metric.DEAL_LINES_CLOSED)).isBetween(100L, 260L);
    assertThat(t.get(Metric.FIREARMS) + t.get(Metric.BLADED_WEAPONS) + t.get(Metric.OTHER_WEAPONS)).isBetween(50L, 660L);
    assertThat(t.get(Metric.CASH)).isBetween(300_000_00L, 2_000_000_00L);
    assertThat(t.get(Metric.DRUGS_VALUE)).isBetween(1L, 3_000_000_00L);
    // Every kind of work of a week shows up.
    for (Metric m : List.of(Metric.CHARGED, Metric.REMANDED, Metric.WARRANTS, Metric.VEHICLE_STOPS, Metric.COCAINE,
        Metric.CRACK_COCAINE, Metric.HEROIN, Metric.CANNABIS, Metric.CANNABIS_PLANTS, Metric.CLASS_A_WRAPS, Metric.PHONES,
        Metric.SAFEGUARDED_ADULTS, Metric.SAFEGUARDED_CHILDREN, Metric.NRM_REFERRALS, Metric.CUCKOO_VISITS, Metric.SCHOOLS,
        Metric.ENGAGED_CHILDREN, Metric.ENGAGED_ADULTS, Metric.PARTNERS, Metric.FIREARMS)) {
      assertThat(t.get(m)).as(m.label()).isPositive();
    }
  }

  @Test
  void shouldHaveEveryForceReportAndBigForcesReportMore() {
    Map<String, Tally> forces = WeekFold.of(week(3).generate(), OPERATION).forces();
    assertThat(forces.keySet()).containsExactlyInAnyOrderElementsOf(REFERENCE.forces().stream().map(ForceInfo::code).toList());
    long smallest = List.of("city-of-london", "warwickshire", "dyfed-powys", "cumbria").stream()
        .mapToLong(f -> forces.get(f).get(Metric.ARRESTS)).max().orElseThrow();
    for (String big : List.of("metropolitan", "west-midlands-police", "greater-manchester", "west-yorkshire", "merseyside")) {
      assertThat(forces.get(big).get(Metric.ARRESTS)).as(big).isGreaterThan(smallest);
      assertThat(forces.get(big).get(Metric.EVENTS)).as(big).isGreaterThan(forces.get("city-of-london").get(Metric.EVENTS) * 3);
    }
    assertThat(forces.get("metropolitan").get(Metric.EVENTS)).isGreaterThan(forces.get("west-midlands-police").get(Metric.EVENTS));
  }

  @Test
  void shouldIncludeResendsAmendmentsAndWithdrawals() {
    List<FieldEvent> events = week(5).generate();
    Set<String> seen = new HashSet<>();
    Map<String, Integer> latest = new HashMap<>();
    int resends = 0;
    int amendments = 0;
    int withdrawals = 0;
    for (FieldEvent e : events) {
      String key = e.getEventId() + "#" + e.getRevision();
      if (!seen.add(key)) {
        resends++;
        continue;
      }
      Integer before = latest.put(e.getEventId(), e.getRevision());
      if (before != null) {
        assertThat(e.getRevision()).isEqualTo(before + 1);
        if (e.getPayload() instanceof Withdrawal) {
          withdrawals++;
        } else {
          amendments++;
        }
      } else {
        assertThat(e.getRevision()).isEqualTo(1);
      }
    }
    int n = events.size();
    assertThat(resends).isBetween(n / 100, n * 4 / 100);
    assertThat(amendments).isBetween(n * 2 / 100, n * 5 / 100);
    assertThat(withdrawals).isBetween(n / 200, n * 2 / 100);
  }

  @Test
  void shouldReportSeizuresWithSeveralItemsAndSafeguardingAndEngagement() {
    List<FieldEvent> events = week(9).generate();
    long seizures = events.stream().filter(e -> e.getPayload() instanceof Seizure).count();
    long several = events.stream().filter(e -> e.getPayload() instanceof Seizure s && items(s) >= 3).count();
    assertThat(several).isGreaterThan(seizures / 4);
    assertThat(events).filteredOn(e -> e.getPayload() instanceof Seizure s && s.getDrugs().size() >= 2).isNotEmpty();
    assertThat(events).filteredOn(e -> e.getPayload() instanceof Safeguarding).hasSizeGreaterThan(events.size() / 10);
    assertThat(events).filteredOn(e -> e.getPayload() instanceof Engagement).hasSizeGreaterThan(events.size() / 10);
    assertThat(events).filteredOn(e -> e.getPayload() instanceof Arrest a && a.getCount() > 1).isNotEmpty();
  }

  private static int items(Seizure s) {
    return s.getDrugs().size() + s.getWeapons().size() + (s.getCashPence() > 0 ? 1 : 0) + (s.getPhones() > 0 ? 1 : 0);
  }

  @Test
  void shouldSpreadEventsOverEveryLocalDayAndReportThemShortlyAfter() {
    List<FieldEvent> events = week(11).generate();
    OperationWindow window = OperationWindow.of(OPERATION);
    Map<LocalDate, Long> perDay = new HashMap<>();
    events.forEach(e -> perDay.merge(window.localDay(e.getOccurredAt()), 1L, Long::sum));
    assertThat(perDay).hasSize(7);
    assertThat(perDay.values()).allSatisfy(n -> assertThat(n).isGreaterThan(events.size() / 14));
    for (FieldEvent e : events) {
      Duration lag = Duration.between(e.getOccurredAt(), e.getReportedAt());
      assertThat(lag).isPositive();
      if (e.getRevision() == 1) {
        assertThat(lag).isLessThan(Duration.ofHours(5));
      }
    }
    long night = events.stream().filter(e -> e.getOccurredAt().atZone(window.zone()).getHour() < 5).count();
    long morning = events.stream().filter(e -> {
      int h = e.getOccurredAt().atZone(window.zone()).getHour();
      return h >= 6 && h < 11;
    }).count();
    assertThat(morning).isGreaterThan(night * 3);
  }

  @Test
  void shouldNotReportTheFutureOfAWeekStillRunning() {
    Instant wednesdayNoon = Instant.parse("2022-10-05T11:00:00Z");
    List<FieldEvent> events = week(4).until(wednesdayNoon).events(2_000).generate();
    assertThat(events).allSatisfy(e -> {
      assertThat(e.getOccurredAt()).isBefore(wednesdayNoon);
      assertThat(e.getReportedAt()).isBeforeOrEqualTo(wednesdayNoon);
    });
    assertThat(events).anySatisfy(e -> assertThat(e.getOccurredAt()).isAfter(wednesdayNoon.minus(Duration.ofHours(2))));
  }

  @Test
  void shouldKeepTheSameEventIdsAndRevisionsWhateverUntil() {
    // A demo restarted later in the week re-sends the same events, which then count once.
    List<String> tuesday = ids(week(6).until(Instant.parse("2022-10-04T12:00:00Z")).generate());
    List<String> friday = ids(week(6).until(Instant.parse("2022-10-07T12:00:00Z")).generate());
    assertThat(tuesday).isEqualTo(friday).isEqualTo(ids(week(6).generate()));
  }

  private static List<String> ids(List<FieldEvent> events) {
    return events.stream().map(e -> e.getEventId() + "#" + e.getRevision()).toList();
  }

  @Test
  void shouldRefuseAWeekThatHasNotStartedBeforeUntil() {
    assertThatThrownBy(() -> week(1).until(Instant.parse("2022-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no time");
  }

  @Test
  void shouldPublishEveryRecordKeyedByOperationAndForceAndReportProgress() throws Exception {
    MockProducer<String, FieldEvent> producer = new MockProducer<>(true, null, new StringSerializer(), (t, e) -> new byte[0]);
    List<Long> progress = new ArrayList<>();
    WeekSimulator sim = week(2).events(300);
    WeekSimulator.Result result;
    try (FieldEventPublisher publisher = new FieldEventPublisher(producer)) {
      result = sim.publish(publisher, 0, (done, total) -> {
        assertThat(total).isEqualTo(300);
        progress.add(done);
      });
    }
    assertThat(result.published()).isEqualTo(300);
    assertThat(progress).hasSize(300).endsWith(300L);
    List<ProducerRecord<String, FieldEvent>> history = producer.history();
    assertThat(history).extracting(ProducerRecord::value).isEqualTo(sim.generate());
    assertThat(history).allSatisfy(r -> assertThat(r.key()).isEqualTo("cliw-2022-10/" + r.value().getForce()));
    assertThat(history).allSatisfy(r -> assertThat(r.topic()).isEqualTo("countline.field-events"));
  }

  @Test
  void shouldStopAndNameTheRecordWhenKafkaRefusesOne() {
    MockProducer<String, FieldEvent> producer = new MockProducer<>(true, null, new StringSerializer(), (t, e) -> new byte[0]) {
      @Override
      public synchronized Future<RecordMetadata> send(ProducerRecord<String, FieldEvent> record, Callback callback) {
        if (history().size() == 10) {
          callback.onCompletion(null, new TimeoutException("broker away"));
          return java.util.concurrent.CompletableFuture.failedFuture(new TimeoutException("broker away"));
        }
        return super.send(record, callback);
      }
    };
    WeekSimulator sim = week(2).events(200);
    String eleventh = sim.generate().get(10).getEventId();
    try (FieldEventPublisher publisher = new FieldEventPublisher(producer)) {
      assertThatThrownBy(() -> sim.publish(publisher, 0, WeekSimulator.Progress.NONE))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(eleventh)
          .hasMessageContaining("broker away")
          .hasMessageContaining("10 of 200 acknowledged");
    }
    assertThat(producer.history()).hasSize(10);
  }

  @Test
  void shouldHoldTheRequestedRate() throws Exception {
    MockProducer<String, FieldEvent> producer = new MockProducer<>(true, null, new StringSerializer(), (t, e) -> new byte[0]);
    try (FieldEventPublisher publisher = new FieldEventPublisher(producer)) {
      WeekSimulator.Result result = week(2).events(101).publish(publisher, 500, WeekSimulator.Progress.NONE);
      // 101 records at 500/s: the last is due 200 ms after the first.
      assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
      assertThat(result.published()).isEqualTo(101);
    }
  }

  private static EventValidator.Lookup lookup(Operation operation) {
    return new EventValidator.Lookup() {
      @Override
      public Optional<Operation> operation(String id) {
        return id.equals(operation.getId()) ? Optional.of(operation) : Optional.empty();
      }

      @Override
      public Optional<ForceInfo> force(String code) {
        return REFERENCE.force(code);
      }
    };
  }
}
