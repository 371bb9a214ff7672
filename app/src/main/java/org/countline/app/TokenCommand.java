package org.countline.app;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.countline.core.ForceInfo;
import org.countline.core.ReferenceData;
import org.countline.gateway.GatewayTokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code countline token create --force CODE}: a gateway token for one force, printed once, stored hashed. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Gateway tokens: each lets a field app report for one force.",
    subcommands = {TokenCommand.Create.class})
final class TokenCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: create");
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Creates a random token for one force and prints it once, alone on standard output:",
        "  TOKEN=$(./countline token create --force kent)",
        "Only its SHA-256 hash is kept (topic countline.gateway.tokens); a running gateway accepts it within a second.",
      })
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;
    @Mixin ReferenceOptions reference;

    @Option(names = "--force", required = true, paramLabel = "CODE", description = "The force the token reports for, e.g. kent.")
    String force;

    @Override
    public Integer call() {
      ReferenceData forces = reference.load();
      ForceInfo info = forces.force(force).orElseThrow(() -> new UserFacingException(
          "--force: unknown force '" + force + "' (codes such as kent, metropolitan, thames-valley; see --forces-file)"));
      connection.requireKafka(Duration.ofSeconds(15));
      String token;
      try {
        token = GatewayTokens.issue(connection.bootstrapServers(), connection.kafkaProperties(), forces, force, Clock.systemUTC());
      } catch (IllegalStateException e) {
        throw new UserFacingException(e.getMessage(), e);
      }
      PrintWriter err = spec.commandLine().getErr();
      err.printf("Token for %s (%s). It is shown only this once; Countline keeps only its hash.%n", info.code(), info.name());
      err.println("Send it as:  Authorization: Bearer TOKEN");
      err.flush();
      PrintWriter out = spec.commandLine().getOut();
      out.println(token);
      out.flush();
      return 0;
    }
  }
}
