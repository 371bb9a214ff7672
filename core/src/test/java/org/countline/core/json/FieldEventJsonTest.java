package org.countline.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.countline.avro.Arrest;
import org.countline.avro.DealLineClosed;
import org.countline.avro.Drug;
import org.countline.avro.DrugSeizure;
import org.countline.avro.Engagement;
import org.countline.avro.FieldEvent;
import org.countline.avro.Safeguarding;
import org.countline.avro.Seizure;
import org.countline.avro.Source;
import org.countline.avro.VehicleStop;
import org.countline.avro.WarrantExecuted;
import org.countline.avro.WeaponSeizure;
import org.countline.avro.WeaponType;
import org.countline.avro.Withdrawal;
import org.countline.core.TestEvents;
import org.countline.core.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FieldEventJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2022-10-04T08:45:12.345Z");
  private static final UUID ASSIGNED = UUID.fromString("00000000-0000-4000-8000-000000000001");
  private static final ParseOptions OPTIONS = ParseOptions.of(Source.GATEWAY)
      .withClock(Clock.fixed(NOW, ZoneOffset.UTC))
      .withIdSupplier(() -> ASSIGNED);

  /** The contract's own example ("Field event, as JSON"), verbatim. */
  static final String CONTRACT_EXAMPLE = """
      {"eventId": "5b0f3c1e-2a6d-4c1e-9d1e-6a1f0c2b7e11", "revision": 1,
       "operationId": "cliw-2022-10", "force": "thames-valley",
       "type": "seizure", "occurredAt": "2022-10-04T09:30:00+01:00", "reporter": "r-1842",
       "seizure": {"drugs": [{"drug": "cocaine", "quantity": 5000, "unit": "g", "valueGbp": 250000}],
                   "cashGbp": 15000, "weapons": [{"type": "bladed", "count": 2}], "phones": 3}}
      """;

  private static final String HEAD = "\"eventId\": \"" + TestEvents.EVENT_ID + "\", \"operationId\": \"cliw-2022-10\","
      + " \"force\": \"kent\", \"occurredAt\": \"2022-10-04T09:30:00+01:00\"";

  /** A document with the usual head fields and {@code rest}, e.g. {@code "type": "arrest"}. */
  static String doc(String rest) {
    return "{" + HEAD + ", " + rest + "}";
  }

  private static FieldEvent parsed(String json) {
    ParseResult result = FieldEventJson.parse(json, OPTIONS);
    assertThat(result.violations()).as("violations of %s", json).isEmpty();
    return result.event();
  }

  private static List<Violation> refused(String json) {
    ParseResult result = FieldEventJson.parse(json, OPTIONS);
    assertThat(result.isOk()).as("%s should be refused", json).isFalse();
    return result.violations();
  }

  // --- reading valid events -----------------------------------------------------------------------

  @Test
  void shouldParseTheContractSeizureExample() {
    FieldEvent event = parsed(CONTRACT_EXAMPLE);

    assertThat(event.getEventId()).isEqualTo("5b0f3c1e-2a6d-4c1e-9d1e-6a1f0c2b7e11");
    assertThat(event.getRevision()).isEqualTo(1);
    assertThat(event.getOperationId()).isEqualTo("cliw-2022-10");
    assertThat(event.getForce()).isEqualTo("thames-valley");
    assertThat(event.getOccurredAt()).isEqualTo(Instant.parse("2022-10-04T08:30:00Z"));
    assertThat(event.getReportedAt()).isEqualTo(NOW);
    assertThat(event.getReporter()).isEqualTo("r-1842");
    assertThat(event.getSource()).isEqualTo(Source.GATEWAY);
    assertThat(event.getPayload()).isEqualTo(new Seizure(
        List.of(new DrugSeizure(Drug.COCAINE, 5_000_000L, 25_000_000L)),
        1_500_000L,
        List.of(new WeaponSeizure(WeaponType.BLADED, 2)),
        3));
  }

  static Stream<Arguments> everyType() {
    return Stream.of(
        Arguments.of("\"type\": \"arrest\", \"arrest\": {\"count\": 3, \"charged\": 2, \"remanded\": 1}", new Arrest(3, 2, 1)),
        Arguments.of("\"type\": \"warrant\", \"warrant\": {\"count\": 4}", new WarrantExecuted(4)),
        Arguments.of("\"type\": \"vehicle_stop\", \"vehicle_stop\": {\"count\": 5}", new VehicleStop(5)),
        Arguments.of("\"type\": \"seizure\", \"seizure\": {\"drugs\": [{\"drug\": \"class_a_wraps\", \"quantity\": 36,"
            + " \"unit\": \"count\", \"valueGbp\": 360}], \"cashGbp\": 0.5, \"weapons\": [], \"phones\": 2}",
            new Seizure(List.of(new DrugSeizure(Drug.CLASS_A_WRAPS, 36L, 36_000L)), 50L, List.of(), 2)),
        Arguments.of("\"type\": \"deal_line_closed\", \"deal_line_closed\": {\"count\": 1}", new DealLineClosed(1)),
        Arguments.of("\"type\": \"safeguarding\", \"safeguarding\": {\"adults\": 1, \"children\": 2, \"nrmReferrals\": 3,"
            + " \"cuckooVisits\": 4}", new Safeguarding(1, 2, 3, 4)),
        Arguments.of("\"type\": \"engagement\", \"engagement\": {\"schools\": 1, \"children\": 30, \"adults\": 4,"
            + " \"partners\": 2}", new Engagement(1, 30, 4, 2)),
        Arguments.of("\"type\": \"withdrawal\", \"withdrawal\": {\"reason\": \"entered twice\"}", new Withdrawal("entered twice")));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("everyType")
  void shouldParseEveryType(String rest, Object expected) {
    assertThat(parsed(doc(rest)).getPayload()).isEqualTo(expected);
  }

  @Test
  void shouldDefaultMissingCountToOneAndOtherFiguresToZero() {
    assertThat(parsed(doc("\"type\": \"arrest\"")).getPayload()).isEqualTo(new Arrest(1, 0, 0));
    assertThat(parsed(doc("\"type\": \"arrest\", \"arrest\": {\"charged\": 1}")).getPayload()).isEqualTo(new Arrest(1, 1, 0));
    assertThat(parsed(doc("\"type\": \"warrant\", \"warrant\": {}")).getPayload()).isEqualTo(new WarrantExecuted(1));
    assertThat(parsed(doc("\"type\": \"vehicle_stop\"")).getPayload()).isEqualTo(new VehicleStop(1));
    assertThat(parsed(doc("\"type\": \"deal_line_closed\"")).getPayload()).isEqualTo(new DealLineClosed(1));
    assertThat(parsed(doc("\"type\": \"safeguarding\"")).getPayload()).isEqualTo(new Safeguarding(0, 0, 0, 0));
    assertThat(parsed(doc("\"type\": \"engagement\"")).getPayload()).isEqualTo(new Engagement(0, 0, 0, 0));
    assertThat(parsed(doc("\"type\": \"seizure\"")).getPayload()).isEqualTo(new Seizure(List.of(), 0L, List.of(), 0));
    assertThat(parsed(doc("\"type\": \"seizure\", \"seizure\": {\"weapons\": [{\"type\": \"firearm\"}],"
        + " \"drugs\": [{\"drug\": \"heroin\", \"quantity\": 2, \"unit\": \"g\"}]}")).getPayload())
        .isEqualTo(new Seizure(List.of(new DrugSeizure(Drug.HEROIN, 2000L, 0L)), 0L,
            List.of(new WeaponSeizure(WeaponType.FIREARM, 1)), 0));
  }

  @Test
  void shouldTreatJsonNullAsMissing() {
    assertThat(parsed(doc("\"type\": \"arrest\", \"arrest\": {\"count\": null}, \"revision\": null, \"reporter\": null,"
        + " \"seizure\": null")).getPayload()).isEqualTo(new Arrest(1, 0, 0));
  }

  @Test
  void shouldDefaultRevisionReportedAtAndReporterAndTakeSourceFromOptions() {
    FieldEvent event = parsed(doc("\"type\": \"arrest\""));

    assertThat(event.getRevision()).isEqualTo(1);
    assertThat(event.getReportedAt()).isEqualTo(NOW);
    assertThat(event.getReporter()).isEqualTo(ParseOptions.UNKNOWN_REPORTER);
    assertThat(event.getSource()).isEqualTo(Source.GATEWAY);

    FieldEvent imported = FieldEventJson.parse(doc("\"type\": \"arrest\""),
        OPTIONS.withSource(Source.IMPORT).withDefaultReporter("import-1")).event();
    assertThat(imported.getSource()).isEqualTo(Source.IMPORT);
    assertThat(imported.getReporter()).isEqualTo("import-1");
  }

  @Test
  void shouldTruncateDefaultReportedAtToMilliseconds() {
    Clock nanos = Clock.fixed(Instant.parse("2022-10-04T08:45:12.345678901Z"), ZoneOffset.UTC);
    FieldEvent event = FieldEventJson.parse(doc("\"type\": \"arrest\""), OPTIONS.withClock(nanos)).event();

    assertThat(event.getReportedAt()).isEqualTo(Instant.parse("2022-10-04T08:45:12.345Z"));
  }

  @Test
  void shouldKeepGivenReportedAtAndRevision() {
    FieldEvent event = parsed(doc("\"type\": \"arrest\", \"revision\": 3, \"reportedAt\": \"2022-10-04T10:00:00.250Z\""));

    assertThat(event.getRevision()).isEqualTo(3);
    assertThat(event.getReportedAt()).isEqualTo(Instant.parse("2022-10-04T10:00:00.250Z"));
  }

  @Test
  void shouldAssignEventIdWhenMissingAndOptionsAssign() {
    String json = "{\"operationId\": \"op\", \"force\": \"kent\", \"type\": \"arrest\", \"occurredAt\": \"2022-10-04T09:30:00Z\"}";

    assertThat(FieldEventJson.parse(json, OPTIONS).event().getEventId()).isEqualTo(ASSIGNED.toString());
  }

  @Test
  void shouldRequireEventIdWhenOptionsRequireIt() {
    String json = "{\"operationId\": \"op\", \"force\": \"kent\", \"type\": \"arrest\", \"occurredAt\": \"2022-10-04T09:30:00Z\"}";

    assertThat(FieldEventJson.parse(json, OPTIONS.requiringEventId()).violations())
        .containsExactly(new Violation("eventId", "is required"));
  }

  @Test
  void shouldStoreEventIdInLowerCaseSoThatRetriesMatch() {
    String upper = TestEvents.EVENT_ID.toUpperCase(java.util.Locale.ROOT);
    String json = "{\"eventId\": \"" + upper + "\", \"operationId\": \"op\", \"force\": \"kent\", \"type\": \"arrest\","
        + " \"occurredAt\": \"2022-10-04T09:30:00Z\"}";

    assertThat(parsed(json).getEventId()).isEqualTo(TestEvents.EVENT_ID);
  }

  @Test
  void shouldReadOccurredAtWithOffsetOrZToTheMillisecond() {
    String z = "{\"eventId\": \"" + TestEvents.EVENT_ID + "\", \"operationId\": \"op\", \"force\": \"kent\","
        + " \"type\": \"arrest\", \"occurredAt\": \"2022-10-30T01:30:00.123456Z\"}";
    String offset = z.replace("2022-10-30T01:30:00.123456Z", "2022-10-30T01:30:00.123+00:00");
    String bst = z.replace("2022-10-30T01:30:00.123456Z", "2022-10-30T01:30:00.123+01:00");

    assertThat(parsed(z).getOccurredAt()).isEqualTo(Instant.parse("2022-10-30T01:30:00.123Z"));
    assertThat(parsed(offset).getOccurredAt()).isEqualTo(Instant.parse("2022-10-30T01:30:00.123Z"));
    assertThat(parsed(bst).getOccurredAt()).isEqualTo(Instant.parse("2022-10-30T00:30:00.123Z"));
  }

  @Test
  void shouldConvertKilogramsToMilligrams() {
    FieldEvent event = parsed(doc("\"type\": \"seizure\", \"seizure\": {\"drugs\": ["
        + "{\"drug\": \"cannabis\", \"quantity\": 1.5, \"unit\": \"kg\"},"
        + "{\"drug\": \"other\", \"quantity\": 0.000001, \"unit\": \"kg\"}]}"));

    assertThat(((Seizure) event.getPayload()).getDrugs())
        .extracting(DrugSeizure::getQuantity)
        .containsExactly(1_500_000L, 1L);
  }

  @Test
  void shouldConvertGramsWithUpToThreeDecimalsToMilligrams() {
    FieldEvent event = parsed(doc("\"type\": \"seizure\", \"seizure\": {\"drugs\": ["
        + "{\"drug\": \"crack_cocaine\", \"quantity\": 10.125, \"unit\": \"g\"},"
        + "{\"drug\": \"heroin\", \"quantity\": 0.001, \"unit\": \"g\"}]}"));

    assertThat(((Seizure) event.getPayload()).getDrugs())
        .extracting(DrugSeizure::getQuantity)
        .containsExactly(10_125L, 1L);
  }

  @Test
  void shouldReadPoundsExactlyIntoPence() {
    // 0.29 * 100 is 28.999999999999996 in double arithmetic.
    FieldEvent event = parsed(doc("\"type\": \"seizure\", \"seizure\": {\"cashGbp\": 0.29, \"drugs\": ["
        + "{\"drug\": \"cocaine\", \"quantity\": 1, \"unit\": \"g\", \"valueGbp\": 999999999999.99}]}"));
    Seizure seizure = (Seizure) event.getPayload();

    assertThat(seizure.getCashPence()).isEqualTo(29L);
    assertThat(seizure.getDrugs().get(0).getValuePence()).isEqualTo(99_999_999_999_999L);
  }

  @Test
  void shouldReadPoundsExactlyFromATreeHoldingDoubles() {
    ObjectNode tree = (ObjectNode) readTree(doc("\"type\": \"seizure\", \"seizure\": {\"cashGbp\": 0.29}"));

    assertThat(((Seizure) FieldEventJson.parse(tree, OPTIONS).event().getPayload()).getCashPence()).isEqualTo(29L);
  }

  @Test
  void shouldAcceptWholeNumbersWrittenWithADecimalPoint() {
    assertThat(parsed(doc("\"type\": \"arrest\", \"arrest\": {\"count\": 3.0, \"charged\": 2e0}, \"revision\": 2.00"))
        .getPayload()).isEqualTo(new Arrest(3, 2, 0));
  }

  @Test
  void shouldAcceptTheLargestCountAndAReasonOfFiveHundredCodePoints() {
    assertThat(parsed(doc("\"type\": \"arrest\", \"arrest\": {\"count\": 2147483647}")).getPayload())
        .isEqualTo(new Arrest(Integer.MAX_VALUE, 0, 0));
    String emoji = "\uD83D\uDE93".repeat(500); // 500 police cars: 1,000 UTF-16 chars
    assertThat(parsed(doc("\"type\": \"withdrawal\", \"withdrawal\": {\"reason\": \"" + emoji + "\"}")).getPayload())
        .isEqualTo(new Withdrawal(emoji));
  }

  // --- refusing -----------------------------------------------------------------------------------

  static Stream<Arguments> refusals() {
    String uuid = TestEvents.EVENT_ID;
    String noHead = "\"operationId\": \"op\", \"force\": \"kent\", \"occurredAt\": \"2022-10-04T09:30:00Z\"";
    return Stream.of(
        // eventId and revision
        refusal("{\"eventId\": \"not-a-uuid\", " + noHead + ", \"type\": \"arrest\"}", "eventId", "must be a UUID"),
        refusal("{\"eventId\": \"" + uuid.replace("-", "") + "\", " + noHead + ", \"type\": \"arrest\"}", "eventId", "must be a UUID"),
        refusal("{\"eventId\": 42, " + noHead + ", \"type\": \"arrest\"}", "eventId", "must be a UUID"),
        refusal(doc("\"type\": \"arrest\", \"revision\": 0"), "revision", "must be >= 1"),
        refusal(doc("\"type\": \"arrest\", \"revision\": -3"), "revision", "must be >= 1"),
        refusal(doc("\"type\": \"arrest\", \"revision\": \"1\""), "revision", "must be an integer"),
        refusal(doc("\"type\": \"arrest\", \"revision\": 1.5"), "revision", "must be an integer"),
        refusal(doc("\"type\": \"arrest\", \"revision\": 2147483648"), "revision", "must be <= 2147483647"),
        // operationId and force
        refusal("{\"eventId\": \"" + uuid + "\", \"force\": \"kent\", \"occurredAt\": \"2022-10-04T09:30:00Z\", \"type\": \"arrest\"}",
            "operationId", "is required"),
        refusal("{\"eventId\": \"" + uuid + "\", \"operationId\": \" \", \"force\": \"kent\", \"occurredAt\": \"2022-10-04T09:30:00Z\","
            + " \"type\": \"arrest\"}", "operationId", "must not be blank"),
        refusal("{\"eventId\": \"" + uuid + "\", \"operationId\": 7, \"force\": \"kent\", \"occurredAt\": \"2022-10-04T09:30:00Z\","
            + " \"type\": \"arrest\"}", "operationId", "must be a string"),
        refusal("{\"eventId\": \"" + uuid + "\", \"operationId\": \"op/kent\", \"force\": \"kent\","
            + " \"occurredAt\": \"2022-10-04T09:30:00Z\", \"type\": \"arrest\"}", "operationId", "must not contain '/'"),
        refusal("{\"eventId\": \"" + uuid + "\", \"operationId\": \"op\", \"occurredAt\": \"2022-10-04T09:30:00Z\", \"type\": \"arrest\"}",
            "force", "is required"),
        refusal("{\"eventId\": \"" + uuid + "\", \"operationId\": \"op\", \"force\": \"" + "k".repeat(101) + "\","
            + " \"occurredAt\": \"2022-10-04T09:30:00Z\", \"type\": \"arrest\"}", "force", "must be at most 100 characters"),
        // type
        refusal(doc("\"arrest\": {}"), "type", "is required"),
        refusal(doc("\"type\": \"riot\""), "type",
            "must be one of arrest, warrant, vehicle_stop, seizure, deal_line_closed, safeguarding, engagement, withdrawal"),
        refusal(doc("\"type\": \"Arrest\""), "type",
            "must be one of arrest, warrant, vehicle_stop, seizure, deal_line_closed, safeguarding, engagement, withdrawal"),
        refusal(doc("\"type\": [\"arrest\"]"), "type", "must be a string"),
        // times
        refusal("{\"eventId\": \"" + uuid + "\", \"operationId\": \"op\", \"force\": \"kent\", \"type\": \"arrest\"}",
            "occurredAt", "is required"),
        refusal("{\"eventId\": \"" + uuid + "\", \"operationId\": \"op\", \"force\": \"kent\", \"type\": \"arrest\","
            + " \"occurredAt\": \"2022-10-04T09:30:00\"}", "occurredAt", "must be an ISO-8601 date-time with an offset"),
        refusal("{\"eventId\": \"" + uuid + "\", \"operationId\": \"op\", \"force\": \"kent\", \"type\": \"arrest\","
            + " \"occurredAt\": \"yesterday\"}", "occurredAt", "must be an ISO-8601 date-time with an offset"),
        refusal("{\"eventId\": \"" + uuid + "\", \"operationId\": \"op\", \"force\": \"kent\", \"type\": \"arrest\","
            + " \"occurredAt\": 1664872200000}", "occurredAt", "must be a string"),
        refusal("{\"eventId\": \"" + uuid + "\", \"operationId\": \"op\", \"force\": \"kent\", \"type\": \"arrest\","
            + " \"occurredAt\": \"+999999999-12-31T23:59:59Z\"}", "occurredAt", "must be between the years 1 and 9999"),
        refusal(doc("\"type\": \"arrest\", \"reportedAt\": \"2022-10-04\""), "reportedAt", "must be an ISO-8601 date-time"),
        // reporter: a pseudonymous id, not a name
        refusal(doc("\"type\": \"arrest\", \"reporter\": \"PC John Smith\""), "reporter", "must be a pseudonymous id"),
        refusal(doc("\"type\": \"arrest\", \"reporter\": \"john.smith@police.uk\""), "reporter", "must be a pseudonymous id"),
        refusal(doc("\"type\": \"arrest\", \"reporter\": \"\""), "reporter", "must be a pseudonymous id"),
        // unknown fields and bodies
        refusal(doc("\"type\": \"arrest\", \"suspectName\": \"x\""), "suspectName", "unknown field"),
        refusal(doc("\"type\": \"arrest\", \"source\": \"APP\""), "source", "unknown field"),
        refusal(doc("\"type\": \"arrest\", \"arrest\": {\"count\": 1, \"notes\": \"x\"}"), "arrest.notes", "unknown field"),
        refusal(doc("\"type\": \"seizure\", \"seizure\": {\"drugs\": [{\"drug\": \"cocaine\", \"quantity\": 1, \"unit\": \"g\","
            + " \"where\": \"x\"}]}"), "seizure.drugs[0].where", "unknown field"),
        refusal(doc("\"type\": \"arrest\", \"seizure\": {}"), "seizure", "does not match type 'arrest'"),
        refusal(doc("\"type\": \"arrest\", \"arrest\": [1]"), "arrest", "must be an object"),
        refusal(doc("\"type\": \"arrest\", \"arrest\": 1"), "arrest", "must be an object"),
        // counts
        refusal(doc("\"type\": \"arrest\", \"arrest\": {\"count\": -1}"), "arrest.count", "must be >= 0"),
        refusal(doc("\"type\": \"arrest\", \"arrest\": {\"charged\": 2147483648}"), "arrest.charged", "must be <= 2147483647"),
        refusal(doc("\"type\": \"arrest\", \"arrest\": {\"remanded\": 1e999999999}"), "arrest.remanded", "must be <= 2147483647"),
        refusal(doc("\"type\": \"arrest\", \"arrest\": {\"count\": 99999999999999999999999999999}"), "arrest.count",
            "must be <= 2147483647"),
        refusal(doc("\"type\": \"arrest\", \"arrest\": {\"count\": \"3\"}"), "arrest.count", "must be an integer"),
        refusal(doc("\"type\": \"arrest\", \"arrest\": {\"count\": true}"), "arrest.count", "must be an integer"),
        refusal(doc("\"type\": \"arrest\", \"arrest\": {\"count\": 1.5}"), "arrest.count", "must be an integer"),
        refusal(doc("\"type\": \"warrant\", \"warrant\": {\"count\": -1}"), "warrant.count", "must be >= 0"),
        refusal(doc("\"type\": \"vehicle_stop\", \"vehicle_stop\": {\"count\": -1}"), "vehicle_stop.count", "must be >= 0"),
        refusal(doc("\"type\": \"deal_line_closed\", \"deal_line_closed\": {\"count\": {}}"), "deal_line_closed.count",
            "must be an integer"),
        refusal(doc("\"type\": \"safeguarding\", \"safeguarding\": {\"nrmReferrals\": -2}"), "safeguarding.nrmReferrals",
            "must be >= 0"),
        refusal(doc("\"type\": \"engagement\", \"engagement\": {\"schools\": 0.5}"), "engagement.schools", "must be an integer"),
        // seizures
        refusal(seizure("{\"drug\": \"cocaine\", \"quantity\": -1, \"unit\": \"g\"}"), "seizure.drugs[0].quantity", "must be >= 0"),
        refusal(seizure("{\"drug\": \"cocaine\", \"unit\": \"g\"}"), "seizure.drugs[0].quantity", "is required"),
        refusal(seizure("{\"drug\": \"cocaine\", \"quantity\": \"5\", \"unit\": \"g\"}"), "seizure.drugs[0].quantity",
            "must be a number"),
        refusal(seizure("{\"drug\": \"meth\", \"quantity\": 1, \"unit\": \"g\"}"), "seizure.drugs[0].drug",
            "must be one of cocaine, crack_cocaine, heroin, cannabis, cannabis_plants, class_a_wraps, other"),
        refusal(seizure("{\"quantity\": 1, \"unit\": \"g\"}"), "seizure.drugs[0].drug", "is required"),
        refusal(seizure("{\"drug\": \"cocaine\", \"quantity\": 1, \"unit\": \"lb\"}"), "seizure.drugs[0].unit",
            "must be one of g, kg, count"),
        refusal(seizure("{\"drug\": \"cocaine\", \"quantity\": 1}"), "seizure.drugs[0].unit", "is required"),
        refusal(seizure("{\"drug\": \"cocaine\", \"quantity\": 1, \"unit\": \"count\"}"), "seizure.drugs[0].unit",
            "must be g or kg for cocaine"),
        refusal(seizure("{\"drug\": \"cannabis_plants\", \"quantity\": 1, \"unit\": \"g\"}"), "seizure.drugs[0].unit",
            "must be count for cannabis_plants"),
        refusal(seizure("{\"drug\": \"class_a_wraps\", \"quantity\": 2.5, \"unit\": \"count\"}"), "seizure.drugs[0].quantity",
            "must be an integer"),
        refusal(seizure("{\"drug\": \"class_a_wraps\", \"quantity\": 2147483648, \"unit\": \"count\"}"),
            "seizure.drugs[0].quantity", "must be <= 2147483647"),
        refusal(seizure("{\"drug\": \"cocaine\", \"quantity\": 1.0005, \"unit\": \"g\"}"), "seizure.drugs[0].quantity",
            "must have at most 3 decimal places in g"),
        refusal(seizure("{\"drug\": \"cocaine\", \"quantity\": 1.0000005, \"unit\": \"kg\"}"), "seizure.drugs[0].quantity",
            "must have at most 6 decimal places in kg"),
        refusal(seizure("{\"drug\": \"cocaine\", \"quantity\": 1000000001, \"unit\": \"kg\"}"), "seizure.drugs[0].quantity",
            "must be <= 1000000000 kg"),
        refusal(seizure("{\"drug\": \"cocaine\", \"quantity\": 1e999999999, \"unit\": \"g\"}"), "seizure.drugs[0].quantity",
            "must be <= 1000000000000 g"),
        refusal(seizure("{\"drug\": \"cocaine\", \"quantity\": 1, \"unit\": \"g\", \"valueGbp\": 1.005}"),
            "seizure.drugs[0].valueGbp", "must have at most 2 decimal places"),
        refusal(seizure("{\"drug\": \"cocaine\", \"quantity\": 1, \"unit\": \"g\", \"valueGbp\": -5}"),
            "seizure.drugs[0].valueGbp", "must be >= 0"),
        refusal(seizure("\"cocaine\""), "seizure.drugs[0]", "must be an object"),
        refusal(doc("\"type\": \"seizure\", \"seizure\": {\"drugs\": {\"drug\": \"cocaine\"}}"), "seizure.drugs", "must be an array"),
        refusal(doc("\"type\": \"seizure\", \"seizure\": {\"cashGbp\": -0.01}"), "seizure.cashGbp", "must be >= 0"),
        refusal(doc("\"type\": \"seizure\", \"seizure\": {\"cashGbp\": \"100\"}"), "seizure.cashGbp", "must be a number"),
        refusal(doc("\"type\": \"seizure\", \"seizure\": {\"cashGbp\": 1000000000000.01}"), "seizure.cashGbp",
            "must be <= 1000000000000"),
        refusal(doc("\"type\": \"seizure\", \"seizure\": {\"weapons\": [{\"type\": \"gun\"}]}"), "seizure.weapons[0].type",
            "must be one of firearm, bladed, other"),
        refusal(doc("\"type\": \"seizure\", \"seizure\": {\"weapons\": [{\"type\": \"bladed\", \"count\": -2}]}"),
            "seizure.weapons[0].count", "must be >= 0"),
        refusal(doc("\"type\": \"seizure\", \"seizure\": {\"weapons\": [{\"count\": 2}]}"), "seizure.weapons[0].type", "is required"),
        refusal(doc("\"type\": \"seizure\", \"seizure\": {\"phones\": -1}"), "seizure.phones", "must be >= 0"),
        // withdrawals
        refusal(doc("\"type\": \"withdrawal\""), "withdrawal.reason", "is required"),
        refusal(doc("\"type\": \"withdrawal\", \"withdrawal\": {}"), "withdrawal.reason", "is required"),
        refusal(doc("\"type\": \"withdrawal\", \"withdrawal\": {\"reason\": \"  \"}"), "withdrawal.reason", "must not be blank"),
        refusal(doc("\"type\": \"withdrawal\", \"withdrawal\": {\"reason\": \"" + "x".repeat(501) + "\"}"), "withdrawal.reason",
            "must be at most 500 characters"),
        refusal(doc("\"type\": \"withdrawal\", \"withdrawal\": {\"reason\": 5}"), "withdrawal.reason", "must be a string"),
        // the document
        refusal("[]", "$", "must be a JSON object"),
        refusal("\"arrest\"", "$", "must be a JSON object"),
        refusal("null", "$", "is required"),
        refusal("", "$", "is required"),
        refusal("   ", "$", "is required"),
        refusal("{\"type\": }", "$", "malformed JSON at line 1 column 10"),
        refusal("{\"type\": \"arrest\"} {}", "$", "malformed JSON at line 1 column"),
        refusal("{\"revision\": NaN}", "$", "malformed JSON at line 1 column"),
        refusal("{\"type\": \"arrest\",\n \"type\": \"seizure\"}", "$", "malformed JSON at line 2 column"),
        refusal("{\"type\": \"arrest\",\n \"type\": \"seizure\"}", "$", "duplicate field 'type'"),
        refusal("{\"type\": \"arr", "$", "malformed JSON at line 1 column"));
  }

  private static String seizure(String drug) {
    return doc("\"type\": \"seizure\", \"seizure\": {\"drugs\": [" + drug + "]}");
  }

  private static Arguments refusal(String json, String field, String messageStart) {
    return Arguments.of(json, field, messageStart);
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("refusals")
  void shouldRefuseNamingTheField(String json, String field, String message) {
    List<Violation> violations = refused(json);

    assertThat(violations)
        .as("violations of %s", json)
        .anySatisfy(v -> {
          assertThat(v.field()).isEqualTo(field);
          assertThat(v.message()).containsIgnoringCase(message);
        });
  }

  @Test
  void shouldRefuseNotANumberInATree() {
    ObjectNode tree = (ObjectNode) readTree(doc("\"type\": \"seizure\", \"seizure\": {\"cashGbp\": 1, \"phones\": 1}"));
    ((ObjectNode) tree.get("seizure")).set("cashGbp", DoubleNode.valueOf(Double.NaN));
    ((ObjectNode) tree.get("seizure")).set("phones", DoubleNode.valueOf(Double.POSITIVE_INFINITY));

    assertThat(FieldEventJson.parse(tree, OPTIONS).violations()).containsExactly(
        new Violation("seizure.cashGbp", "must be a finite number"),
        new Violation("seizure.phones", "must be a finite number"));
  }

  @Test
  void shouldReportEveryErrorTogether() {
    String json = "{\"eventId\": \"x\", \"revision\": 0, \"operationId\": \"\", \"type\": \"seizure\","
        + " \"occurredAt\": \"2022-10-04\", \"name\": \"Jo\", \"arrest\": {},"
        + " \"seizure\": {\"drugs\": [{\"drug\": \"cocaine\", \"quantity\": -1, \"unit\": \"g\"},"
        + " {\"drug\": \"spice\", \"quantity\": 1, \"unit\": \"g\", \"valueGbp\": 0.001}],"
        + " \"weapons\": [{\"type\": \"bladed\", \"count\": 1.5}], \"phones\": \"3\"}}";

    assertThat(refused(json)).extracting(Violation::field).containsExactly(
        "eventId",
        "revision",
        "operationId",
        "force",
        "occurredAt",
        "arrest",
        "seizure.drugs[0].quantity",
        "seizure.drugs[1].drug",
        "seizure.drugs[1].valueGbp",
        "seizure.weapons[0].count",
        "seizure.phones",
        "name");
  }

  @Test
  void shouldCheckEveryBodyWhenTheTypeIsMissing() {
    assertThat(refused(doc("\"arrest\": {\"count\": -1}, \"withdrawal\": {}")))
        .containsExactly(
            new Violation("type", "is required"),
            new Violation("arrest.count", "must be >= 0"),
            new Violation("withdrawal.reason", "is required"));
  }

  @Test
  void shouldListAtMostAHundredViolations() {
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      fields.append(", \"f").append(i).append("\": 1");
    }
    List<Violation> violations = refused(doc("\"type\": \"arrest\"" + fields));

    assertThat(violations).hasSize(FieldEventJson.MAX_VIOLATIONS + 1);
    assertThat(violations.get(FieldEventJson.MAX_VIOLATIONS))
        .isEqualTo(new Violation("$", "too many errors: only the first 100 are listed"));
  }

  @Test
  void shouldNotEchoLongFieldNames() {
    List<Violation> violations = refused(doc("\"type\": \"arrest\", \"" + "n".repeat(10_000) + "\": 1"));

    assertThat(violations).singleElement().satisfies(v -> assertThat(v.field()).hasSizeLessThan(100));
  }

  // --- writing ------------------------------------------------------------------------------------

  @Test
  void shouldWriteTheContractFormat() {
    FieldEvent event = parsed(CONTRACT_EXAMPLE);

    assertThat(FieldEventJson.write(event)).isEqualTo(
        "{\"eventId\":\"5b0f3c1e-2a6d-4c1e-9d1e-6a1f0c2b7e11\",\"revision\":1,\"operationId\":\"cliw-2022-10\","
            + "\"force\":\"thames-valley\",\"type\":\"seizure\",\"occurredAt\":\"2022-10-04T08:30:00Z\","
            + "\"reportedAt\":\"2022-10-04T08:45:12.345Z\",\"reporter\":\"r-1842\","
            + "\"seizure\":{\"drugs\":[{\"drug\":\"cocaine\",\"quantity\":5000,\"unit\":\"g\",\"valueGbp\":250000}],"
            + "\"cashGbp\":15000,\"weapons\":[{\"type\":\"bladed\",\"count\":2}],\"phones\":3}}");
  }

  @Test
  void shouldWriteGramsAndPoundsAsPlainDecimalsAndUnitsAsCounts() {
    FieldEvent event = TestEvents.event(new Seizure(
        List.of(new DrugSeizure(Drug.HEROIN, 10_500L, 1_050L),
            new DrugSeizure(Drug.OTHER, 1L, 1L),
            new DrugSeizure(Drug.CANNABIS_PLANTS, 1_300L, 0L)),
        100_000_000_000L, List.of(), 0));

    JsonNode seizure = FieldEventJson.toJson(event).get("seizure");

    assertThat(seizure.get("drugs").toString()).isEqualTo(
        "[{\"drug\":\"heroin\",\"quantity\":10.5,\"unit\":\"g\",\"valueGbp\":10.5},"
            + "{\"drug\":\"other\",\"quantity\":0.001,\"unit\":\"g\",\"valueGbp\":0.01},"
            + "{\"drug\":\"cannabis_plants\",\"quantity\":1300,\"unit\":\"count\",\"valueGbp\":0}]");
    assertThat(FieldEventJson.write(event)).contains("\"cashGbp\":1000000000");
  }

  @Test
  void shouldNameTheTypeOfEveryPayload() {
    assertThat(FieldEventJson.typeOf(new VehicleStop(1))).isEqualTo("vehicle_stop");
    assertThat(FieldEventJson.typeOf(new WarrantExecuted(1))).isEqualTo("warrant");
    assertThatThrownBy(() -> FieldEventJson.typeOf("riot")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReadBackWhatItWrites() {
    FieldEvent event = TestEvents.builder(new Withdrawal("line \"x\"\nsaid £5 — twice"))
        .setSource(Source.GATEWAY)
        .build();

    assertThat(FieldEventJson.parse(FieldEventJson.write(event), OPTIONS).event()).isEqualTo(event);
  }

  private static JsonNode readTree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
