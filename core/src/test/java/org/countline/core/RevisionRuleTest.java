package org.countline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.countline.core.TestEvents.EVENT_ID;

import org.countline.avro.Arrest;
import org.countline.avro.FieldEvent;
import org.countline.avro.Withdrawal;
import org.countline.core.RevisionRule.Decision;
import org.countline.core.RevisionRule.Outcome;
import org.junit.jupiter.api.Test;

class RevisionRuleTest {
  private static final int DAY = 19_269; // 2022-10-04
  private static final int LATER_DAY = DAY + 2;

  private static FieldEvent revision(int revision, Object payload) {
    return TestEvents.event(EVENT_ID, revision, payload);
  }

  /** What is remembered after {@code event} arrived first. */
  private static EventState remembered(FieldEvent event, int day) {
    return RevisionRule.decide(null, event, day).next();
  }

  @Test
  void shouldCountTheFirstRevisionSeenAsNew() {
    FieldEvent event = revision(1, new Arrest(2, 1, 0));

    Decision decision = RevisionRule.decide(null, event, DAY);

    assertThat(decision.outcome()).isEqualTo(Outcome.NEW);
    assertThat(decision.previous()).isNull();
    assertThat(decision.next()).isEqualTo(new EventState(1, TestEvents.OPERATION, TestEvents.FORCE, DAY,
        Contribution.of(event), false));
    assertThat(decision.oldContribution().isZero()).isTrue();
    assertThat(decision.newContribution()).isEqualTo(Contribution.of(event));
  }

  @Test
  void shouldIgnoreTheSameRevisionAgainAsDuplicate() {
    EventState prior = remembered(revision(1, new Arrest(2, 0, 0)), DAY);

    Decision decision = RevisionRule.decide(prior, revision(1, new Arrest(2, 0, 0)), DAY);

    assertThat(decision.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(decision.next()).isNull();
    assertThat(decision.outcome().changesTotals()).isFalse();
  }

  @Test
  void shouldReplaceTheContributionOfAnAmendedEvent() {
    EventState prior = remembered(revision(1, new Arrest(2, 0, 0)), DAY);
    FieldEvent amendment = revision(2, new Arrest(3, 1, 0));

    Decision decision = RevisionRule.decide(prior, amendment, LATER_DAY);

    assertThat(decision.outcome()).isEqualTo(Outcome.AMENDED);
    assertThat(decision.oldContribution()).isEqualTo(prior.contribution());
    assertThat(decision.newContribution()).isEqualTo(Contribution.of(amendment));
    assertThat(decision.next().revision()).isEqualTo(2);
    assertThat(decision.next().epochDay()).isEqualTo(LATER_DAY);
    assertThat(decision.previous().epochDay()).isEqualTo(DAY);
  }

  @Test
  void shouldRemoveTheContributionOfAWithdrawnEventFromItsOwnDay() {
    EventState prior = remembered(revision(1, new Arrest(2, 0, 0)), DAY);

    Decision decision = RevisionRule.decide(prior, revision(2, new Withdrawal("reported twice")), LATER_DAY);

    assertThat(decision.outcome()).isEqualTo(Outcome.WITHDRAWN);
    assertThat(decision.oldContribution()).isEqualTo(prior.contribution());
    assertThat(decision.newContribution().isZero()).isTrue();
    assertThat(decision.next().withdrawn()).isTrue();
    assertThat(decision.next().revision()).isEqualTo(2);
    assertThat(decision.next().epochDay()).isEqualTo(DAY);
  }

  @Test
  void shouldIgnoreAnOlderRevisionArrivingLateAsStale() {
    EventState prior = remembered(revision(3, new Arrest(2, 0, 0)), DAY);

    Decision decision = RevisionRule.decide(prior, revision(2, new Arrest(5, 0, 0)), DAY);

    assertThat(decision.outcome()).isEqualTo(Outcome.STALE);
    assertThat(decision.next()).isNull();
    assertThat(decision.outcome().changesTotals()).isFalse();
  }

  @Test
  void shouldIgnoreAnOlderRevisionOfAWithdrawnEvent() {
    EventState withdrawn = remembered(revision(2, new Withdrawal("duplicate")), DAY);

    assertThat(withdrawn.withdrawn()).isTrue();
    assertThat(withdrawn.contribution().isZero()).isTrue();
    assertThat(RevisionRule.decide(withdrawn, revision(1, new Arrest(1, 0, 0)), DAY).outcome()).isEqualTo(Outcome.STALE);
  }

  @Test
  void shouldCountAnAmendmentAfterAWithdrawalAgain() {
    EventState withdrawn = remembered(revision(2, new Withdrawal("wrong force")), DAY);
    FieldEvent reinstated = revision(3, new Arrest(1, 0, 0));

    Decision decision = RevisionRule.decide(withdrawn, reinstated, DAY);

    assertThat(decision.outcome()).isEqualTo(Outcome.AMENDED);
    assertThat(decision.newContribution()).isEqualTo(Contribution.of(reinstated));
  }

  @Test
  void shouldRefuseARevisionThatMovesTheEventToAnotherForceOrOperation() {
    EventState prior = remembered(revision(1, new Arrest(1, 0, 0)), DAY);
    FieldEvent otherForce = TestEvents.builder(new Arrest(1, 0, 0)).setRevision(2).setForce("essex").build();
    FieldEvent otherOperation = TestEvents.builder(new Arrest(1, 0, 0)).setRevision(2).setOperationId("cliw-2023-03").build();

    assertThat(RevisionRule.decide(prior, otherForce, DAY).outcome()).isEqualTo(Outcome.MOVED);
    assertThat(RevisionRule.decide(prior, otherOperation, DAY).outcome()).isEqualTo(Outcome.MOVED);
    assertThat(RevisionRule.decide(prior, otherForce, DAY).next()).isNull();
    assertThat(Outcome.MOVED.changesTotals()).isFalse();
  }

  @Test
  void shouldChangeTotalsOnlyForNewAmendedAndWithdrawn() {
    assertThat(Outcome.values()).filteredOn(Outcome::changesTotals)
        .containsExactly(Outcome.NEW, Outcome.AMENDED, Outcome.WITHDRAWN);
  }
}
