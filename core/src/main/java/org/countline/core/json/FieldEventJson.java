package org.countline.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.countline.avro.Arrest;
import org.countline.avro.DealLineClosed;
import org.countline.avro.Drug;
import org.countline.avro.DrugSeizure;
import org.countline.avro.Engagement;
import org.countline.avro.FieldEvent;
import org.countline.avro.Safeguarding;
import org.countline.avro.Seizure;
import org.countline.avro.VehicleStop;
import org.countline.avro.WarrantExecuted;
import org.countline.avro.WeaponSeizure;
import org.countline.avro.WeaponType;
import org.countline.avro.Withdrawal;
import org.countline.core.Keys;
import org.countline.core.Violation;

/**
 * The contract's JSON field event (gateway bodies, {@code publish --file} lines) to and from the
 * Avro {@link FieldEvent}.
 *
 * <p>{@link #parse(String, ParseOptions)} never throws on bad input: it returns either the event
 * or every {@link Violation} found, each naming the field in the contract's JSON terms
 * ({@code seizure.drugs[0].quantity}, {@code arrest.count}, {@code occurredAt}) and, for a
 * problem with the document as a whole, {@value #ROOT}. It checks the shape of one event only;
 * whether its operation and force exist and whether it falls in the week is {@link
 * org.countline.core.EventValidator}'s job.
 *
 * <p>The rules, beyond the contract's text:
 * <ul>
 *   <li>Unknown fields are refused, so that no free text can carry personal data; the only free
 *       text is {@code withdrawal.reason} (at most {@value #MAX_REASON_LENGTH} characters), and
 *       {@code reporter} must look like a pseudonymous id.
 *   <li>{@code operationId} and {@code force} are non-blank strings of at most {@value
 *       #MAX_ID_LENGTH} characters without {@code /}, since they become record keys
 *       ({@code OPERATION/FORCE}).
 *   <li>A JSON {@code null} is the same as a missing field.
 *   <li>Counts are whole numbers from 0 to 2,147,483,647 ({@code 3.0} is a whole number).
 *   <li>Money is in pounds with at most 2 decimals, read exactly into pence (no {@code double}
 *       arithmetic), at most {@value #MAX_POUNDS} pounds per figure. Mass drugs need unit
 *       {@code g} or {@code kg} and are stored in milligrams, so at most 3 decimals of a gram;
 *       {@code cannabis_plants} and {@code class_a_wraps} need unit {@code count} and a whole
 *       number. The unit is always required: a bare 5 of cocaine could be grams or kilograms.
 *   <li>{@code eventId} must be a UUID and is stored in lower case, so that an upper-case retry is
 *       the same event; a missing one is assigned or refused as {@link ParseOptions} says.
 *   <li>Times need an offset or {@code Z}, lie between years 1 and 9999, and are kept to the
 *       millisecond (the Avro field's precision).
 *   <li>{@code source} never comes from the JSON: it says where the event entered, which only the
 *       caller knows ({@link ParseOptions#source()}). {@link #toJson} therefore does not write it.
 * </ul>
 *
 * <p>{@link #toJson}/{@link #write} produce the same format, explicit in every field, with mass
 * in {@code g} and pounds and grams as plain decimals without trailing zeros, so that {@code
 * parse(write(e))} equals {@code e} when parsed with {@code e}'s source.
 */
public final class FieldEventJson {

  /** The field name of violations about the document as a whole. */
  public static final String ROOT = "$";

  /** The longest {@code withdrawal.reason}, in characters (code points). */
  public static final int MAX_REASON_LENGTH = 500;

  /** The longest operationId or force accepted. */
  public static final int MAX_ID_LENGTH = 100;

  /** The largest amount of money in one figure, in pounds. */
  public static final long MAX_POUNDS = 1_000_000_000_000L;

  /** The largest mass of one drug in one seizure, in grams (a million tonnes). */
  public static final long MAX_GRAMS = 1_000_000_000_000L;

  /** A refusal lists at most this many violations, then says there were more. */
  public static final int MAX_VIOLATIONS = 100;

