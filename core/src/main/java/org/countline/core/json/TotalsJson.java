package org.countline.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.countline.core.Metric;
import org.countline.core.Tally;

/**
 * A {@link Tally} in the contract's totals shape ("Totals, as JSON"), used by every JSON output
 * of totals: {@code totals --format json}, the control room's API and its Server-Sent Events.
 *
 * <p>The shape comes from {@link Metric} alone: each metric sits at its {@link
 * Metric#jsonPath()}, in {@link Metric} order, and is shown in the unit {@link Metric#display}
 * gives it. The one figure that is not a metric, {@code weapons.total}, is the sum of the
 * {@code weapons.*} metrics and comes first in its group, as in the contract.
 *
 * <p>Number formatting: counts are JSON integers ({@code 56}); money and grams are exact decimals
 * with at least one decimal place ({@code 250000.0}, {@code 10.5}, {@code 0.125}) and never an
 * exponent, so the contract's example is reproduced character for character. They are written as
 * {@link DecimalNode}s, so an {@link ObjectNode} from {@link #toJson} is {@code equals} to the
 * same text read back with {@code USE_BIG_DECIMAL_FOR_FLOATS}, not to one holding doubles:
 * compare text, or numbers by value.
 */
public final class TotalsJson {

  /** The group that also shows the sum of its members, and the name of that sum. */
  private static final String WEAPONS = "weapons";

  private static final String TOTAL = "total";

  private static final String UPDATED_AT = "updatedAt";

  private static final Metric[] METRICS = Metric.values();

  private static final BigDecimal TWO_TO_THE_63 = BigDecimal.valueOf(Long.MAX_VALUE).add(BigDecimal.ONE);

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  private TotalsJson() {}

  /** The tally in the contract's totals shape, {@code updatedAt} as an ISO-8601 UTC instant. */
  public static ObjectNode toJson(Tally tally) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    long weapons = 0;
    for (Metric m : METRICS) {
      String path = m.jsonPath();
      int dot = path.indexOf('.');
      ObjectNode parent = root;
      if (dot >= 0) {
        String group = path.substring(0, dot);
        JsonNode existing = root.get(group);
        if (existing == null) {
          parent = root.putObject(group);
          if (group.equals(WEAPONS)) {
            parent.put(TOTAL, 0L); // placeholder, so that the sum comes first as in the contract
          }
        } else {
          parent = (ObjectNode) existing;
        }
        if (group.equals(WEAPONS)) {
          weapons += tally.get(m);
        }
      }
      parent.set(path.substring(dot + 1), value(m, tally.get(m)));
    }
    if (root.get(WEAPONS) instanceof ObjectNode group) {
      group.put(TOTAL, weapons);
    }
    root.put(UPDATED_AT, Instant.ofEpochMilli(tally.updatedAtMillis()).toString());
    return root;
  }

  /** {@link #toJson} as one line of JSON text. */
  public static String write(Tally tally) {
    try {
      return MAPPER.writeValueAsString(toJson(tally));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write a JSON tree", e);
    }
  }

  /**
   * The inverse of {@link #toJson}, for tests and tools that read totals back. A tolerant reader:
   * a missing figure is 0 and unknown fields (a newer metric) are ignored, as is the derived
   * {@code weapons.total}; a figure that is not an exact number of its stored unit is refused.
   *
   * @throws IllegalArgumentException naming the field that cannot be read
   */
  public static Tally fromJson(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("totals must be a JSON object");
    }
    Tally tally = new Tally();
    for (Metric m : METRICS) {
      JsonNode v = json.at("/" + m.jsonPath().replace('.', '/'));
      if (!v.isMissingNode() && !v.isNull()) {
        tally.set(m, stored(m, v));
      }
    }
    JsonNode updatedAt = json.get(UPDATED_AT);
    if (updatedAt != null && !updatedAt.isNull()) {
      if (!updatedAt.isTextual()) {
        throw new IllegalArgumentException(UPDATED_AT + ": must be an ISO-8601 instant");
      }
      try {
        tally.updatedAtMillis(
            OffsetDateTime.parse(updatedAt.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli());
      } catch (DateTimeParseException | ArithmeticException e) {
        throw new IllegalArgumentException(UPDATED_AT + ": must be an ISO-8601 instant", e);
      }
    }
    return tally;
  }

  /** The value as shown: an integer for counts, an exact decimal in pounds or grams otherwise. */
  private static ValueNode value(Metric m, long stored) {
    if (m.unit() == Metric.Unit.COUNT) {
      return LongNode.valueOf(stored);
    }
    // display(1) is the size of one stored unit in displayed units (0.01 pound, 0.001 gram);
    // multiplying by it as a decimal keeps Metric's scale and stays exact for every long.
    BigDecimal shown = BigDecimal.valueOf(stored).multiply(unitSize(m)).stripTrailingZeros();
    return DecimalNode.valueOf(shown.scale() < 1 ? shown.setScale(1) : shown);
  }

  private static long stored(Metric m, JsonNode v) {
    String field = m.jsonPath();
    if (!v.isNumber() || ((v.isDouble() || v.isFloat()) && !Double.isFinite(v.doubleValue()))) {
      throw new IllegalArgumentException(field + ": must be a number");
    }
    BigDecimal shown = v.decimalValue();
    // Bound before dividing, so that 1e999999999 is refused cheaply (a stored unit is never
    // larger than a shown one, so this bound is loose; longValueExact makes it exact).
    if (shown.abs().compareTo(TWO_TO_THE_63) > 0) {
      throw new IllegalArgumentException(field + ": is too large");
    }
    BigDecimal raw = shown.divide(unitSize(m));
    if (!isWhole(raw)) {
      throw new IllegalArgumentException(field + ": must be a whole number of " + unitName(m));
    }
    try {
      return raw.longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(field + ": is too large", e);
    }
  }

  private static boolean isWhole(BigDecimal d) {
    return d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
  }

  private static BigDecimal unitSize(Metric m) {
    return BigDecimal.valueOf(m.display(1));
  }

  private static String unitName(Metric m) {
    return switch (m.unit()) {
      case COUNT -> "units";
      case PENCE -> "pence";
      case MILLIGRAMS -> "milligrams";
    };
  }
}
