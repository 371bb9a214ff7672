package org.countline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.countline.avro.Arrest;
import org.countline.avro.Drug;
import org.countline.avro.FieldEvent;
import org.countline.avro.Seizure;
import org.countline.avro.WeaponType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code countline publish} refuses before it talks to Kafka, and how it reads options. */
class PublishCommandTest {
  private final CommandRun cli = new CommandRun();

  private int run(String... args) {
    return cli.execute(args);
  }

  private static PublishCommand parse(String... args) {
    PublishCommand command = new PublishCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void shouldNameEveryBadLineAndFieldOfAFileAndPublishNothing(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("week.jsonl");
    Files.writeString(file, String.join("\n",
        "{\"operationId\": \"cliw-2022-10\", \"force\": \"kent\", \"type\": \"arrest\", \"occurredAt\": \"2022-10-04T09:30:00+01:00\"}",
        "{\"operationId\": \"cliw-2022-10\", \"force\": \"kent\", \"type\": \"arrest\", \"occurredAt\": \"2022-10-04T09:30:00+01:00\", \"arrest\": {\"count\": -1}}",
        "",
        "{not json",
        ""));

    int exit = run("publish", "--file", file.toString(), "--bootstrap-servers", "localhost:1");

    assertThat(exit).isNotZero();
    assertThat(cli.err())
        .contains("nothing published")
        .contains("week.jsonl:2: arrest.count: must be >= 0")
        .contains("week.jsonl:4: ")
        .doesNotContain("week.jsonl:1:");
  }

  @Test
  void shouldSayWhenTheFileDoesNotExist(@TempDir Path dir) {
    int exit = run("publish", "--file", dir.resolve("missing.jsonl").toString());

    assertThat(exit).isNotZero();
    assertThat(cli.err()).contains("does not exist");
  }

  @Test
  void shouldRefuseBothAFileAndAType(@TempDir Path dir) {
    int exit = run("publish", "arrest", "--file", dir.resolve("x.jsonl").toString());

    assertThat(exit).isNotZero();
    assertThat(cli.err()).contains("either --file");
  }

  @Test
  void shouldBuildAnArrestFromOptions() {
    FieldEvent event = parse("arrest", "--operation", "cliw-2022-10", "--force", "kent", "--count", "3", "--charged", "2",
        "--occurred-at", "2022-10-04T09:30:00+01:00").fromOptions();

    assertThat(event.getOperationId()).isEqualTo("cliw-2022-10");
    assertThat(event.getForce()).isEqualTo("kent");
    assertThat(event.getRevision()).isEqualTo(1);
    assertThat(event.getOccurredAt()).hasToString("2022-10-04T08:30:00Z");
    assertThat(event.getPayload()).isEqualTo(new Arrest(3, 2, 0));
  }

  @Test
  void shouldBuildASeizureWithDrugsWeaponsAndCashFromOptions() {
    FieldEvent event = parse("seizure", "--operation", "cliw-2022-10", "--force", "kent",
        "--drug", "cocaine:1.5:kg:60000", "--drug", "cannabis_plants:120:count", "--cash-gbp", "1500.25",
        "--weapon", "bladed:2", "--weapon", "firearm", "--phones", "3").fromOptions();

    Seizure seizure = (Seizure) event.getPayload();
    assertThat(seizure.getDrugs()).hasSize(2);
    assertThat(seizure.getDrugs().get(0).getDrug()).isEqualTo(Drug.COCAINE);
    assertThat(seizure.getDrugs().get(0).getQuantity()).isEqualTo(1_500_000L);
    assertThat(seizure.getDrugs().get(0).getValuePence()).isEqualTo(6_000_000L);
    assertThat(seizure.getDrugs().get(1).getQuantity()).isEqualTo(120L);
    assertThat(seizure.getCashPence()).isEqualTo(150_025L);
    assertThat(seizure.getWeapons()).extracting(w -> w.getType()).containsExactly(WeaponType.BLADED, WeaponType.FIREARM);
    assertThat(seizure.getWeapons().get(1).getCount()).isEqualTo(1);
    assertThat(seizure.getPhones()).isEqualTo(3);
  }

  @Test
  void shouldNameTheFieldOfABadOption() {
    int exit = run("publish", "arrest", "--operation", "cliw-2022-10", "--force", "kent", "--count", "-2");

    assertThat(exit).isNotZero();
    assertThat(cli.err()).contains("arrest.count: must be >= 0");
  }

  @Test
  void shouldRefuseAMalformedDrugOption() {
    int exit = run("publish", "seizure", "--operation", "cliw-2022-10", "--force", "kent", "--drug", "cocaine");

    assertThat(exit).isNotZero();
    assertThat(cli.err()).contains("--drug: 'cocaine' must be DRUG:QUANTITY:UNIT");
  }
}
