package org.countline.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serde;
import org.countline.avro.FieldEvent;
import org.countline.core.Contribution;
import org.countline.core.EventState;
import org.countline.core.Tally;
import org.countline.streams.state.StateSerdes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The live topology's state codec ({@link StateSerdes}): a force's running tally and an event's
 * remembered revision, written and read, as every store access of the topology does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StateCodecBenchmark {
  private static final String TOPIC = "jmh-state";

  private Serde<Tally> tallySerde;
  private Serde<EventState> eventStateSerde;
  private Tally tally;
  private EventState eventState;
  private byte[] tallyBytes;
  private byte[] eventStateBytes;

  @Setup
  public void setUp() {
    tallySerde = StateSerdes.tally();
    eventStateSerde = StateSerdes.eventState();
    FieldEvent seizure = Samples.seizure(1);
    // A force's totals after a busy week: every metric non-zero, several varint bytes each.
    tally = new Tally();
    for (int i = 0; i < 2_000; i++) {
      tally.add(Contribution.of(i % 2 == 0 ? seizure : Samples.arrest(1)));
    }
    tally.updatedAtMillis(Samples.OCCURRED_AT.toEpochMilli());
    eventState = new EventState(1, seizure.getOperationId(), seizure.getForce(), 19_269, Contribution.of(seizure), false);
    tallyBytes = tallySerde.serializer().serialize(TOPIC, tally);
    eventStateBytes = eventStateSerde.serializer().serialize(TOPIC, eventState);
  }

  @Benchmark
  public byte[] serializeTally() {
    return tallySerde.serializer().serialize(TOPIC, tally);
  }

  @Benchmark
  public Tally deserializeTally() {
    return tallySerde.deserializer().deserialize(TOPIC, tallyBytes);
  }

  @Benchmark
  public byte[] serializeEventState() {
    return eventStateSerde.serializer().serialize(TOPIC, eventState);
  }

  @Benchmark
  public EventState deserializeEventState() {
    return eventStateSerde.deserializer().deserialize(TOPIC, eventStateBytes);
  }
}