  /** The JSON names of the event types, in the contract's order. */
  public static final List<String> TYPES = List.of(
      "arrest", "warrant", "vehicle_stop", "seizure", "deal_line_closed", "safeguarding", "engagement", "withdrawal");

  private static final Set<String> TOP_LEVEL = Set.of(
      "eventId", "revision", "operationId", "force", "type", "occurredAt", "reportedAt", "reporter");

  // The fields each object may hold; anything else is refused.
  private static final Set<String> ARREST_FIELDS = Set.of("count", "charged", "remanded");
  private static final Set<String> COUNT_FIELDS = Set.of("count");
  private static final Set<String> SAFEGUARDING_FIELDS = Set.of("adults", "children", "nrmReferrals", "cuckooVisits");
  private static final Set<String> ENGAGEMENT_FIELDS = Set.of("schools", "children", "adults", "partners");
  private static final Set<String> WITHDRAWAL_FIELDS = Set.of("reason");
  private static final Set<String> SEIZURE_FIELDS = Set.of("drugs", "cashGbp", "weapons", "phones");
  private static final Set<String> DRUG_FIELDS = Set.of("drug", "quantity", "unit", "valueGbp");
  private static final Set<String> WEAPON_FIELDS = Set.of("type", "count");

  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** Pseudonymous officer ids such as {@code r-1842}: no spaces or {@code @}, so no names or emails. */
  private static final Pattern REPORTER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  private static final String REPORTER_RULE =
      "must be a pseudonymous id: 1 to 64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit";

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST_EXCLUSIVE = Instant.parse("9999-12-31T23:59:59.999Z").plusMillis(1);

  private static final BigDecimal MAX_POUNDS_DECIMAL = BigDecimal.valueOf(MAX_POUNDS);
  private static final BigDecimal MAX_INT = BigDecimal.valueOf(Integer.MAX_VALUE);

  private static final Map<String, Drug> DRUGS = enumNames(Drug.values());
  private static final Map<String, WeaponType> WEAPONS = enumNames(WeaponType.values());

  /** Mass units and how many milligrams one of them is (as a power of ten). */
  private static final Map<String, Integer> MASS_UNITS = Map.of("g", 3, "kg", 6);

  private static final String COUNT_UNIT = "count";

  private static final List<String> UNITS = List.of("g", "kg", COUNT_UNIT);

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      // Money and grams are read as decimals, never through double.
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      // {"count": 1, "count": 100} is ambiguous: refuse it rather than take the last.
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  private static final ObjectReader READER = MAPPER.reader();

  private FieldEventJson() {}

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * Reads one event from JSON text.
   *
   * @return the event, or every violation found; never null, never throws on bad input
   */
  public static ParseResult parse(String json, ParseOptions options) {
    Objects.requireNonNull(options, "options");
    if (json == null || json.isBlank()) {
      return ParseResult.failed(List.of(new Violation(ROOT, "is required: the body is empty")));
    }
    JsonNode node;
    try {
      node = READER.readTree(json);
    } catch (JsonProcessingException e) {
      return ParseResult.failed(List.of(malformed(e)));
    }
    return parse(node, options);
  }

  /**
   * Reads one event from a JSON tree, e.g. one item of a batch read with {@link #jsonReader()}.
   *
   * @return the event, or every violation found; never null, never throws on bad input
   */
  public static ParseResult parse(JsonNode node, ParseOptions options) {
    Objects.requireNonNull(options, "options");
    if (node == null || node.isMissingNode() || node.isNull()) {
      return ParseResult.failed(List.of(new Violation(ROOT, "is required: the body is empty")));
    }
    if (!node.isObject()) {
      return ParseResult.failed(List.of(new Violation(ROOT, "must be a JSON object")));
    }
    Reading r = new Reading();
    FieldEvent event = r.event(node, options);
    return r.violations.isEmpty() ? ParseResult.ok(event) : ParseResult.failed(r.violations);
  }

