package org.countline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ReferenceDataTest {

  @Test
  void shouldListTheFortyThreeTerritorialForcesAndBritishTransportPolice() {
    ReferenceData data = ReferenceData.defaults();

    assertThat(data.forces()).hasSize(44);
    assertThat(data.force("btp")).get().extracting(ForceInfo::region).isEqualTo("national-forces");
    assertThat(data.force("metropolitan")).get().extracting(ForceInfo::region).isEqualTo("london");
  }

  @Test
  void shouldListElevenRegionsInFileOrder() {
    assertThat(ReferenceData.defaults().regions().keySet()).containsExactly(
        "north-east", "north-west", "yorkshire-humber", "east-midlands", "west-midlands", "eastern", "south-east",
        "south-west", "southern-wales", "london", "national-forces");
  }

  @Test
  void shouldPutKentInTheEasternRegion() {
    ForceInfo kent = ReferenceData.defaults().force("kent").orElseThrow();

    assertThat(kent.region()).isEqualTo("eastern");
    assertThat(kent.regionName()).isEqualTo("Eastern (ERSOU)");
  }

  @Test
  void shouldUseCodesThatFitRecordKeys() {
    assertThat(ReferenceData.defaults().forces()).allSatisfy(f -> {
      assertThat(f.code()).matches(ReferenceData.CODE);
      assertThat(f.region()).matches(ReferenceData.CODE);
    });
  }

  @Test
  void shouldConvertToAndFromAvro() {
    ForceInfo kent = ReferenceData.defaults().force("kent").orElseThrow();

    assertThat(ForceInfo.fromAvro(kent.toAvro())).isEqualTo(kent);
  }

  @Test
  void shouldSkipCommentsAndBlankLines() throws IOException {
    ReferenceData data = parse("# forces\n\ncode,name,region,regionName\n# kent moved\nkent,Kent Police,eastern,Eastern\n");

    assertThat(data.forces()).extracting(ForceInfo::code).containsExactly("kent");
  }

  @Test
  void shouldNameTheLineOfAMissingHeader() {
    assertThatThrownBy(() -> parse("# comment\nkent,Kent Police,eastern,Eastern\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("test.csv:2: expected the header code,name,region,regionName");
  }

  @Test
  void shouldNameTheLineOfAWrongColumnCount() {
    assertThatThrownBy(() -> parse("code,name,region,regionName\nkent,Kent Police,eastern,Eastern\nessex,Essex Police\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("test.csv:3: expected 4 columns, found 2");
  }

  @Test
  void shouldNameTheLineOfABadCode() {
    assertThatThrownBy(() -> parse("code,name,region,regionName\nKent Police,Kent Police,eastern,Eastern\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("test.csv:2: codes must be");
  }

  @Test
  void shouldNameTheLineOfAForceListedTwice() {
    assertThatThrownBy(() -> parse("code,name,region,regionName\nkent,Kent,eastern,E\nkent,Kent,south-east,SE\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("test.csv:3: force 'kent' is listed twice");
  }

  @Test
  void shouldRefuseAFileWithNoForces() {
    assertThatThrownBy(() -> parse("code,name,region,regionName\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("test.csv: no forces listed");
  }

  private static ReferenceData parse(String csv) throws IOException {
    return ReferenceData.parse(new StringReader(csv), "test.csv");
  }
}
