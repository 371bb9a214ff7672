package org.countline.controlroom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.countline.avro.Force;
import org.countline.avro.OperationStatus;
import org.countline.core.Metric;
import org.countline.core.ReferenceData;
import org.countline.core.Tally;
import org.countline.core.json.TotalsJson;
import org.junit.jupiter.api.Test;

class TotalsViewTest {
  private final TotalsView view = new TotalsView(ReferenceData.defaults());

  @Test
  void shouldServeTotalsOfEveryScopeInTheContractShape() {
    view.applyOperation("op-1", Fixtures.operation("op-1"));
    view.applyTotals(Scope.NATIONAL, "op-1", Fixtures.tally(7, 500, 1).toAvro());
    view.applyTotals(Scope.REGION, "op-1/eastern", Fixtures.tally(5, 400, 2).toAvro());
    view.applyTotals(Scope.FORCE, "op-1/kent", Fixtures.tally(5, 400, 3).toAvro());

    JsonNode totals = view.totalsJson("op-1").orElseThrow();

    assertThat(totals.get("operation").get("name").asText()).isEqualTo("County Lines Intensification Week op-1");
    assertThat(totals.get("operation").get("status").asText()).isEqualTo("open");
    assertThat(totals.get("operation").get("start").asText()).isEqualTo("2022-10-03");
    assertThat(ControlRoomJson.write(totals.get("national"))).isEqualTo(TotalsJson.write(Fixtures.tally(7, 500, 1)));
    assertThat(ControlRoomJson.write(totals.get("regions").get("eastern"))).isEqualTo(TotalsJson.write(Fixtures.tally(5, 400, 2)));
    assertThat(ControlRoomJson.write(totals.get("forces").get("kent"))).isEqualTo(TotalsJson.write(Fixtures.tally(5, 400, 3)));
    assertThat(totals.get("forces").has("essex")).isFalse();
  }

  @Test
  void shouldShowZerosWithNoUpdateTimeForAnOperationWithoutTotals() {
    view.applyOperation("op-1", Fixtures.operation("op-1"));

    JsonNode national = view.totalsJson("op-1").orElseThrow().get("national");

    assertThat(national.get("arrests").asLong()).isZero();
    assertThat(national.get("cashGbp").decimalValue()).isZero();
    assertThat(national.get("updatedAt").isNull()).isTrue();
  }

  @Test
  void shouldSumTheForcesOfADayIntoItsNationalFigure() {
    view.applyOperation("op-1", Fixtures.operation("op-1"));
    view.applyTotals(Scope.DAILY, "op-1/kent/2022-10-04", Fixtures.tally(2, 0, 1).toAvro());
    view.applyTotals(Scope.DAILY, "op-1/essex/2022-10-04", Fixtures.tally(3, 0, 2).toAvro());
    view.applyTotals(Scope.DAILY, "op-1/kent/2022-10-05", Fixtures.tally(4, 0, 3).toAvro());

    JsonNode daily = view.dailyJson("op-1").orElseThrow();

    assertThat(daily.get("days")).extracting(JsonNode::asText)
        .containsExactly("2022-10-03", "2022-10-04", "2022-10-05", "2022-10-06", "2022-10-07", "2022-10-08", "2022-10-09");
    assertThat(daily.get("national").get("2022-10-03").get("arrests").asLong()).isZero();
    assertThat(daily.get("national").get("2022-10-04").get("arrests").asLong()).isEqualTo(5);
    assertThat(daily.get("national").get("2022-10-05").get("arrests").asLong()).isEqualTo(4);
    assertThat(daily.get("forces").get("kent").get("2022-10-05").get("arrests").asLong()).isEqualTo(4);
    assertThat(daily.get("forces").get("essex").has("2022-10-05")).isFalse();
  }

