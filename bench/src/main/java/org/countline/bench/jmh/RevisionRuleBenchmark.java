package org.countline.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.countline.avro.FieldEvent;
import org.countline.core.Contribution;
import org.countline.core.EventState;
import org.countline.core.RevisionRule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The latest-revision rule, {@link RevisionRule#decide}, for the three cases the benchmark's
 * input has most: a first revision, an amendment, and a resend of the revision that counts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RevisionRuleBenchmark {
  private static final int EPOCH_DAY = 19_269;

  private FieldEvent first;
  private FieldEvent amendment;
  private EventState counted;

  @Setup
  public void setUp() {
    first = Samples.seizure(1);
    amendment = Samples.seizure(2);
    counted = new EventState(1, first.getOperationId(), first.getForce(), EPOCH_DAY, Contribution.of(first), false);
  }

  @Benchmark
  public RevisionRule.Decision decideNew() {
    return RevisionRule.decide(null, first, EPOCH_DAY);
  }

  @Benchmark
  public RevisionRule.Decision decideAmended() {
    return RevisionRule.decide(counted, amendment, EPOCH_DAY);
  }

  @Benchmark
  public RevisionRule.Decision decideDuplicate() {
    return RevisionRule.decide(counted, first, EPOCH_DAY);
  }
}