  /**
   * The reader {@link #parse(String, ParseOptions)} uses: decimals as {@link BigDecimal}, trailing
   * content and duplicate fields refused. Gateways read batches with it so that each item is read
   * exactly as a single event would be.
   */
  public static ObjectReader jsonReader() {
    return READER;
  }

  /** The violation for JSON that cannot be read, naming where: {@code malformed JSON at line 1 column 7}. */
  public static Violation malformed(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
    String original = e.getOriginalMessage();
    // Jackson's other messages quote the input back, which may be long; this one is useful.
    String detail = original != null && original.startsWith("Duplicate field")
        ? ": d" + truncate(original.substring(1))
        : "";
    return new Violation(ROOT, "malformed JSON" + where + detail);
  }

  /** The state of one parse: the violations found so far. */
  private static final class Reading {
    final List<Violation> violations = new ArrayList<>();

    void fail(String field, String message) {
      if (violations.size() < MAX_VIOLATIONS) {
        violations.add(new Violation(field, message));
      } else if (violations.size() == MAX_VIOLATIONS) {
        violations.add(new Violation(ROOT, "too many errors: only the first " + MAX_VIOLATIONS + " are listed"));
      }
    }

    FieldEvent event(JsonNode root, ParseOptions options) {
      String eventId = eventId(root, options);
      int revision = bounded(root, "revision", "revision", 1, 1);
      String operationId = id(root, "operationId");
      String force = id(root, "force");
      String type = choice(root, "type", "type", TYPES, true);
      Instant occurredAt = instant(root, "occurredAt", true);
      Instant reportedAt = instant(root, "reportedAt", false);
      String reporter = reporter(root, options);

      Object payload = null;
      for (String bodyType : TYPES) {
        JsonNode body = present(root, bodyType);
        if (body != null && type != null && !type.equals(bodyType)) {
          fail(bodyType, "does not match type '" + type + "'");
        } else if (body != null || bodyType.equals(type)) {
          // With no valid type, every body present is still checked, so that all errors show.
          Object read = body(bodyType, body);
          if (bodyType.equals(type)) {
            payload = read;
          }
        }
      }
      unknownFields(root, "", TOP_LEVEL, true);

      if (!violations.isEmpty()) {
        return null;
      }
      return FieldEvent.newBuilder()
          .setEventId(eventId)
          .setRevision(revision)
          .setOperationId(operationId)
          .setForce(force)
          .setOccurredAt(occurredAt)
          .setReportedAt(reportedAt != null ? reportedAt : options.clock().instant().truncatedTo(ChronoUnit.MILLIS))
          .setReporter(reporter)
          .setSource(options.source())
          .setPayload(payload)
          .build();
    }

    private String eventId(JsonNode root, ParseOptions options) {
      JsonNode v = present(root, "eventId");
      if (v == null) {
        if (options.eventIds() == ParseOptions.EventIdPolicy.REQUIRE) {
          fail("eventId", "is required");
          return null;
        }
        return options.idSupplier().get().toString();
      }
      if (!v.isTextual() || !UUID_TEXT.matcher(v.textValue()).matches()) {
        fail("eventId", "must be a UUID, e.g. 5b0f3c1e-2a6d-4c1e-9d1e-6a1f0c2b7e11");
        return null;
      }
      return v.textValue().toLowerCase(Locale.ROOT);
    }

    /** operationId and force: they become part of record keys, so no separator. */
    private String id(JsonNode root, String name) {
      String s = text(root, name, name, true);
      if (s == null) {
        return null;
      }
      if (s.isBlank()) {
        fail(name, "must not be blank");
      } else if (s.length() > MAX_ID_LENGTH) {
        fail(name, "must be at most " + MAX_ID_LENGTH + " characters");
      } else if (s.indexOf(Keys.SEPARATOR) >= 0) {
        fail(name, "must not contain '" + Keys.SEPARATOR + "'");
      } else {
        return s;
      }
      return null;
    }