  @Test
  void shouldTellSubscribersNothingWhenTheSameTotalsArriveAgain() {
    view.applyOperation("op-1", Fixtures.operation("op-1"));
    List<StreamEvent> told = new ArrayList<>();
    view.subscribe("op-1", told::add);

    for (int i = 0; i < 2; i++) {
      view.applyTotals(Scope.NATIONAL, "op-1", Fixtures.tally(7, 500, 1).toAvro());
      view.applyTotals(Scope.REGION, "op-1/eastern", Fixtures.tally(5, 400, 2).toAvro());
      view.applyTotals(Scope.FORCE, "op-1/kent", Fixtures.tally(5, 400, 3).toAvro());
      view.applyTotals(Scope.DAILY, "op-1/kent/2022-10-04", Fixtures.tally(5, 400, 3).toAvro());
    }
    assertThat(told).extracting(StreamEvent::name).containsExactly("national", "region", "force", "daily");

    view.applyTotals(Scope.FORCE, "op-1/kent", Fixtures.tally(6, 400, 4).toAvro());
    assertThat(told).hasSize(5);
    assertThat(view.totalsJson("op-1").orElseThrow().get("forces").get("kent").get("arrests").asLong()).isEqualTo(6);
  }

  @Test
  void shouldForgetATotalOnItsTombstone() {
    view.applyTotals(Scope.FORCE, "op-1/kent", Fixtures.tally(5, 0, 1).toAvro());
    view.applyTotals(Scope.FORCE, "op-1/essex", Fixtures.tally(1, 0, 1).toAvro());

    view.applyTotals(Scope.FORCE, "op-1/kent", null);

    assertThat(view.totalsJson("op-1").orElseThrow().get("forces").has("kent")).isFalse();
    view.applyTotals(Scope.FORCE, "op-1/essex", null);
    assertThat(view.knows("op-1")).isFalse();
  }

  @Test
  void shouldSkipKeysOfTheWrongShape() {
    assertThat(view.applyTotals(Scope.FORCE, "op-1", Fixtures.tally(1, 0, 1).toAvro())).isFalse();
    assertThat(view.applyTotals(Scope.DAILY, "op-1/kent/monday", Fixtures.tally(1, 0, 1).toAvro())).isFalse();
    assertThat(view.applyTotals(Scope.REGION, "op-1/", Fixtures.tally(1, 0, 1).toAvro())).isFalse();
    assertThat(view.knows("op-1")).isFalse();
  }

  @Test
  void shouldKnowAnOperationFromItsRecordOrFromItsTotals() {
    view.applyOperation("op-1", Fixtures.operation("op-1"));
    view.applyTotals(Scope.NATIONAL, "op-2", Fixtures.tally(1, 0, 1).toAvro());

    assertThat(view.knows("op-1")).isTrue();
    assertThat(view.knows("op-2")).isTrue();
    assertThat(view.knows("op-3")).isFalse();
    assertThat(view.totalsJson("op-3")).isEmpty();
    assertThat(view.totalsJson("op-2").orElseThrow().get("operation").get("name").asText()).isEqualTo("op-2");
  }

  @Test
  void shouldListOperationsLatestStartFirst() {
    view.applyOperation("older", Fixtures.operation("older", LocalDate.of(2022, 5, 16), OperationStatus.CLOSED));
    view.applyOperation("newer", Fixtures.operation("newer", LocalDate.of(2022, 10, 3), OperationStatus.OPEN));

    assertThat(view.operationsJson()).extracting(o -> o.get("id").asText()).containsExactly("newer", "older");
    assertThat(view.operationsJson().get(1).get("status").asText()).isEqualTo("closed");
  }

  @Test
  void shouldAnswerForAForceWithItsNameRegionAndDays() {
    view.applyOperation("op-1", Fixtures.operation("op-1"));
    view.applyTotals(Scope.FORCE, "op-1/kent", Fixtures.tally(5, 0, 1).toAvro());
    view.applyTotals(Scope.DAILY, "op-1/kent/2022-10-04", Fixtures.tally(5, 0, 1).toAvro());

    JsonNode kent = view.forceJson("op-1", "kent").orElseThrow();

    assertThat(kent.get("force").get("name").asText()).isEqualTo("Kent Police");
    assertThat(kent.get("force").get("region").asText()).isEqualTo("eastern");
    assertThat(kent.get("totals").get("arrests").asLong()).isEqualTo(5);
    assertThat(kent.get("daily").get("2022-10-04").get("arrests").asLong()).isEqualTo(5);
    assertThat(view.forceJson("op-1", "atlantis")).isEmpty();
  }

