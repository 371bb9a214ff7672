package org.countline.controlroom;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.countline.avro.Operation;
import org.countline.core.ForceInfo;
import org.countline.core.Tally;
import org.countline.core.json.TotalsJson;

/** The JSON shapes of the control room's API and stream, apart from the totals themselves ({@link TotalsJson}). */
final class ControlRoomJson {
  /** Plain decimals, as {@link TotalsJson} writes them: {@code 250000.0}, never {@code 2.5E+5}. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ControlRoomJson() {}

  static ObjectNode object() {
    return NODES.objectNode();
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write a JSON tree", e);
    }
  }

  /**
   * Totals in the contract's shape; a key nothing has been counted for yet reads as zeros with
   * {@code "updatedAt": null}, so that a client never shows 1970 as the time of the last update.
   */
  static ObjectNode totals(Tally tally) {
    if (tally == null) {
      ObjectNode zero = TotalsJson.toJson(Tally.zero());
      zero.putNull("updatedAt");
      return zero;
    }
    return TotalsJson.toJson(tally);
  }

  /** An operation as the API shows it; dates are ISO local dates, the status lower case. */
  static ObjectNode operation(Operation o) {
    ObjectNode json = object();
    json.put("id", o.getId());
    json.put("name", o.getName());
    json.put("kind", o.getKind());
    json.put("start", o.getStart().toString());
    json.put("end", o.getEnd().toString());
    json.put("timeZone", o.getTimeZone());
    json.put("status", o.getStatus().toString().toLowerCase(Locale.ROOT));
    json.put("previousOperationId", o.getPreviousOperationId());
    json.put("closedAt", o.getClosedAt() == null ? null : o.getClosedAt().toString());
    return json;
  }

  /** An operation known only from its totals (its record is not, or no longer, on the operations topic). */
  static ObjectNode unknownOperation(String id) {
    ObjectNode json = object();
    json.put("id", id);
    json.put("name", id);
    json.putNull("kind");
    json.putNull("start");
    json.putNull("end");
    json.putNull("timeZone");
    json.putNull("status");
    json.putNull("previousOperationId");
    json.putNull("closedAt");
    return json;
  }

  static ObjectNode force(ForceInfo f) {
    ObjectNode json = object();
    json.put("code", f.code());
    json.put("name", f.name());
    json.put("region", f.region());
    json.put("regionName", f.regionName());
    return json;
  }

  static ObjectNode region(String code, String name) {
    ObjectNode json = object();
    json.put("code", code);
    json.put("name", name);
    return json;
  }

  /** The body of every 4xx answer: {@code {"error": "..."}}. */
  static String error(String message) {
    ObjectNode json = object();
    json.put("error", message);
    return write(json);
  }
}
