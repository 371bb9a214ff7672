package org.countline.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.countline.avro.Operation;
import org.countline.replay.LiveTotals;
import org.countline.replay.Reconciliation;
import org.countline.replay.ReferenceSnapshot;
import org.countline.replay.Replay;
import org.countline.replay.ReplayException;
import org.countline.replay.ReplayProgress;
import org.countline.replay.ReplayResult;
import org.countline.replay.Report;
import org.countline.replay.ReportFormat;
import org.countline.replay.ReportScope;
import org.countline.replay.ReportWriter;
import org.countline.streams.Topics;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code countline report}: replays an operation's events from {@code countline.field-events}
 * into a post-week report (Markdown, HTML, CSV or JSON), compared with the previous operation, and
 * with {@code --verify} checks the replay against the live totals topics. The work is the replay
 * module's; this class only reads the options and says what happened.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Replays an operation's events from the event log into a post-week report: a headline in plain",
      "English, the comparison with the previous operation, a day-by-day chart and tables by region",
      "and force. Reads the log from the operation's start to its end now; commits nothing.",
      "  countline report --operation cliw-2022-10 --format html --out week.html",
      "  countline report --operation cliw-2022-10 --format csv --out week.csv --verify",
      "Exit status: 0, or 1 when --verify finds the replay and the live totals differ.",
    })
final class ReportCommand implements Callable<Integer> {
  /** Exit status when {@code --verify} finds a difference. */
  static final int DIFFERENCES_FOUND = 1;
  private static final int DIFFERENCES_PRINTED = 50;
  /** Replays shorter than this many records finish before a bar would be worth drawing. */
  private static final long PROGRESS_FROM = 50_000;

  enum Format { md, html, csv, json }

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Option(names = "--operation", required = true, paramLabel = "ID", description = "The operation to report on.")
  String operation;

  @Option(names = "--format", paramLabel = "md|html|csv|json", defaultValue = "md",
      description = "md (with its chart in NAME-daily.svg beside --out), html (one self-contained page), csv, or json"
          + " (the contract's totals shape). Default: ${DEFAULT-VALUE}")
  Format format;

  @Option(names = "--out", paramLabel = "FILE", description = "Where to write the report. Default: standard output.")
  Path out;

  @Option(names = "--compare-with", paramLabel = "ID",
      description = "The operation to compare with. Default: the operation's previous operation, if it names one.")
  String compareWith;

  @ArgGroup(exclusive = true) Scope scope = new Scope();

  static final class Scope {
    @Option(names = "--force", paramLabel = "CODE", description = "Report on one force, e.g. kent.") String force;
    @Option(names = "--region", paramLabel = "CODE", description = "Report on one region, e.g. eastern.") String region;
  }

  @Option(names = "--verify",
      description = "Compare the replay with the live totals topics and list every difference; exit 1 if there is any.")
  boolean verify;

  @Override
  public Integer call() throws IOException {
    connection.requireKafka(Duration.ofSeconds(15));
    PrintWriter err = spec.commandLine().getErr();
    // Status lines go with the report's own output only when that output is a file.
    PrintWriter status = out == null ? err : spec.commandLine().getOut();
    Map<String, Object> registry = Registries.config(connection);
    Replay replay = new Replay(connection.bootstrapServers(), registry);
    try {
      ReferenceSnapshot reference = replay.reference();
      Operation op = reference.operation(operation)
          .orElseThrow(() -> new UserFacingException("no operation '" + operation + "' (see: countline operation list)"));
      ReportScope reportScope = scope(reference);
      if (compareWith != null && reference.operation(compareWith).isEmpty()) {
        throw new UserFacingException("--compare-with: no operation '" + compareWith + "' (see: countline operation list)");
      }

      ReplayResult current = replay(replay, operation, err, status);
      Report report = Report.of(current, Instant.now()).withScope(reportScope);

      String previousId = compareWith != null ? compareWith : op.getPreviousOperationId();
      if (previousId != null && reference.operation(previousId).isPresent()) {
        report = report.withPrevious(replay(replay, previousId, err, status));
      } else if (previousId != null) {
        report = report.withNoPrevious("'" + previousId + "' is not in " + Topics.OPERATIONS);
      }

      Reconciliation check = null;
      if (verify) {
        check = Reconciliation.of(current, LiveTotals.read(connection.bootstrapServers(), registry, operation, Duration.ofSeconds(30)));
        report = report.withVerification(check);
      }

      ReportFormat reportFormat = ReportFormat.of(format.name());
      if (out == null) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(ReportWriter.render(report, reportFormat));
        stdout.flush();
      } else {
        List<Path> written = ReportWriter.write(report, reportFormat, out);
        status.printf("Wrote %s%n", String.join(" and ", written.stream().map(Path::toString).toList()));
      }
      return check == null ? 0 : verdict(check, status, err);
    } catch (ReplayException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
  }

