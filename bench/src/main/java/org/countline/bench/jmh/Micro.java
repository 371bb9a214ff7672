package org.countline.bench.jmh;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs Countline's microbenchmarks (the Avro serde, the totals arithmetic, the latest-revision
 * rule, the state codec) with short settings, one fork, 3 warm-up and 5 measured iterations of
 * one second each, and prints operations per second for each.
 *
 * <p>Arguments: an optional regular expression selecting benchmarks (default: all of this
 * package). Run: {@code java -cp <bench classpath> org.countline.bench.jmh.Micro [regex]}.
 */
public final class Micro {
  private Micro() {}

  public static void main(String[] args) throws RunnerException {
    String include = args.length > 0 ? args[0] : Micro.class.getPackageName() + "\\..*Benchmark";
    Collection<RunResult> results = new Runner(options(include, VerboseMode.NORMAL)).run();
    System.out.println();
    System.out.printf("%-52s %16s %12s%n", "Benchmark", "ops/s", "± (99.9%)");
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark().replace(Micro.class.getPackageName() + ".", "");
      System.out.printf("%-52s %,16.0f %12.0f%n", name, r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError());
    }
  }

  /** The short settings: enough to compare runs on one machine, not a publication-grade figure. */
  public static Options options(String include, VerboseMode verbosity) {
    return new OptionsBuilder()
        .include(include)
        .forks(1)
        .warmupIterations(3)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(5)
        .measurementTime(TimeValue.seconds(1))
        .verbosity(verbosity)
        .build();
  }
}