    private String reporter(JsonNode root, ParseOptions options) {
      String s = text(root, "reporter", "reporter", false);
      if (s == null) {
        return present(root, "reporter") == null ? options.defaultReporter() : null;
      }
      if (!REPORTER.matcher(s).matches()) {
        fail("reporter", REPORTER_RULE);
        return null;
      }
      return s;
    }

    private Instant instant(JsonNode root, String name, boolean required) {
      String s = text(root, name, name, required);
      if (s == null) {
        return null;
      }
      Instant at;
      try {
        at = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        fail(name, "must be an ISO-8601 date-time with an offset, e.g. 2022-10-04T09:30:00+01:00");
        return null;
      }
      if (at.isBefore(EARLIEST) || !at.isBefore(LATEST_EXCLUSIVE)) {
        fail(name, "must be between the years 1 and 9999");
        return null;
      }
      return at.truncatedTo(ChronoUnit.MILLIS);
    }

    // --- bodies ---------------------------------------------------------------------------------

    /** Reads the body of {@code type} ({@code null} when absent: all defaults). */
    private Object body(String type, JsonNode body) {
      if (body != null && !body.isObject()) {
        fail(type, "must be an object");
        return null;
      }
      JsonNode b = body == null ? JsonNodeFactory.instance.objectNode() : body;
      return switch (type) {
        case "arrest" -> {
          unknownFields(b, type, ARREST_FIELDS, false);
          yield new Arrest(count(b, type, "count", 1), count(b, type, "charged", 0), count(b, type, "remanded", 0));
        }
        case "warrant" -> {
          unknownFields(b, type, COUNT_FIELDS, false);
          yield new WarrantExecuted(count(b, type, "count", 1));
        }
        case "vehicle_stop" -> {
          unknownFields(b, type, COUNT_FIELDS, false);
          yield new VehicleStop(count(b, type, "count", 1));
        }
        case "deal_line_closed" -> {
          unknownFields(b, type, COUNT_FIELDS, false);
          yield new DealLineClosed(count(b, type, "count", 1));
        }
        case "safeguarding" -> {
          unknownFields(b, type, SAFEGUARDING_FIELDS, false);
          yield new Safeguarding(count(b, type, "adults", 0), count(b, type, "children", 0),
              count(b, type, "nrmReferrals", 0), count(b, type, "cuckooVisits", 0));
        }
        case "engagement" -> {
          unknownFields(b, type, ENGAGEMENT_FIELDS, false);
          yield new Engagement(count(b, type, "schools", 0), count(b, type, "children", 0),
              count(b, type, "adults", 0), count(b, type, "partners", 0));
        }
        case "seizure" -> seizure(b);
        case "withdrawal" -> withdrawal(b);
        default -> throw new IllegalArgumentException("not a type: " + type);
      };
    }

    private Withdrawal withdrawal(JsonNode b) {
      unknownFields(b, "withdrawal", WITHDRAWAL_FIELDS, false);
      String reason = text(b, "reason", "withdrawal.reason", true);
      if (reason == null) {
        return null;
      }
      if (reason.isBlank()) {
        fail("withdrawal.reason", "must not be blank");
      } else if (reason.codePointCount(0, reason.length()) > MAX_REASON_LENGTH) {
        fail("withdrawal.reason", "must be at most " + MAX_REASON_LENGTH + " characters");
      } else if (hasLoneSurrogate(reason)) {
        // Avro writes strings as UTF-8, which cannot hold a lone surrogate: it would be stored as '?'.
        fail("withdrawal.reason", "must be valid Unicode text (it holds a lone surrogate)");
      }
      return new Withdrawal(reason);
    }

