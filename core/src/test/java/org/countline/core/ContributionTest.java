package org.countline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.countline.core.TestEvents.event;

import java.util.List;
import org.countline.avro.Arrest;
import org.countline.avro.DealLineClosed;
import org.countline.avro.Drug;
import org.countline.avro.DrugSeizure;
import org.countline.avro.Engagement;
import org.countline.avro.Safeguarding;
import org.countline.avro.Seizure;
import org.countline.avro.VehicleStop;
import org.countline.avro.WarrantExecuted;
import org.countline.avro.WeaponSeizure;
import org.countline.avro.WeaponType;
import org.countline.avro.Withdrawal;
import org.junit.jupiter.api.Test;

class ContributionTest {

  /** A tally with one live event and the given figures. */
  private static Tally oneEvent() {
    return new Tally().set(Metric.EVENTS, 1);
  }

  @Test
  void shouldCountAnArrestWithItsChargesAndRemands() {
    assertThat(Contribution.of(event(new Arrest(3, 2, 1))))
        .isEqualTo(oneEvent().set(Metric.ARRESTS, 3).set(Metric.CHARGED, 2).set(Metric.REMANDED, 1));
  }

  @Test
  void shouldCountWarrantsVehicleStopsAndDealLines() {
    assertThat(Contribution.of(event(new WarrantExecuted(4)))).isEqualTo(oneEvent().set(Metric.WARRANTS, 4));
    assertThat(Contribution.of(event(new VehicleStop(5)))).isEqualTo(oneEvent().set(Metric.VEHICLE_STOPS, 5));
    assertThat(Contribution.of(event(new DealLineClosed(1)))).isEqualTo(oneEvent().set(Metric.DEAL_LINES_CLOSED, 1));
  }

  @Test
  void shouldCountSafeguardingAndEngagement() {
    assertThat(Contribution.of(event(new Safeguarding(1, 2, 3, 4)))).isEqualTo(oneEvent()
        .set(Metric.SAFEGUARDED_ADULTS, 1).set(Metric.SAFEGUARDED_CHILDREN, 2)
        .set(Metric.NRM_REFERRALS, 3).set(Metric.CUCKOO_VISITS, 4));
    assertThat(Contribution.of(event(new Engagement(1, 30, 4, 2)))).isEqualTo(oneEvent()
        .set(Metric.SCHOOLS, 1).set(Metric.ENGAGED_CHILDREN, 30).set(Metric.ENGAGED_ADULTS, 4).set(Metric.PARTNERS, 2));
  }

  @Test
  void shouldSumEveryItemOfASeizureByDrugAndWeaponType() {
    Seizure seizure = new Seizure(
        List.of(
            new DrugSeizure(Drug.COCAINE, 5_000_000L, 25_000_000L),
            new DrugSeizure(Drug.COCAINE, 1_500L, 100L),
            new DrugSeizure(Drug.CRACK_COCAINE, 18_000L, 0L),
            new DrugSeizure(Drug.HEROIN, 10_500L, 0L),
            new DrugSeizure(Drug.CANNABIS, 7L, 0L),
            new DrugSeizure(Drug.CANNABIS_PLANTS, 1_300L, 0L),
            new DrugSeizure(Drug.CLASS_A_WRAPS, 36L, 0L),
            new DrugSeizure(Drug.OTHER, 2L, 0L)),
        1_500_000L,
        List.of(new WeaponSeizure(WeaponType.BLADED, 2), new WeaponSeizure(WeaponType.BLADED, 1),
            new WeaponSeizure(WeaponType.FIREARM, 1), new WeaponSeizure(WeaponType.OTHER, 4)),
        3);

    assertThat(Contribution.of(event(seizure))).isEqualTo(oneEvent()
        .set(Metric.DRUGS_VALUE, 25_000_100L)
        .set(Metric.COCAINE, 5_001_500L)
        .set(Metric.CRACK_COCAINE, 18_000L)
        .set(Metric.HEROIN, 10_500L)
        .set(Metric.CANNABIS, 7L)
        .set(Metric.CANNABIS_PLANTS, 1_300L)
        .set(Metric.CLASS_A_WRAPS, 36L)
        .set(Metric.OTHER_DRUGS, 2L)
        .set(Metric.CASH, 1_500_000L)
        .set(Metric.BLADED_WEAPONS, 3)
        .set(Metric.FIREARMS, 1)
        .set(Metric.OTHER_WEAPONS, 4)
        .set(Metric.PHONES, 3));
  }

  @Test
  void shouldCountAnEmptySeizureAsOneEvent() {
    assertThat(Contribution.of(event(new Seizure(List.of(), 0L, List.of(), 0)))).isEqualTo(oneEvent());
  }

  @Test
  void shouldContributeNothingForAWithdrawal() {
    Tally contribution = Contribution.of(event(new Withdrawal("reported twice")));

    assertThat(contribution.isZero()).isTrue();
    assertThat(contribution.get(Metric.EVENTS)).isZero();
  }

  @Test
  void shouldLeaveTheUpdateTimeToTheCaller() {
    assertThat(Contribution.of(event(new Arrest(1, 0, 0))).updatedAtMillis()).isZero();
  }
}