  @Test
  void shouldAnswerForARegionWithItsForcesThatHaveFigures() {
    view.applyOperation("op-1", Fixtures.operation("op-1"));
    view.applyTotals(Scope.REGION, "op-1/eastern", Fixtures.tally(6, 0, 1).toAvro());
    view.applyTotals(Scope.FORCE, "op-1/kent", Fixtures.tally(5, 0, 1).toAvro());
    view.applyTotals(Scope.FORCE, "op-1/essex", Fixtures.tally(1, 0, 1).toAvro());
    view.applyTotals(Scope.FORCE, "op-1/surrey", Fixtures.tally(9, 0, 1).toAvro());

    JsonNode eastern = view.regionJson("op-1", "eastern").orElseThrow();

    assertThat(eastern.get("region").get("name").asText()).contains("Eastern");
    assertThat(eastern.get("totals").get("arrests").asLong()).isEqualTo(6);
    assertThat(eastern.get("forces").fieldNames()).toIterable().containsExactlyInAnyOrder("kent", "essex");
    assertThat(view.regionJson("op-1", "atlantis")).isEmpty();
  }

  @Test
  void shouldFollowTheForcesTopicForNamesAndRegions() {
    view.applyForce("kent", Force.newBuilder().setCode("kent").setName("Kent County Police").setRegion("south-east")
        .setRegionName("South East").build());
    view.applyOperation("op-1", Fixtures.operation("op-1"));

    JsonNode kent = view.forceJson("op-1", "kent").orElseThrow();

    assertThat(kent.get("force").get("name").asText()).isEqualTo("Kent County Police");
    assertThat(kent.get("force").get("region").asText()).isEqualTo("south-east");
  }

  @Test
  void shouldGiveASubscriberItsSnapshotAndThenOnlyLaterChangesOfItsOperation() {
    view.applyOperation("op-1", Fixtures.operation("op-1"));
    view.applyTotals(Scope.NATIONAL, "op-1", Fixtures.tally(1, 0, 1).toAvro());
    List<StreamEvent> received = new ArrayList<>();

    StreamEvent snapshot = view.subscribe("op-1", received::add).orElseThrow();
    view.applyTotals(Scope.NATIONAL, "op-1", Fixtures.tally(2, 0, 2).toAvro());
    view.applyTotals(Scope.NATIONAL, "op-2", Fixtures.tally(9, 0, 2).toAvro());
    view.applyTotals(Scope.DAILY, "op-1/kent/2022-10-04", Fixtures.tally(2, 0, 2).toAvro());

    assertThat(snapshot.name()).isEqualTo("snapshot");
    assertThat(snapshot.data()).contains("\"arrests\":1").contains("\"reference\"").contains("\"daily\"");
    assertThat(received).extracting(StreamEvent::name).containsExactly("national", "daily");
    assertThat(received.get(0).data()).contains("\"arrests\":2");
    assertThat(received.get(1).data()).contains("\"day\":\"2022-10-04\"").contains("\"national\":{");
  }

  @Test
  void shouldStopTellingAListenerThatUnsubscribed() {
    view.applyOperation("op-1", Fixtures.operation("op-1"));
    List<StreamEvent> received = new ArrayList<>();
    TotalsView.Listener listener = received::add;
    view.subscribe("op-1", listener);

    view.unsubscribe("op-1", listener);
    view.applyTotals(Scope.NATIONAL, "op-1", Fixtures.tally(2, 0, 2).toAvro());

    assertThat(received).isEmpty();
    assertThat(view.subscribe("op-9", received::add)).isEmpty();
  }

  @Test
  void shouldCarryMoneyInPoundsAndMassInGrams() {
    view.applyTotals(Scope.NATIONAL, "op-1", Tally.zero().set(Metric.CASH, 1_234_56).set(Metric.COCAINE, 10_500).toAvro());

    JsonNode national = view.totalsJson("op-1").orElseThrow().get("national");

    assertThat(national.get("cashGbp").decimalValue()).isEqualByComparingTo("1234.56");
    assertThat(national.get("drugs").get("cocaine_g").decimalValue()).isEqualByComparingTo("10.5");
  }
}
