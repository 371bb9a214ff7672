package org.countline.bench.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.countline.core.Keys;
import org.countline.core.Tally;

/**
 * Running totals per key (a force, {@code OPERATION/FORCE}, or an operation), moved by each
 * {@link TotalsChange} with core's {@link Tally} arithmetic. Emits the totals of the key as a
 * {@link TotalsUpdate} either after every change (Flink's usual shape: one update per event) or,
 * with an emit interval, at most once per key per interval from a processing-time timer, which
 * is what Kafka Streams' record cache and Countline's punctuation do. When {@code forward} is
 * set, each emission also sends the change since the previous emission to {@link #CHANGES}, for
 * the next level up.
 */
final class RunningTotals extends KeyedProcessFunction<String, TotalsChange, TotalsUpdate> {
  static final OutputTag<TotalsChange> CHANGES = new OutputTag<>("totals-changes", TypeInformation.of(TotalsChange.class));

  private final long emitEveryMillis;
  private final boolean forward;
  private transient ValueState<TotalsUpdate> current;
  private transient ValueState<TotalsUpdate> emitted;

  RunningTotals(long emitEveryMillis, boolean forward) {
    this.emitEveryMillis = emitEveryMillis;
    this.forward = forward;
  }

  @Override
  public void open(OpenContext context) {
    current = getRuntimeContext().getState(new ValueStateDescriptor<>("totals", TotalsUpdate.class));
    emitted = getRuntimeContext().getState(new ValueStateDescriptor<>("emitted", TotalsUpdate.class));
  }

  @Override
  public void processElement(TotalsChange change, Context ctx, Collector<TotalsUpdate> out) throws Exception {
    TotalsUpdate now = current.value();
    Tally totals = now == null ? Tally.zero() : now.tally();
    totals.add(change.tally());
    current.update(TotalsUpdate.of(ctx.getCurrentKey(), totals));
    if (emitEveryMillis <= 0) {
      emit(ctx.getCurrentKey(), ctx, out);
    } else {
      // Aligned to the interval, so every change within one interval asks for the same timer,
      // which Flink keeps once per key and time.
      long wall = ctx.timerService().currentProcessingTime();
      ctx.timerService().registerProcessingTimeTimer(wall - wall % emitEveryMillis + emitEveryMillis);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<TotalsUpdate> out) throws Exception {
    emit(ctx.getCurrentKey(), ctx, out);
  }

  private void emit(String key, Context ctx, Collector<TotalsUpdate> out) throws Exception {
    TotalsUpdate now = current.value();
    out.collect(now);
    if (forward) {
      TotalsUpdate before = emitted.value();
      Tally change = now.tally();
      if (before != null) {
        change.subtract(before.tally());
      }
      ctx.output(CHANGES, TotalsChange.of(Keys.operation(key), Keys.part(key, 1), change, now.updatedAtMillis));
      emitted.update(now);
    }
  }
}