    private Seizure seizure(JsonNode b) {
      unknownFields(b, "seizure", SEIZURE_FIELDS, false);
      List<DrugSeizure> drugs = new ArrayList<>();
      ArrayNode drugNodes = array(b, "drugs", "seizure.drugs");
      if (drugNodes != null) {
        for (int i = 0; i < drugNodes.size(); i++) {
          DrugSeizure d = drug(drugNodes.get(i), "seizure.drugs[" + i + "]");
          if (d != null) {
            drugs.add(d);
          }
        }
      }
      long cash = pence(b, "cashGbp", "seizure.cashGbp");
      List<WeaponSeizure> weapons = new ArrayList<>();
      ArrayNode weaponNodes = array(b, "weapons", "seizure.weapons");
      if (weaponNodes != null) {
        for (int i = 0; i < weaponNodes.size(); i++) {
          WeaponSeizure w = weapon(weaponNodes.get(i), "seizure.weapons[" + i + "]");
          if (w != null) {
            weapons.add(w);
          }
        }
      }
      int phones = count(b, "seizure", "phones", 0);
      return new Seizure(drugs, cash, weapons, phones);
    }

    private DrugSeizure drug(JsonNode item, String path) {
      if (item == null || !item.isObject()) {
        fail(path, "must be an object");
        return null;
      }
      unknownFields(item, path, DRUG_FIELDS, false);
      String drugName = choice(item, "drug", path + ".drug", DRUGS.keySet(), true);
      Drug drug = drugName == null ? null : DRUGS.get(drugName);
      String unit = choice(item, "unit", path + ".unit", UNITS, true);
      if (drug != null && unit != null && countDrug(drug) != unit.equals(COUNT_UNIT)) {
        fail(path + ".unit", countDrug(drug) ? "must be count for " + drugName : "must be g or kg for " + drugName);
        unit = null;
      }
      Long quantity = quantity(item, path + ".quantity", unit);
      long value = pence(item, "valueGbp", path + ".valueGbp");
      if (drug == null || unit == null || quantity == null) {
        return null;
      }
      return new DrugSeizure(drug, quantity, value);
    }

    /** The quantity in milligrams or units; with an unknown unit, checked as far as possible. */
    private Long quantity(JsonNode item, String path, String unit) {
      JsonNode v = present(item, "quantity");
      if (v == null) {
        fail(path, "is required");
        return null;
      }
      if (COUNT_UNIT.equals(unit)) {
        return integer(v, path, 0, MAX_INT);
      }
      Integer decimals = unit == null ? null : MASS_UNITS.get(unit);
      if (decimals == null) {
        // Unit missing or wrong (already reported): still report a quantity that is no number.
        BigDecimal d = number(v, path, "must be a number");
        if (d != null && d.signum() < 0) {
          fail(path, "must be >= 0");
        }
        return null;
      }
      BigDecimal max = BigDecimal.valueOf(MAX_GRAMS).movePointLeft(decimals - 3).stripTrailingZeros();
      return decimal(v, path, max, decimals, " " + unit);
    }

    private WeaponSeizure weapon(JsonNode item, String path) {
      if (item == null || !item.isObject()) {
        fail(path, "must be an object");
        return null;
      }
      unknownFields(item, path, WEAPON_FIELDS, false);
      String type = choice(item, "type", path + ".type", WEAPONS.keySet(), true);
      int count = bounded(item, "count", path + ".count", 0, 1);
      return type == null ? null : new WeaponSeizure(WEAPONS.get(type), count);
    }

    // --- values ---------------------------------------------------------------------------------

    /** A count inside a body: a whole number 0..2,147,483,647, {@code dflt} when missing. */
    private int count(JsonNode body, String type, String name, int dflt) {
      return bounded(body, name, type + "." + name, 0, dflt);
    }

    /** A whole number from {@code min} to Integer.MAX_VALUE, {@code dflt} when missing or bad. */
    private int bounded(JsonNode obj, String name, String path, int min, int dflt) {
      JsonNode v = present(obj, name);
      if (v == null) {
        return dflt;
      }
      Long n = integer(v, path, min, MAX_INT);
      return n == null ? dflt : n.intValue();
    }

    private Long integer(JsonNode v, String path, long min, BigDecimal max) {
      BigDecimal d = number(v, path, "must be an integer");
      if (d == null) {
        return null;
      }
      if (!isWhole(d)) {
        fail(path, "must be an integer");
      } else if (d.compareTo(BigDecimal.valueOf(min)) < 0) {
        fail(path, "must be >= " + min);
      } else if (d.compareTo(max) > 0) {
        fail(path, "must be <= " + max.toPlainString());
      } else {
        return d.longValueExact();
      }
      return null;
    }

