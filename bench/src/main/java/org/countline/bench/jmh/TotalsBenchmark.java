package org.countline.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.countline.avro.FieldEvent;
import org.countline.core.Contribution;
import org.countline.core.Tally;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The totals arithmetic that the live topology and the replay share: an event's contribution
 * ({@link Contribution#of}) and moving a running tally by an amendment (subtract the old
 * contribution, add the new one).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TotalsBenchmark {
  private FieldEvent seizure;
  private FieldEvent arrest;
  private Tally running;
  private Tally before;
  private Tally after;

  @Setup
  public void setUp() {
    seizure = Samples.seizure(1);
    arrest = Samples.arrest(1);
    running = new Tally();
    before = Contribution.of(Samples.arrest(1));
    after = Contribution.of(Samples.seizure(2));
  }

  @Benchmark
  public Tally contributionOfSeizure() {
    return Contribution.of(seizure);
  }

  @Benchmark
  public Tally contributionOfArrest() {
    return Contribution.of(arrest);
  }

  /** One amendment applied to a running total, in place: the hot path of every totals update. */
  @Benchmark
  public Tally subtractOldAddNew() {
    return running.subtract(before).add(after);
  }
}
