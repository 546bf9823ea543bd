package io.ilios.cli;

import io.ilios.ApiKey;
import io.ilios.Keys;
import io.ilios.server.Limits;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ilios keys}: API keys for {@code ilios serve}, kept hashed in the database. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Creates, lists and revokes API keys for 'ilios serve'.",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required: create, list or revoke");
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Makes a key for --owner and prints its secret, once: Ilios keeps only its digest.")
  static final class Create implements Callable<Integer> {
    @Mixin Settings settings;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--name", paramLabel = "LABEL", description = "A label for people.")
    String name = "";

    @Option(
        names = "--limits",
        paramLabel = "PAIRS",
        description =
            "Its own limits, e.g. pagesPerDay=1000,requestsPerSecond=5,burst=10,concurrentConversions=2.")
    String limits;

    @Option(
        names = "--webhook",
        paramLabel = "URL",
        description = "Where the ends of the key's submits are POSTed when they name no callback.")
    String webhook;

    @Override
    public Integer call() {
      if (limits != null) {
        Limits.parse(limits, Limits.defaults()); // a wrong pair fails here, not on first use
      }
      if (webhook != null && !webhook.matches("(?i)https?://\\S+")) {
        throw new IllegalArgumentException("--webhook must be an http or https URL");
      }
      PrintWriter out = spec.commandLine().getOut();
      try (Settings.Session s = settings.open(0, spec.commandLine().getErr())) {
        Keys.Created made =
            s.ilios()
                .keys()
                .create(
                    settings.owner,
                    name,
                    Optional.ofNullable(limits),
                    Optional.ofNullable(webhook));
        out.println(made.secret());
        spec.commandLine()
            .getErr()
            .println(
                "ilios: key "
                    + made.key().id()
                    + " for "
                    + settings.owner
                    + " created; its secret is shown this once");
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the keys.")
  static final class ListKeys implements Callable<Integer> {
    @Mixin Settings settings;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Settings.Session s = settings.open(0, spec.commandLine().getErr())) {
        out.printf("%-20s %-16s %-16s %-20s %s%n", "id", "owner", "name", "created", "state");
        for (ApiKey k : s.ilios().keys().list()) {
          out.printf(
              "%-20s %-16s %-16s %-20s %s%n",
              k.id(),
              k.owner(),
              k.name(),
              k.createdAt().toString().substring(0, 19),
              k.revokedAt().map(t -> "revoked " + t).orElse("active")
                  + k.limits().map(l -> " (" + l + ")").orElse("")
                  + k.webhookUrl().map(u -> " webhook " + u).orElse(""));
        }
      }
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a key by id.")
  static final class Revoke implements Callable<Integer> {
    @Mixin Settings settings;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The key's id (key_…), from 'ilios keys list'.")
    String id;

    @Override
    public Integer call() {
      try (Settings.Session s = settings.open(0, spec.commandLine().getErr())) {
        if (!s.ilios().keys().revoke(id)) {
          throw new IllegalArgumentException("no active key " + id);
        }
        spec.commandLine().getErr().println("ilios: key " + id + " revoked");
      }
      return 0;
    }
  }
}