    /** Money: pounds with at most 2 decimals, as pence; 0 when missing or bad. */
    private long pence(JsonNode obj, String name, String path) {
      JsonNode v = present(obj, name);
      if (v == null) {
        return 0;
      }
      Long pence = decimal(v, path, MAX_POUNDS_DECIMAL, 2, "");
      return pence == null ? 0 : pence;
    }

    /**
     * A non-negative decimal of at most {@code decimals} places and at most {@code max},
     * returned as a whole number of its {@code 10^-decimals} parts (pence, milligrams).
     */
    private Long decimal(JsonNode v, String path, BigDecimal max, int decimals, String unitSuffix) {
      BigDecimal d = number(v, path, "must be a number");
      if (d == null) {
        return null;
      }
      // Range first: comparisons stay cheap even for 1e999999999, which scaling would not.
      if (d.signum() < 0) {
        fail(path, "must be >= 0");
        return null;
      }
      if (d.compareTo(max) > 0) {
        fail(path, "must be <= " + max.toPlainString() + unitSuffix);
        return null;
      }
      BigDecimal scaled = d.movePointRight(decimals);
      if (!isWhole(scaled)) {
        fail(path, "must have at most " + decimals + " decimal places" + (unitSuffix.isEmpty() ? "" : " in" + unitSuffix));
        return null;
      }
      return scaled.longValueExact();
    }

    /** The exact value of a JSON number, or null (reported) when it is not a finite number. */
    private BigDecimal number(JsonNode v, String path, String wrongType) {
      if (!v.isNumber()) {
        fail(path, wrongType);
        return null;
      }
      if ((v.isDouble() || v.isFloat()) && !Double.isFinite(v.doubleValue())) {
        fail(path, "must be a finite number");
        return null;
      }
      return v.decimalValue();
    }

    /** A string from {@code allowed} (iterated in the order the message lists them). */
    private String choice(JsonNode obj, String name, String path, Collection<String> allowed, boolean required) {
      String s = text(obj, name, path, required);
      if (s == null) {
        return null;
      }
      if (!allowed.contains(s)) {
        fail(path, "must be one of " + String.join(", ", allowed));
        return null;
      }
      return s;
    }

    private String text(JsonNode obj, String name, String path, boolean required) {
      JsonNode v = present(obj, name);
      if (v == null) {
        if (required) {
          fail(path, "is required");
        }
        return null;
      }
      if (!v.isTextual()) {
        fail(path, "must be a string");
        return null;
      }
      return v.textValue();
    }

    private ArrayNode array(JsonNode obj, String name, String path) {
      JsonNode v = present(obj, name);
      if (v == null) {
        return null;
      }
      if (!v.isArray()) {
        fail(path, "must be an array");
        return null;
      }
      return (ArrayNode) v;
    }

    private void unknownFields(JsonNode obj, String path, Set<String> known, boolean topLevel) {
      for (Map.Entry<String, JsonNode> field : obj.properties()) {
        String name = field.getKey();
        if (!known.contains(name) && !(topLevel && TYPES.contains(name))) {
          fail(path.isEmpty() ? truncate(name) : path + "." + truncate(name), "unknown field");
        }
      }
    }
  }

  /** The field, or null when it is missing or JSON null (the same thing here). */
  private static JsonNode present(JsonNode obj, String name) {
    JsonNode v = obj.get(name);
    return v == null || v.isNull() || v.isMissingNode() ? null : v;
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWhole(BigDecimal d) {
    return d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
  }

  private static boolean countDrug(Drug drug) {
    return drug == Drug.CANNABIS_PLANTS || drug == Drug.CLASS_A_WRAPS;
  }

  private static String truncate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }

  private static <E extends Enum<E>> Map<String, E> enumNames(E[] values) {
    Map<String, E> names = new LinkedHashMap<>();
    Arrays.stream(values).forEach(v -> names.put(jsonName(v), v));
    return Collections.unmodifiableMap(names);
  }

