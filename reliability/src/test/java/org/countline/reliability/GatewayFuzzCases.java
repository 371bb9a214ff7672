package org.countline.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Hostile requests for the gateway, each with what the contract lets it answer: a valid event
 * ({@link Expect#ACCEPT}, 202), one that breaks a rule ({@link Expect#REFUSE}, a 4xx), or one the
 * contract leaves open ({@link Expect#EITHER}: free text with odd characters, say), whose record
 * must then be exactly what was sent.
 */
final class GatewayFuzzCases {
  static final String OP = GatewayFuzzWorld.OP;
  /** Placeholders replaced when the request is sent: the tokens are made at start-up. */
  static final String KENT_TOKEN = "${kent}";
  static final String ESSEX_TOKEN = "${essex}";
  /** Replaced by the eventId of an event the run reported earlier (or a new UUID when none). */
  static final String KNOWN_ID = "${known}";

  enum Expect { ACCEPT, REFUSE, EITHER }

  /** What a request is, for the figures and for a failure's message. */
  enum Kind {
    VALID, BAD_NUMBER, ODD_UNICODE, ODD_REASON, UNKNOWN_FIELD, MISSING_FIELD, WRONG_TYPE, DEEP_NESTING,
    DUPLICATE_KEY, MALFORMED, BAD_UTF8, CONTENT_TYPE, OVERSIZED, WRONG_ROUTE, BAD_TOKEN, OTHER_FORCE, BATCH,
    AMEND, WITHDRAW
  }

  /** One item of a batch, or the body of a single request. */
  record Body(byte[] bytes, Expect expect) {}

  record Case(Kind kind, String label, String method, String path, List<Map.Entry<String, String>> headers,
      byte[] body, boolean chunked, Expect expect, List<Body> items) {
    @Override
    public String toString() {
      return kind + " (" + label + ") expect " + expect + ": "
          + new GatewayFuzzHttp.Request(method, path, headers, body, chunked).describe();
    }
  }

  private static final String[] MASS_DRUGS = {"cocaine", "crack_cocaine", "heroin", "cannabis", "other"};
  private static final String[] COUNT_DRUGS = {"cannabis_plants", "class_a_wraps"};
  private static final String[] WEAPONS = {"firearm", "bladed", "other"};
  static final String[] TYPES =
      {"arrest", "warrant", "vehicle_stop", "seizure", "deal_line_closed", "safeguarding", "engagement", "withdrawal"};

  /** Numbers no count, money or mass accepts. */
  private static final String[] BAD_NUMBERS = {
    "1e400", "-1e400", "9223372036854775808", "-9223372036854775809", "18446744073709551616", "1e30", "-1",
    "-0.01", "1.00000001", "1e-400", "NaN", "Infinity", "-Infinity", "0x10", "01", "2^63", "1_000", "+1", ".5",
    "1.", "\"7\"", "true", "[]", "{}", "[1]", "\"\"", "99999999999999999999999999999999999999999999999999"
  };
  /** Numbers some fields accept and others refuse (2^31 is too many arrests but fine as pounds). */
  private static final String[] EDGE_NUMBERS = {"2147483647", "2147483648", "4294967296", "0", "0.0", "3.0", "1e3", "-0"};

  /** Strings with characters that have broken parsers, loggers and terminals. */
  static final String[] ODD_STRINGS = {
    "\uD800", "\uDC00", "x\uD83Dy", "\uDE00\uD83D", "\u0000", "kent\u0000", "\u202Ekent", "\u202E\u0645\u0631\u062D\u0628\u0627",
    "\uD83D\uDE00", "\uD83D\uDC6E\u200D\u2640\uFE0F", "\uFEFFkent", "ke\u200Bnt", "\uFF4B\uFF45\uFF4E\uFF54", "KENT",
    "kent ", " kent", "e\u0301", "\u0007\u001B[31m", "\r\n", "%00", "../../etc/passwd", "<script>alert(1)</script>",
    "${jndi:ldap://x/a}", "' OR 1=1 --", "\uFFFF", "\uFFFE", "\u0085", "\u2028", "a".repeat(10_000),
    "\uD83D\uDE00".repeat(300), "kent/essex", ""
  };

  /** Byte sequences that are not UTF-8: overlong, CESU surrogates, stray continuation, out of range. */
  private static final byte[][] BAD_UTF8 = {
    {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
    {(byte) 0xED, (byte) 0xB0, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xFE},
    {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
    {(byte) 0xC3}, {(byte) 0xE2, (byte) 0x82}
  };

  private GatewayFuzzCases() {}

  static Case generate(Kind kind, Random r) {
    return switch (kind) {
      case VALID -> post(kind, "valid", validBytes(r), Expect.ACCEPT);
      case BAD_NUMBER -> badNumber(r);
      case ODD_UNICODE -> oddUnicode(r);
      case ODD_REASON -> oddReason(r);
      case UNKNOWN_FIELD -> unknownField(r);
      case MISSING_FIELD -> missingField(r);
      case WRONG_TYPE -> wrongType(r);
      case DEEP_NESTING -> deepNesting(r);
      case DUPLICATE_KEY -> duplicateKey(r);
      case MALFORMED -> malformed(r);
      case BAD_UTF8 -> badUtf8(r);
      case CONTENT_TYPE -> contentType(r);
      case OVERSIZED -> oversized(r);
      case WRONG_ROUTE -> wrongRoute(r);
      case BAD_TOKEN -> badToken(r);
      case OTHER_FORCE -> otherForce(r, r.nextBoolean());
      case BATCH -> batch(r);
      case AMEND -> amend(r);
      case WITHDRAW -> withdraw(r);
    };
  }

  // --- valid events ------------------------------------------------------------------------------

  static ObjectNode validEvent(Random r) {
    ObjectNode e = GatewayFuzzHttp.JSON.createObjectNode();
    if (r.nextInt(10) > 0) {
      e.put("eventId", new UUID(r.nextLong(), r.nextLong()).toString());
    }
    if (r.nextBoolean()) {
      e.put("revision", 1 + r.nextInt(5));
    }
    e.put("operationId", OP).put("force", "kent");
    // 3 to 9 October 2022 is British Summer Time: +01:00 keeps every such time inside the week.
    e.put("occurredAt", String.format("2022-10-%02dT%02d:%02d:%02d+01:00", 3 + r.nextInt(7), r.nextInt(24), r.nextInt(60),
        r.nextInt(60)));
    if (r.nextInt(4) > 0) {
      e.put("reporter", "r-" + r.nextInt(100_000));
    }
    String type = TYPES[r.nextInt(TYPES.length)];
    e.put("type", type);
    ObjectNode body = e.putObject(type);
    switch (type) {
      case "arrest" -> body.put("count", r.nextInt(20)).put("charged", r.nextInt(10)).put("remanded", r.nextInt(5));
      case "warrant", "vehicle_stop", "deal_line_closed" -> body.put("count", r.nextInt(50));
      case "safeguarding" -> body.put("adults", r.nextInt(9)).put("children", r.nextInt(9))
          .put("nrmReferrals", r.nextInt(3)).put("cuckooVisits", r.nextInt(4));
      case "engagement" -> body.put("schools", r.nextInt(9)).put("children", r.nextInt(500))
          .put("adults", r.nextInt(300)).put("partners", r.nextInt(5));
      case "seizure" -> {
        ArrayNode drugs = body.putArray("drugs");
        for (int i = r.nextInt(3); i > 0; i--) {
          if (r.nextBoolean()) {
            drugs.addObject().put("drug", MASS_DRUGS[r.nextInt(MASS_DRUGS.length)]).put("quantity", r.nextInt(5000))
                .put("unit", r.nextBoolean() ? "g" : "kg").put("valueGbp", r.nextInt(100_000));
          } else {
            drugs.addObject().put("drug", COUNT_DRUGS[r.nextInt(COUNT_DRUGS.length)]).put("quantity", r.nextInt(500))
                .put("unit", "count").put("valueGbp", r.nextInt(10_000));
          }
        }
        body.put("cashGbp", new java.math.BigDecimal(r.nextInt(10_000_000)).movePointLeft(2));
        ArrayNode weapons = body.putArray("weapons");
        for (int i = r.nextInt(3); i > 0; i--) {
          weapons.addObject().put("type", WEAPONS[r.nextInt(WEAPONS.length)]).put("count", 1 + r.nextInt(4));
        }
        body.put("phones", r.nextInt(10));
      }
      case "withdrawal" -> body.put("reason", "reported twice " + r.nextInt(1000));
      default -> throw new IllegalStateException(type);
    }
    return e;
  }

  private static byte[] validBytes(Random r) {
    return utf8(validEvent(r).toString());
  }

  // --- broken bodies -----------------------------------------------------------------------------

  private static Case badNumber(Random r) {
    ObjectNode e = validEvent(r);
    List<Map.Entry<ObjectNode, String>> numbers = numericFields(e);
    boolean edge = r.nextInt(4) == 0;
    String literal = edge ? EDGE_NUMBERS[r.nextInt(EDGE_NUMBERS.length)] : BAD_NUMBERS[r.nextInt(BAD_NUMBERS.length)];
    Map.Entry<ObjectNode, String> at = numbers.get(r.nextInt(numbers.size()));
    at.getKey().put(at.getValue(), "__NUMBER__");
    byte[] body = utf8(e.toString().replace("\"__NUMBER__\"", literal));
    return post(Kind.BAD_NUMBER, at.getValue() + "=" + literal, body, edge ? Expect.EITHER : Expect.REFUSE);
  }

  /** Every number in the event: (object, field name) pairs, revision included. */
  private static List<Map.Entry<ObjectNode, String>> numericFields(ObjectNode e) {
    List<Map.Entry<ObjectNode, String>> out = new ArrayList<>();
    out.add(Map.entry(e, "revision"));
    collectNumbers(e, out);
    return out;
  }

  private static void collectNumbers(JsonNode node, List<Map.Entry<ObjectNode, String>> out) {
    if (node instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> f : o.properties()) {
        if (f.getValue().isNumber() && !f.getKey().equals("revision")) {
          out.add(Map.entry(o, f.getKey()));
        } else {
          collectNumbers(f.getValue(), out);
        }
      }
    } else if (node instanceof ArrayNode a) {
      a.forEach(item -> collectNumbers(item, out));
    }
  }

  /** The contract's reporter rule (FieldEventJson): a pseudonymous id. */
  static final java.util.regex.Pattern REPORTER = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  private static final String[] STRING_FIELDS = {"eventId", "operationId", "force", "type", "occurredAt", "reporter"};

  private static Case oddUnicode(Random r) {
    ObjectNode e = validEvent(r);
    String odd = ODD_STRINGS[r.nextInt(ODD_STRINGS.length)];
    String field;
    if (r.nextInt(4) == 0 && e.path("seizure").path("drugs").size() > 0) {
      ObjectNode drug = (ObjectNode) e.path("seizure").path("drugs").get(0);
      field = r.nextBoolean() ? "drug" : "unit";
      drug.put(field, odd);
    } else {
      field = STRING_FIELDS[r.nextInt(STRING_FIELDS.length)];
      e.put(field, odd);
    }
    // Every field here takes a closed set of values or a strict pattern: no odd string passes, but for
    // one that happens to be a well-formed reporter id ("KENT").
    Expect expect = field.equals("reporter") && REPORTER.matcher(odd).matches() ? Expect.ACCEPT : Expect.REFUSE;
    return post(Kind.ODD_UNICODE, field + "=" + escape(odd), utf8(e.toString()), expect);
  }

  /** The one free-text field: a withdrawal's reason. Odd text may pass, but must then be stored as sent. */
  private static Case oddReason(Random r) {
    ObjectNode e = validEvent(r);
    e.remove(List.of(TYPES));
    e.put("type", "withdrawal");
    String odd = ODD_STRINGS[r.nextInt(ODD_STRINGS.length)];
    e.putObject("withdrawal").put("reason", odd);
    Expect expect = odd.isBlank() || odd.codePointCount(0, odd.length()) > 500 ? Expect.REFUSE : Expect.EITHER;
    return post(Kind.ODD_REASON, "reason=" + escape(odd), utf8(e.toString()), expect);
  }

  private static Case unknownField(Random r) {
    ObjectNode e = validEvent(r);
    String name = switch (r.nextInt(6)) {
      case 0 -> "name";
      case 1 -> "x" + ODD_STRINGS[r.nextInt(ODD_STRINGS.length)];
      case 2 -> "source";
      case 3 -> "__proto__";
      case 4 -> "eventid";
      default -> "extra" + r.nextInt(1000);
    };
    ObjectNode target = r.nextBoolean() ? e : (ObjectNode) e.get(e.get("type").asText());
    target.put(name, r.nextBoolean() ? "John Smith" : "1");
    return post(Kind.UNKNOWN_FIELD, escape(name), utf8(e.toString()), Expect.REFUSE);
  }

  private static Case missingField(Random r) {
    ObjectNode e = validEvent(r);
    String field = new String[] {"operationId", "force", "type", "occurredAt"}[r.nextInt(4)];
    e.remove(field);
    return post(Kind.MISSING_FIELD, field, utf8(e.toString()), Expect.REFUSE);
  }

  private static Case wrongType(Random r) {
    ObjectNode e = validEvent(r);
    String[] fields = {"eventId", "revision", "operationId", "force", "type", "occurredAt", "reporter", e.get("type").asText()};
    String field = fields[r.nextInt(fields.length)];
    JsonNode current = e.get(field);
    JsonNode wrong = switch (r.nextInt(5)) {
      case 0 -> GatewayFuzzHttp.JSON.getNodeFactory().numberNode(42);
      case 1 -> GatewayFuzzHttp.JSON.getNodeFactory().booleanNode(true);
      case 2 -> GatewayFuzzHttp.JSON.createArrayNode().add(current == null ? GatewayFuzzHttp.JSON.nullNode() : current);
      case 3 -> GatewayFuzzHttp.JSON.createObjectNode().set("value", current);
      default -> GatewayFuzzHttp.JSON.getNodeFactory().textNode("42");
    };
    if (wrong.isTextual() && !field.equals("revision") && !field.equals(e.get("type").asText())) {
      wrong = GatewayFuzzHttp.JSON.getNodeFactory().numberNode(42);
    }
    if (field.equals("revision") && wrong.isNumber()) {
      wrong = GatewayFuzzHttp.JSON.getNodeFactory().textNode("1");
    }
    e.set(field, wrong);
    return post(Kind.WRONG_TYPE, field + "=" + wrong, utf8(e.toString()), Expect.REFUSE);
  }

  private static Case deepNesting(Random r) {
    int depth = 500 + r.nextInt(20_000);
    boolean arrays = r.nextBoolean();
    String open = arrays ? "[" : "{\"a\":";
    String close = arrays ? "]" : "}";
    String deep = open.repeat(depth) + "1" + close.repeat(depth);
    String body;
    if (r.nextBoolean()) {
      body = deep;
    } else {
      ObjectNode e = validEvent(r);
      String field = new String[] {"reporter", "nested", e.get("type").asText()}[r.nextInt(3)];
      e.put(field, "__DEEP__");
      body = e.toString().replace("\"__DEEP__\"", deep);
    }
    return post(Kind.DEEP_NESTING, (arrays ? "arrays" : "objects") + " depth " + depth, utf8(body), Expect.REFUSE);
  }

  private static Case duplicateKey(Random r) {
    ObjectNode e = validEvent(r);
    String text = e.toString();
    String type = e.get("type").asText();
    String duplicated = switch (r.nextInt(3)) {
      case 0 -> text.replaceFirst("\\{", "{\"type\":\"arrest\",");
      case 1 -> text.replaceFirst("\\{", "{\"operationId\":\"" + OP + "\",");
      default -> text.replace("\"" + type + "\":{", "\"" + type + "\":{},\"" + type + "\":{");
    };
    return post(Kind.DUPLICATE_KEY, "duplicate", utf8(duplicated), Expect.REFUSE);
  }

  private static Case malformed(Random r) {
    byte[] valid = validBytes(r);
    byte[] body;
    String label;
    switch (r.nextInt(8)) {
      case 0 -> {
        int cut = 1 + r.nextInt(valid.length - 1);
        body = java.util.Arrays.copyOf(valid, cut);
        label = "truncated at " + cut;
      }
      case 1 -> {
        body = new byte[1 + r.nextInt(300)];
        r.nextBytes(body);
        label = "random bytes";
      }
      case 2 -> {
        String[] odd = {"", " ", "null", "[]", "{}", "\"x\"", "1e400", "true", "{}{}", "[{}]", "{\"a\":1}x", "{\"type\":}",
          "{'type':'arrest'}", "{type:\"arrest\"}", "/* */{}", "{\"a\":1,}", "\u0000", "\uFEFF", "\uFEFF{}"};
        String s = odd[r.nextInt(odd.length)];
        body = utf8(s);
        label = "odd document " + escape(s);
      }
      case 3 -> {
        body = valid.clone();
        int at = r.nextInt(body.length);
        body[at] = (byte) "{}[]\",:\\ \u0000".charAt(r.nextInt(10));
        label = "byte " + at + " replaced";
        // One changed byte may leave valid JSON (a space for a space, say): either answer is fine then.
        return post(Kind.MALFORMED, label, body, Expect.EITHER);
      }
      case 4 -> {
        body = utf8(new String(valid, StandardCharsets.UTF_8) + " " + new String(valid, StandardCharsets.UTF_8));
        label = "two documents";
      }
      case 5 -> {
        body = utf8(new String(valid, StandardCharsets.UTF_8).replace("\"", "'"));
        label = "single quotes";
      }
      case 6 -> {
        body = utf8(new String(valid, StandardCharsets.UTF_8).replace("}", "},"));
        label = "trailing commas";
      }
      default -> {
        body = new String(valid, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
        label = "UTF-16 with a BOM";
        // Jackson detects UTF-16 by its BOM; the contract asks for UTF-8, but reading it right is no harm.
        return post(Kind.MALFORMED, label, body, Expect.EITHER);
      }
    }
    return post(Kind.MALFORMED, label, body, Expect.REFUSE);
  }

  private static Case badUtf8(Random r) {
    ObjectNode e = validEvent(r);
    byte[] bad = BAD_UTF8[r.nextInt(BAD_UTF8.length)];
    boolean inReason = r.nextInt(3) == 0;
    String field;
    if (inReason) {
      e.remove(List.of(TYPES));
      e.put("type", "withdrawal");
      e.putObject("withdrawal").put("reason", "a__BAD__b");
      field = "withdrawal.reason";
    } else {
      field = STRING_FIELDS[1 + r.nextInt(STRING_FIELDS.length - 1)];
      e.put(field, "kent__BAD__");
    }
    byte[] body = replace(utf8(e.toString()), utf8("__BAD__"), bad);
    String label = field + " with bytes " + java.util.HexFormat.of().formatHex(bad);
    // In the free-text reason, a decoder might take CESU surrogates as characters: allowed only if stored as read.
    return post(Kind.BAD_UTF8, label, body, inReason ? Expect.EITHER : Expect.REFUSE);
  }

  private static Case contentType(Random r) {
    String[][] types = {
      {null, "REFUSE"}, {"text/plain", "REFUSE"}, {"application/json; charset=ISO-8859-1", "REFUSE"},
      {"application/jsonx", "REFUSE"}, {"application/json; charset=utf-16", "REFUSE"}, {"application/xml", "REFUSE"},
      {"multipart/form-data; boundary=xyz", "REFUSE"}, {"application/x-www-form-urlencoded", "REFUSE"},
      {"", "REFUSE"}, {";", "REFUSE"}, {"application/json\u00e9", "REFUSE"}, {"*/*", "REFUSE"},
      {"APPLICATION/JSON", "EITHER"}, {"application/json; charset=\"UTF-8\"", "EITHER"}, {"application/json;charset=utf8", "EITHER"},
      {"application/json; foo=bar", "EITHER"}, {"application/json; charset=", "EITHER"},
    };
    String[] t = types[r.nextInt(types.length)];
    byte[] body = r.nextInt(4) == 0 ? utf8("name=John+Smith&type=arrest") : validBytes(r);
    Expect expect = Expect.valueOf(t[1]);
    if (expect == Expect.EITHER && body[0] != '{') {
      expect = Expect.REFUSE;
    }
    return new Case(Kind.CONTENT_TYPE, String.valueOf(t[0]), "POST", "/v1/events",
        GatewayFuzzHttp.headers("Authorization", "Bearer " + KENT_TOKEN, "Content-Type", t[0]), body, false, expect, List.of());
  }

  private static Case oversized(Random r) {
    int mib = 1024 * 1024;
    int size = switch (r.nextInt(4)) {
      case 0 -> mib;
      case 1 -> mib + 1;
      case 2 -> mib + 1 + r.nextInt(64 * 1024);
      default -> 2 * mib + r.nextInt(mib);
    };
    // A valid event padded with whitespace to the size: only the size may be refused.
    byte[] event = validBytes(r);
    byte[] body = new byte[size];
    java.util.Arrays.fill(body, (byte) ' ');
    System.arraycopy(event, 0, body, 0, event.length);
    boolean batch = r.nextInt(4) == 0;
    if (batch) {
      body[0] = '[';
      System.arraycopy(event, 0, body, 1, event.length);
      body[size - 1] = ']';
    }
    boolean chunked = r.nextBoolean();
    Expect expect = size <= mib ? Expect.ACCEPT : Expect.REFUSE;
    return new Case(Kind.OVERSIZED, size + " bytes" + (chunked ? " chunked" : ""), "POST",
        batch ? "/v1/events/batch" : "/v1/events",
        GatewayFuzzHttp.headers("Authorization", "Bearer " + KENT_TOKEN, "Content-Type", "application/json"),
        body, chunked, expect, batch && size <= mib ? List.of(new Body(event, Expect.ACCEPT)) : List.of());
  }

  private static Case wrongRoute(Random r) {
    String uuid = new UUID(r.nextLong(), r.nextLong()).toString();
    String[][] routes = {
      {"GET", "/v1/events"}, {"PATCH", "/v1/events"}, {"OPTIONS", "/v1/events"}, {"TRACE", "/v1/events"},
      {"FOO", "/v1/events"}, {"DELETE", "/v1/events"}, {"PUT", "/v1/events"}, {"GET", "/v1/events/" + uuid},
      {"PATCH", "/v1/events/" + uuid}, {"POST", "/v1/events/" + uuid}, {"GET", "/v1/events/batch"},
      {"PUT", "/v1/events/batch/" + uuid}, {"POST", "/v1/event"}, {"POST", "/v2/events"}, {"POST", "/V1/EVENTS"},
      {"POST", "/v1/events/" + uuid + "/x"}, {"POST", "/v1/events/%00"}, {"POST", "/v1/events/%ZZ"},
      {"POST", "/v1/events/%2e%2e/%2e%2e/etc/passwd"}, {"POST", "/v1/events/" + "a".repeat(5000)},
      {"POST", "/v1/%C0%AF"}, {"POST", "/v1/events/\u00e9"}, {"POST", "/health"}, {"POST", "/openapi.json"},
      {"DELETE", "/health"}, {"PUT", "/v1/events/" + uuid}, {"DELETE", "/v1/events/" + uuid}, {"PUT", "/v1/events/not-a-uuid"},
      {"DELETE", "/v1/events/" + uuid.toUpperCase() + "0"}, {"POST", "/v1/events/..;/batch"}, {"POST", "*"},
      {"GET", "/v1/events/\uD800"}, {"POST", "/v1/events/batch;jsessionid=1"},
    };
    String[] route = routes[r.nextInt(routes.length)];
    // A PUT or DELETE of an event never reported is a 404; the body is a valid event or reason.
    byte[] body = route[0].equals("DELETE") ? utf8("{\"reason\":\"typo\"}") : validBytes(r);
    String path = new String(route[1].getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    return new Case(Kind.WRONG_ROUTE, route[0] + " " + route[1].substring(0, Math.min(60, route[1].length())),
        route[0], path, GatewayFuzzHttp.headers("Authorization", "Bearer " + KENT_TOKEN, "Content-Type", "application/json"),
        body, false, Expect.REFUSE, List.of());
  }

  private static Case badToken(Random r) {
    String[] auth = {
      null, "", "Bearer", "Bearer ", "Bearer clt_" + "x".repeat(43), "Bearer clt_", "Basic a2VudDprZW50",
      "Bearer " + "A".repeat(7_000), "Bearer \u00ff\u00fe", "Bearer " + KENT_TOKEN + "x", "Bearer x" + KENT_TOKEN,
      "Token " + KENT_TOKEN, KENT_TOKEN, "Bearer\t" + KENT_TOKEN.substring(0, 3), "Bearer null", "Bearer ${kent",
      "Bearer " + KENT_TOKEN.toUpperCase(), "Bearer %00", "Bearer \u0000",
    };
    String a = auth[r.nextInt(auth.length)];
    return new Case(Kind.BAD_TOKEN, String.valueOf(a).length() > 60 ? a.substring(0, 60) + "..." : String.valueOf(a), "POST",
        "/v1/events", GatewayFuzzHttp.headers("Authorization", a, "Content-Type", "application/json"), validBytes(r), false,
        Expect.REFUSE, List.of());
  }

  private static Case otherForce(Random r, boolean essexToken) {
    // Essex's token for a Kent event (403), or Kent's for another force's event (403).
    ObjectNode e = validEvent(r);
    String token = KENT_TOKEN;
    if (essexToken) {
      token = ESSEX_TOKEN;
    } else {
      e.put("force", new String[] {"essex", "metropolitan", "atlantis", "Kent", "kent-"}[r.nextInt(5)]);
    }
    return new Case(Kind.OTHER_FORCE, token.equals(ESSEX_TOKEN) ? "essex token" : e.get("force").asText(), "POST",
        "/v1/events", GatewayFuzzHttp.headers("Authorization", "Bearer " + token, "Content-Type", "application/json"),
        utf8(e.toString()), false, Expect.REFUSE, List.of());
  }

  private static Case batch(Random r) {
    int n = r.nextInt(7);
    List<Body> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Kind k = new Kind[] {Kind.VALID, Kind.VALID, Kind.BAD_NUMBER, Kind.ODD_UNICODE, Kind.ODD_REASON, Kind.UNKNOWN_FIELD,
        Kind.MISSING_FIELD, Kind.WRONG_TYPE, Kind.OTHER_FORCE}[r.nextInt(9)];
      Case c = k == Kind.OTHER_FORCE ? otherForce(r, false) : generate(k, r);
      items.add(new Body(c.body(), c.expect()));
    }
    if (r.nextInt(8) == 0) {
      items.add(new Body(utf8(new String[] {"1", "\"event\"", "null", "[]", "true"}[r.nextInt(5)]), Expect.REFUSE));
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write('[');
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        body.write(',');
      }
      body.writeBytes(items.get(i).bytes());
    }
    body.write(']');
    return new Case(Kind.BATCH, items.size() + " items", "POST", "/v1/events/batch",
        GatewayFuzzHttp.headers("Authorization", "Bearer " + KENT_TOKEN, "Content-Type", "application/json"),
        body.toByteArray(), false, Expect.ACCEPT, items);
  }

  /** An amendment of an event the run reported earlier: a valid one, or a broken one. */
  private static Case amend(Random r) {
    boolean valid = r.nextBoolean();
    Case c = generate(valid ? Kind.VALID : new Kind[] {Kind.BAD_NUMBER, Kind.ODD_UNICODE, Kind.UNKNOWN_FIELD,
      Kind.WRONG_TYPE, Kind.DEEP_NESTING, Kind.MALFORMED}[r.nextInt(6)], r);
    byte[] body = c.body();
    if (valid) {
      ObjectNode e = (ObjectNode) readTree(body);
      e.remove("eventId");
      // The next revision is the gateway's to choose; a given one may be too low (409).
      e.remove("revision");
      body = utf8(e.toString());
    }
    return new Case(Kind.AMEND, (valid ? "valid" : c.kind() + " " + c.label()), "PUT", "/v1/events/" + KNOWN_ID,
        GatewayFuzzHttp.headers("Authorization", "Bearer " + KENT_TOKEN, "Content-Type", "application/json"),
        body, false, valid ? Expect.ACCEPT : c.expect() == Expect.EITHER ? Expect.EITHER : Expect.REFUSE, List.of());
  }

  /** A withdrawal of an event the run reported earlier, with a reason that may be odd. */
  private static Case withdraw(Random r) {
    String body;
    Expect expect;
    switch (r.nextInt(5)) {
      case 0 -> {
        body = "{\"reason\":\"reported twice\"}";
        expect = Expect.ACCEPT;
      }
      case 1 -> {
        String odd = ODD_STRINGS[r.nextInt(ODD_STRINGS.length)];
        body = GatewayFuzzHttp.JSON.createObjectNode().put("reason", odd).toString();
        expect = odd.isBlank() || odd.codePointCount(0, odd.length()) > 500 ? Expect.REFUSE : Expect.EITHER;
      }
      case 2 -> {
        body = new String[] {"{}", "{\"reason\":5}", "{\"reason\":\" \"}", "{\"reason\":null}", "{\"reason\":[\"x\"]}",
          "{\"reason\":\"x\",\"name\":\"John\"}", "{\"reason\":\"x\",\"reporter\":7}", "[]", "\"x\"", "{\"reason\":\"x\"",
          "{\"reason\":\"" + "x".repeat(501) + "\"}", "{\"reason\":\"x\",\"reporter\":\"John Smith\"}"}[r.nextInt(12)];
        expect = Expect.REFUSE;
      }
      case 3 -> {
        String reporter = ODD_STRINGS[r.nextInt(ODD_STRINGS.length)];
        body = GatewayFuzzHttp.JSON.createObjectNode().put("reason", "x").put("reporter", reporter).toString();
        expect = REPORTER.matcher(reporter).matches() ? Expect.ACCEPT : Expect.REFUSE;
      }
      default -> {
        String literal = BAD_NUMBERS[r.nextInt(BAD_NUMBERS.length)];
        body = "{\"reason\":__NUM__}".replace("__NUM__", literal);
        // A bad number is a bad reason, except the quoted ones: "7" is a fine reason, "" is blank.
        expect = literal.startsWith("\"") && literal.length() > 2 ? Expect.ACCEPT : Expect.REFUSE;
      }
    }
    return new Case(Kind.WITHDRAW, GatewayFuzzHttp.abbreviate(body), "DELETE", "/v1/events/" + KNOWN_ID,
        GatewayFuzzHttp.headers("Authorization", "Bearer " + KENT_TOKEN, "Content-Type", "application/json"),
        utf8(body), false, expect, List.of());
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static Case post(Kind kind, String label, byte[] body, Expect expect) {
    return new Case(kind, label, "POST", "/v1/events",
        GatewayFuzzHttp.headers("Authorization", "Bearer " + KENT_TOKEN, "Content-Type", "application/json"),
        body, false, expect, List.of());
  }

  static byte[] utf8(String s) {
    // String.getBytes would turn a lone surrogate into '?': write such a string escaped instead, as JSON text
    // sent by a client would carry it (backslash-u escapes). Only JSON text reaches here, so escaping is safe.
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
      if (Character.isSurrogate(c) && !paired && !(Character.isLowSurrogate(c) && i > 0
          && Character.isHighSurrogate(s.charAt(i - 1)))) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static JsonNode readTree(byte[] body) {
    try {
      return GatewayFuzzHttp.JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] replace(byte[] in, byte[] what, byte[] with) {
    String hex = java.util.HexFormat.of().formatHex(in);
    String result = hex.replace(java.util.HexFormat.of().formatHex(what), java.util.HexFormat.of().formatHex(with));
    return java.util.HexFormat.of().parseHex(result);
  }

  /** A string shown in a label: control and non-ASCII characters as escapes. */
  static String escape(String s) {
    return escape(s, 40);
  }

  static String escape(String s, int limit) {
    StringBuilder sb = new StringBuilder();
    s.chars().limit(limit).forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
    return s.length() > limit ? sb + "...(" + s.length() + ")" : sb.toString();
  }
}