  private ReportScope scope(ReferenceSnapshot reference) {
    if (scope.force != null) {
      if (reference.force(scope.force).isEmpty()) {
        throw new UserFacingException("--force: no force '" + scope.force + "' in " + Topics.FORCES + " (codes such as kent, btp)");
      }
      return ReportScope.force(scope.force);
    }
    if (scope.region != null) {
      if (!reference.regions().containsKey(scope.region)) {
        throw new UserFacingException("--region: no region '" + scope.region + "'; regions: " + String.join(", ", reference.regions().keySet()));
      }
      return ReportScope.region(scope.region);
    }
    return ReportScope.national();
  }

  /** Replays one operation with a progress bar on long replays, then says how fast it went. */
  private static ReplayResult replay(Replay replay, String id, PrintWriter err, PrintWriter status) {
    ReplayResult result;
    try (Progress progress = new Progress(err, "Replaying " + id)) {
      result = replay.run(id, progress);
    }
    var c = result.counts();
    status.printf("Replayed %s: %,d records in %.1f s (%,.0f records/s); %,d events of the operation, %,d counted, %,d refused%n",
        id, c.recordsRead(), c.elapsed().toMillis() / 1000.0, c.recordsPerSecond(), c.operationRecords(), c.eventsCounted(),
        c.rejectedTotal());
    status.flush();
    return result;
  }

  private static int verdict(Reconciliation check, PrintWriter status, PrintWriter err) {
    if (check.agrees()) {
      status.printf("Verified: the replay equals the live totals (%,d totals compared).%n", check.keysCompared());
      status.flush();
      return 0;
    }
    List<Reconciliation.Difference> differences = check.differences();
    err.printf("Verification failed: %,d differences between the replay and the live totals (topic, key, metric):%n",
        differences.size());
    differences.stream().limit(DIFFERENCES_PRINTED).forEach(d -> err.println("  " + d));
    if (differences.size() > DIFFERENCES_PRINTED) {
      err.printf("  ... and %,d more (all of them are in the report, and in --format json)%n", differences.size() - DIFFERENCES_PRINTED);
    }
    err.flush();
    return DIFFERENCES_FOUND;
  }

  /**
   * Feeds the replay's progress (records read of records to read) to a {@link ProgressBar}, made
   * once the total is known; silent for short replays. The callback runs on this thread.
   */
  private static final class Progress implements ReplayProgress, AutoCloseable {
    private final PrintWriter err;
    private final String label;
    private ProgressBar bar;
    private long shown;

    Progress(PrintWriter err, String label) {
      this.err = err;
      this.label = label;
    }

    @Override
    public void update(long read, long total) {
      if (bar == null) {
        bar = ProgressBar.start(err, label, total, total >= PROGRESS_FROM);
      }
      // ProgressBar counts steps of one; an advanceTo(n) there would save this loop.
      for (; shown < read; shown++) {
        bar.step();
      }
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}
