package org.countline.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.countline.core.Metric;
import org.countline.core.Tally;
import org.junit.jupiter.api.Test;

/**
 * The contract's totals shape. Formatting: counts are integers and money and grams decimals with
 * at least one place, exactly as in the contract's example, so the example round-trips to the
 * same text once whitespace is removed.
 */
class TotalsJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Reads decimals exactly: a double cannot hold every figure beyond 2^53 stored units. */
  private static final ObjectMapper EXACT =
      new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** The contract's example ("Totals, as JSON"), verbatim. */
  private static final String CONTRACT_EXAMPLE = """
      {"events": 412, "arrests": 56, "charged": 30, "remanded": 6, "warrants": 52, "vehicleStops": 51,
       "drugs": {"valueGbp": 250000.0, "cocaine_g": 5000.0, "crack_cocaine_g": 18.0, "heroin_g": 10.5,
                 "cannabis_g": 0.0, "cannabis_plants": 1300, "class_a_wraps": 3586, "other_g": 0.0},
       "cashGbp": 79000.0, "weapons": {"total": 22, "firearm": 0, "bladed": 17, "other": 5}, "phones": 118,
       "dealLinesClosed": 5,
       "safeguarding": {"adults": 10, "children": 12, "nrmReferrals": 3, "cuckooVisits": 4},
       "engagement": {"schools": 24, "children": 950, "adults": 490, "partners": 3},
       "updatedAt": "2022-10-09T22:59:59Z"}
      """;

  @Test
  void shouldRoundTripTheContractExampleToTheSameText() {
    JsonNode example = read(CONTRACT_EXAMPLE);

    String written = TotalsJson.write(TotalsJson.fromJson(example));

    // Jackson writes the example's own doubles as 250000.0, 10.5 ...: the same text as ours.
    assertThat(written).isEqualTo(example.toString());
  }

  @Test
  void shouldReadTheContractExampleInStoredUnits() {
    Tally tally = TotalsJson.fromJson(read(CONTRACT_EXAMPLE));

    assertThat(tally.get(Metric.EVENTS)).isEqualTo(412);
    assertThat(tally.get(Metric.DRUGS_VALUE)).isEqualTo(25_000_000L);
    assertThat(tally.get(Metric.COCAINE)).isEqualTo(5_000_000L);
    assertThat(tally.get(Metric.HEROIN)).isEqualTo(10_500L);
    assertThat(tally.get(Metric.CLASS_A_WRAPS)).isEqualTo(3586);
    assertThat(tally.get(Metric.CASH)).isEqualTo(7_900_000L);
    assertThat(tally.get(Metric.BLADED_WEAPONS)).isEqualTo(17);
    assertThat(tally.get(Metric.CUCKOO_VISITS)).isEqualTo(4);
    assertThat(tally.updatedAtMillis()).isEqualTo(Instant.parse("2022-10-09T22:59:59Z").toEpochMilli());
  }

  @Test
  void shouldGiveExactlyTheContractShape() {
    JsonNode json = TotalsJson.toJson(new Tally());

    assertThat(names(json)).containsExactly("events", "arrests", "charged", "remanded", "warrants", "vehicleStops", "drugs",
        "cashGbp", "weapons", "phones", "dealLinesClosed", "safeguarding", "engagement", "updatedAt");
    assertThat(names(json.get("drugs"))).containsExactly("valueGbp", "cocaine_g", "crack_cocaine_g", "heroin_g",
        "cannabis_g", "cannabis_plants", "class_a_wraps", "other_g");
    assertThat(names(json.get("weapons"))).containsExactly("total", "firearm", "bladed", "other");
    assertThat(names(json.get("safeguarding"))).containsExactly("adults", "children", "nrmReferrals", "cuckooVisits");
    assertThat(names(json.get("engagement"))).containsExactly("schools", "children", "adults", "partners");
    assertThat(json.get("updatedAt").textValue()).isEqualTo("1970-01-01T00:00:00Z");
  }

  @Test
  void shouldSumWeaponsIntoTheirTotal() {
    Tally tally = new Tally().set(Metric.FIREARMS, 1).set(Metric.BLADED_WEAPONS, 17).set(Metric.OTHER_WEAPONS, 5);

    assertThat(TotalsJson.toJson(tally).get("weapons").get("total").longValue()).isEqualTo(23);
  }

  @Test
  void shouldWriteCountsAsIntegersAndMoneyAndGramsAsDecimals() {
    Tally tally = new Tally()
        .set(Metric.ARRESTS, 3)
        .set(Metric.CASH, 1)
        .set(Metric.CANNABIS, 125)
        .set(Metric.DRUGS_VALUE, 123_456_789_012_345_678L)
        .updatedAtMillis(Instant.parse("2022-10-09T22:59:59.120Z").toEpochMilli());

    String json = TotalsJson.write(tally);

    assertThat(json).contains("\"arrests\":3,", "\"cashGbp\":0.01,", "\"cannabis_g\":0.125,",
        "\"valueGbp\":1234567890123456.78,", "\"updatedAt\":\"2022-10-09T22:59:59.120Z\"");
  }

  @Test
  void shouldWriteLargeFiguresWithoutAnExponent() {
    Tally tally = new Tally().set(Metric.CASH, 1_000_000_000L).set(Metric.COCAINE, 20_000_000_000L);

    assertThat(TotalsJson.write(tally)).contains("\"cashGbp\":10000000.0", "\"cocaine_g\":20000000.0");
  }

  @Test
  void shouldReadMissingFiguresAsZeroAndIgnoreUnknownOnes() {
    Tally tally = TotalsJson.fromJson(read("{\"arrests\": 2, \"drugs\": {\"heroin_g\": 1.5}, \"futureMetric\": 9}"));

    assertThat(tally.get(Metric.ARRESTS)).isEqualTo(2);
    assertThat(tally.get(Metric.HEROIN)).isEqualTo(1_500);
    assertThat(tally.get(Metric.EVENTS)).isZero();
    assertThat(tally.updatedAtMillis()).isZero();
  }

  @Test
  void shouldRefuseFiguresThatAreNotExactStoredUnits() {
    assertThatThrownBy(() -> TotalsJson.fromJson(read("{\"cashGbp\": 0.001}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cashGbp");
    assertThatThrownBy(() -> TotalsJson.fromJson(read("{\"arrests\": 1.5}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("arrests");
    assertThatThrownBy(() -> TotalsJson.fromJson(read("{\"drugs\": {\"heroin_g\": \"1\"}}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drugs.heroin_g");
    assertThatThrownBy(() -> TotalsJson.fromJson(read("{\"phones\": 1e999999999}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("phones");
    assertThatThrownBy(() -> TotalsJson.fromJson(read("{\"updatedAt\": \"yesterday\"}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("updatedAt");
    assertThatThrownBy(() -> TotalsJson.fromJson(read("[]"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 300)
  void fromJsonInvertsToJson(@ForAll("tallies") Tally tally) {
    assertThat(TotalsJson.fromJson(readExactly(TotalsJson.write(tally)))).isEqualTo(tally);
    assertThat(TotalsJson.fromJson(TotalsJson.toJson(tally))).isEqualTo(tally);
  }

  @Provide
  Arbitrary<Tally> tallies() {
    int size = Metric.values().length;
    Arbitrary<long[]> values = Arbitraries.longs().array(long[].class).ofSize(size);
    Arbitrary<Long> updatedAt = Arbitraries.longs().between(0, Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli());
    return net.jqwik.api.Combinators.combine(values, updatedAt).as(Tally::of);
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static JsonNode readExactly(String json) {
    try {
      return EXACT.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
