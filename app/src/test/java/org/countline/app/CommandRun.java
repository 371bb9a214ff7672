package org.countline.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs {@code countline} commands in this JVM, as {@code ./countline} would, and keeps what they
 * print to standard output and standard error (accumulated over every run).
 */
final class CommandRun {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Runs the command line {@code args}; returns its exit code. */
  int execute(String... args) {
    CommandLine commandLine = Countline.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }
}
