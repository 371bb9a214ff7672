package org.countline.app;

import java.io.PrintWriter;
import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code countline} command: every role of Countline, one subcommand each. Subcommands are
 * registered here and only here, in {@code subcommands}.
 *
 * <p>Errors reach the user as one line ({@code countline broker: Port 9092 is in use ...}) and a
 * non-zero exit code; {@code --verbose} adds the stack trace.
 */
@Command(
    name = "countline",
    mixinStandardHelpOptions = true,
    versionProvider = Countline.Version.class,
    description = "Live totals for police weeks of action, on Apache Kafka.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      HelpCommand.class,
      DemoCommand.class,
      BrokerCommand.class,
      RegistryCommand.class,
      StreamsCommand.class,
      GatewayCommand.class,
      ControlRoomCommand.class,
      TokenCommand.class,
      SimulateCommand.class,
      OperationCommand.class,
      PublishCommand.class,
      TotalsCommand.class,
      ReportCommand.class,
      BenchCommand.class,
    })
public final class Countline implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "On errors, print the stack trace too.")
  boolean verbose;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with its error handling, as {@link #main} runs it; tests use it too. */
  public static CommandLine commandLine() {
    return new CommandLine(new Countline())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Countline::reportError)
        .setUsageHelpAutoWidth(true);
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command");
  }

  private static int reportError(Exception error, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    boolean verbose = verboseRequested(parseResult);
    if (verbose) {
      error.printStackTrace(err);
    }
    String message = command.getCommandSpec().qualifiedName() + ": ";
    if (error instanceof UserFacingException) {
      message += error.getMessage();
    } else {
      message += Errors.oneLine(error) + (verbose ? "" : " (--verbose for details)");
    }
    err.println(command.getColorScheme().errorText(message));
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }

  private static boolean verboseRequested(ParseResult result) {
    if (result.hasMatchedOption("--verbose")) {
      return true;
    }
    return result.subcommands().stream().anyMatch(Countline::verboseRequested);
  }

  /** {@code --version}: Countline's version and the Kafka it was built with. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Countline.class.getPackage().getImplementationVersion();
      return new String[] {
        "countline " + (version != null ? version : "(development build)"),
        "Apache Kafka " + AppInfoParser.getVersion(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
      };
    }
  }
}