  private static String jsonName(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /** The event in the contract's JSON format; every field explicit, {@code source} left out. */
  public static ObjectNode toJson(FieldEvent event) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    o.put("eventId", event.getEventId());
    o.put("revision", event.getRevision());
    o.put("operationId", event.getOperationId());
    o.put("force", event.getForce());
    String type = typeOf(event.getPayload());
    o.put("type", type);
    o.put("occurredAt", event.getOccurredAt().toString());
    o.put("reportedAt", event.getReportedAt().toString());
    o.put("reporter", event.getReporter());
    ObjectNode body = o.putObject(type);
    Object payload = event.getPayload();
    if (payload instanceof Arrest a) {
      body.put("count", a.getCount()).put("charged", a.getCharged()).put("remanded", a.getRemanded());
    } else if (payload instanceof WarrantExecuted w) {
      body.put("count", w.getCount());
    } else if (payload instanceof VehicleStop v) {
      body.put("count", v.getCount());
    } else if (payload instanceof DealLineClosed d) {
      body.put("count", d.getCount());
    } else if (payload instanceof Safeguarding s) {
      body.put("adults", s.getAdults()).put("children", s.getChildren())
          .put("nrmReferrals", s.getNrmReferrals()).put("cuckooVisits", s.getCuckooVisits());
    } else if (payload instanceof Engagement e) {
      body.put("schools", e.getSchools()).put("children", e.getChildren())
          .put("adults", e.getAdults()).put("partners", e.getPartners());
    } else if (payload instanceof Withdrawal w) {
      body.put("reason", w.getReason());
    } else if (payload instanceof Seizure s) {
      ArrayNode drugs = body.putArray("drugs");
      for (DrugSeizure d : s.getDrugs()) {
        ObjectNode item = drugs.addObject().put("drug", jsonName(d.getDrug()));
        if (countDrug(d.getDrug())) {
          item.put("quantity", d.getQuantity()).put("unit", COUNT_UNIT);
        } else {
          item.set("quantity", plain(d.getQuantity(), 3));
          item.put("unit", "g");
        }
        item.set("valueGbp", plain(d.getValuePence(), 2));
      }
      body.set("cashGbp", plain(s.getCashPence(), 2));
      ArrayNode weapons = body.putArray("weapons");
      for (WeaponSeizure w : s.getWeapons()) {
        weapons.addObject().put("type", jsonName(w.getType())).put("count", w.getCount());
      }
      body.put("phones", s.getPhones());
    }
    return o;
  }

  /** {@link #toJson} as one line of JSON text (a {@code publish --file} line). */
  public static String write(FieldEvent event) {
    try {
      return MAPPER.writeValueAsString(toJson(event));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write a JSON tree", e);
    }
  }

  /** The contract's type name of a payload, e.g. {@code vehicle_stop} for {@link VehicleStop}. */
  public static String typeOf(Object payload) {
    if (payload instanceof Arrest) {
      return "arrest";
    } else if (payload instanceof WarrantExecuted) {
      return "warrant";
    } else if (payload instanceof VehicleStop) {
      return "vehicle_stop";
    } else if (payload instanceof Seizure) {
      return "seizure";
    } else if (payload instanceof DealLineClosed) {
      return "deal_line_closed";
    } else if (payload instanceof Safeguarding) {
      return "safeguarding";
    } else if (payload instanceof Engagement) {
      return "engagement";
    } else if (payload instanceof Withdrawal) {
      return "withdrawal";
    }
    throw new IllegalArgumentException("unknown payload type " + (payload == null ? "null" : payload.getClass().getName()));
  }

  /** {@code units / 10^scale} as a plain decimal without trailing zeros: 250000, 10.5, 0.25. */
  private static DecimalNode plain(long units, int scale) {
    BigDecimal d = BigDecimal.valueOf(units, scale).stripTrailingZeros();
    return DecimalNode.valueOf(d.scale() < 0 ? d.setScale(0) : d);
  }
}
