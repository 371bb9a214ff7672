package org.countline.bench.jmh;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.countline.core.OperationWindow;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * An event's local day in its operation's zone, which every counted event needs for its daily
 * totals: from the window's day boundaries ({@link OperationWindow#localEpochDay}, what the live
 * topology and the replay use) against the zone's rules ({@code LocalDate.ofInstant}, what they
 * used before 4a93aa1). The instants are spread over a week that spans the October clock change.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LocalDayBenchmark {
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final int INSTANTS = 4_096;

  private OperationWindow window;
  private Instant[] instants;
  private int next;

  @Setup
  public void setUp() {
    window = new OperationWindow(LocalDate.of(2022, 10, 24), LocalDate.of(2022, 10, 30), LONDON);
    long span = Duration.between(window.startInstant(), window.endExclusive()).toMillis();
    Random random = new Random(42);
    instants = new Instant[INSTANTS];
    for (int i = 0; i < INSTANTS; i++) {
      instants[i] = window.startInstant().plusMillis(random.nextLong(span));
    }
  }

  private Instant nextInstant() {
    next = (next + 1) & (INSTANTS - 1);
    return instants[next];
  }

  @Benchmark
  public long fromWindowBoundaries() {
    return window.localEpochDay(nextInstant());
  }

  @Benchmark
  public long fromZoneRules() {
    return LocalDate.ofInstant(nextInstant(), LONDON).toEpochDay();
  }
}
