package org.countline.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.countline.avro.FieldEvent;
import org.countline.avro.Source;
import org.countline.core.EventArbitraries;

/** What holds for every event and every input: the format round-trips, and bad input never throws. */
class FieldEventJsonProperties {
  private static final ParseOptions OPTIONS = ParseOptions.of(Source.GATEWAY)
      .withClock(Clock.fixed(Instant.parse("2022-10-04T08:45:00Z"), ZoneOffset.UTC))
      .withIdSupplier(() -> new UUID(0, 1));

  /** Field names the parser knows, so that random trees reach deep into its rules. */
  private static final List<String> NAMES = List.of(
      "eventId", "revision", "operationId", "force", "type", "occurredAt", "reportedAt", "reporter",
      "arrest", "warrant", "vehicle_stop", "seizure", "deal_line_closed", "safeguarding", "engagement", "withdrawal",
      "count", "charged", "remanded", "drugs", "drug", "quantity", "unit", "valueGbp", "cashGbp", "weapons", "phones",
      "adults", "children", "nrmReferrals", "cuckooVisits", "schools", "partners", "reason", "x");

  private static final List<String> TEXTS = List.of(
      "arrest", "seizure", "withdrawal", "vehicle_stop", "cocaine", "cannabis_plants", "g", "kg", "count", "bladed",
      "2022-10-04T09:30:00+01:00", "2022-10-04T09:30:00", "5b0f3c1e-2a6d-4c1e-9d1e-6a1f0c2b7e11", "kent", "r-1", "",
      " ", "a/b", "NaN");

  @Property(tries = 500)
  void writeThenParseGivesTheSameEvent(@ForAll("events") FieldEvent event) {
    String json = FieldEventJson.write(event);

    ParseResult result = FieldEventJson.parse(json, OPTIONS.withSource(event.getSource()));

    assertThat(result.violations()).as(json).isEmpty();
    assertThat(result.event()).isEqualTo(event);
  }

  @Property(tries = 1000)
  void junkTextNeverThrows(@ForAll("junk") String json) {
    ParseResult result = FieldEventJson.parse(json, OPTIONS);

    assertOneOutcome(result);
  }

  @Property(tries = 1000)
  void arbitraryJsonTreesNeverThrow(@ForAll("trees") JsonNode tree) {
    ParseResult result = FieldEventJson.parse(tree, OPTIONS);

    assertOneOutcome(result);
    if (result.isOk()) {
      // Whatever was accepted can be written and read back to the same event.
      assertThat(FieldEventJson.parse(FieldEventJson.write(result.event()), OPTIONS).event()).isEqualTo(result.event());
    }
  }

  @Property(tries = 1000)
  void nearlyValidEventsNeverThrow(@ForAll("nearlyValid") JsonNode tree) {
    ParseResult result = FieldEventJson.parse(tree, OPTIONS);

    assertOneOutcome(result);
    if (result.isOk()) {
      assertThat(FieldEventJson.parse(FieldEventJson.write(result.event()), OPTIONS).event()).isEqualTo(result.event());
    }
  }

  @Property(tries = 1000)
  void arbitraryTreesAsTextNeverThrow(@ForAll("trees") JsonNode tree) {
    assertOneOutcome(FieldEventJson.parse(tree.toString(), OPTIONS));
  }

  private static void assertOneOutcome(ParseResult result) {
    assertThat(result).isNotNull();
    assertThat(result.isOk()).isEqualTo(result.violations().isEmpty());
    assertThat(result.violations()).allSatisfy(v -> {
      assertThat(v.field()).isNotBlank();
      assertThat(v.message()).isNotBlank();
    });
  }

  @Provide
  Arbitrary<FieldEvent> events() {
    return EventArbitraries.events();
  }

  /** Random text, and valid events with one character inserted, deleted or replaced. */
  @Provide
  Arbitrary<String> junk() {
    Arbitrary<String> valid = EventArbitraries.events().map(FieldEventJson::write);
    Arbitrary<String> mutated = Combinators.combine(valid, Arbitraries.integers().between(0, 10_000),
            Arbitraries.of(0, 1, 2), Arbitraries.chars().with("{}[]\":,.-0123456789eE \\nt"))
        .as((s, at, how, c) -> {
          int i = at % (s.length() + 1);
          return switch (how) {
            case 0 -> s.substring(0, i) + c + s.substring(i);
            case 1 -> i < s.length() ? s.substring(0, i) + s.substring(i + 1) : s;
            default -> i < s.length() ? s.substring(0, i) + c + s.substring(i + 1) : s;
          };
        });
    return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(200), mutated, valid);
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    return Arbitraries.recursive(this::leaves, this::containers, 0, 4);
  }

  private Arbitrary<JsonNode> leaves() {
    return Arbitraries.oneOf(
        Arbitraries.of(NullNode.getInstance(), BooleanNode.TRUE, BooleanNode.FALSE),
        Arbitraries.integers().map(IntNode::valueOf),
        Arbitraries.longs().map(LongNode::valueOf),
        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)).map(BigIntegerNode::valueOf),
        Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(Double.POSITIVE_INFINITY)
            .withSpecialValue(Double.NEGATIVE_INFINITY).map(DoubleNode::valueOf),
        Arbitraries.floats().withSpecialValue(Float.NaN).map(FloatNode::valueOf),
        Combinators.combine(Arbitraries.bigIntegers().between(BigInteger.valueOf(-1_000_000), BigInteger.valueOf(1_000_000)),
                Arbitraries.integers().between(-1_000_000_000, 1_000_000_000))
            .as((unscaled, scale) -> (JsonNode) DecimalNode.valueOf(new BigDecimal(unscaled, scale))),
        Arbitraries.of(TEXTS).map(TextNode::valueOf),
        Arbitraries.strings().ofMaxLength(20).map(TextNode::valueOf));
  }

  private Arbitrary<JsonNode> containers(Arbitrary<JsonNode> inner) {
    Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(4).map(items -> {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      items.forEach(a::add);
      return a;
    });
    Arbitrary<JsonNode> objects = Combinators.combine(Arbitraries.of(NAMES), inner).as(List::<Object>of)
        .list().ofMaxSize(8)
        .map(fields -> {
          ObjectNode o = JsonNodeFactory.instance.objectNode();
          fields.forEach(f -> o.set((String) f.get(0), (JsonNode) f.get(1)));
          return o;
        });
    List<Tuple2<Integer, Arbitrary<JsonNode>>> mix = List.of(Tuple.of(1, arrays), Tuple.of(3, objects));
    return Arbitraries.frequencyOf(mix);
  }

  /** Valid events with one field, at the top or in the body, replaced by any tree or removed. */
  @Provide
  Arbitrary<JsonNode> nearlyValid() {
    Arbitrary<JsonNode> replacement = Arbitraries.recursive(this::leaves, this::containers, 0, 2);
    return Combinators.combine(EventArbitraries.events(), Arbitraries.of(NAMES), replacement, Arbitraries.of(true, false))
        .as((event, name, value, inBody) -> {
          ObjectNode tree = FieldEventJson.toJson(event);
          ObjectNode target = inBody ? (ObjectNode) tree.get(tree.get("type").textValue()) : tree;
          if (value.isNull()) {
            target.remove(name);
          } else {
            target.set(name, value);
          }
          return tree;
        });
  }
}
