package org.countline.bench.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.countline.avro.FieldEvent;
import org.countline.core.EventState;
import org.countline.core.RevisionRule;
import org.countline.core.Tally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest-revision rule per eventId, in keyed state: core's {@link RevisionRule} decides, and
 * each event that moves the totals (new, amended, withdrawn) becomes one {@link TotalsChange} for
 * its force, its new contribution less its old one. Duplicates and late older revisions change
 * nothing; a revision naming another operation or force than the event's is dropped, as
 * Countline refuses it. Like the textbook Kafka Streams peer, it does not validate events.
 */
final class LatestRevision extends KeyedProcessFunction<String, FieldEvent, TotalsChange> {
  private static final Logger log = LoggerFactory.getLogger(LatestRevision.class);

  private transient ValueState<RememberedRevision> revisions;

  @Override
  public void open(OpenContext context) {
    revisions = getRuntimeContext().getState(new ValueStateDescriptor<>("revisions", RememberedRevision.class));
  }

  @Override
  public void processElement(FieldEvent event, Context ctx, Collector<TotalsChange> out) throws Exception {
    RememberedRevision remembered = revisions.value();
    EventState prior = remembered == null ? null : remembered.toEventState();
    // The peer computes no daily totals, so the event's local day does not matter here.
    RevisionRule.Decision decision = RevisionRule.decide(prior, event, 0);
    if (!decision.outcome().changesTotals()) {
      log.debug("Ignored {} revision {} of event {}", decision.outcome(), event.getRevision(), event.getEventId());
      return;
    }
    revisions.update(RememberedRevision.of(decision.next()));
    long timestamp = ctx.timestamp() == null ? 0 : ctx.timestamp();
    Tally delta = decision.newContribution().copy().subtract(decision.oldContribution());
    out.collect(TotalsChange.of(event.getOperationId(), event.getForce(), delta, timestamp));
  }
}
