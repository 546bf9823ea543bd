package io.ilios.cli;

import io.ilios.IliosException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ilios} command and its subcommands. */
@Command(
    name = "ilios",
    mixinStandardHelpOptions = true,
    versionProvider = IliosCommand.Version.class,
    description = "Converts PDFs and images to Markdown, now or through a durable queue.",
    subcommands = {
      ConvertCommand.class,
      BatchCommand.class,
      StatusCommand.class,
      UsageCommand.class,
      ServeCommand.class,
      KeysCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 some documents failed, 2 bad usage or configuration.",
      "Environment: ILIOS_DATA_DIR, ILIOS_DB_PATH, ILIOS_WORKERS, MISTRAL_API_KEY, S3_BUCKET,"
          + " ILIOS_API_KEY, ILIOS_HOST, ILIOS_PORT"
          + " (with AWS_REGION, AWS_ENDPOINT_URL_S3, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)."
    })
public final class IliosCommand implements Runnable {
  /** Exit code when some documents failed. */
  public static final int FAILED = 1;

  /** Exit code for bad usage or configuration. */
  public static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new IliosCommand(), new Factory(env));
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          boolean verbose =
              parseResult.hasMatchedOption("--verbose")
                  || (parseResult.subcommand() != null
                      && parseResult.subcommand().hasMatchedOption("--verbose"));
          commandLine.getErr().println("ilios: " + message(e));
          if (verbose) {
            e.printStackTrace(commandLine.getErr());
          }
          return e instanceof IliosException && !(e instanceof io.ilios.StoreException)
              ? FAILED
              : USAGE;
        });
    return cl;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** Gives every command the environment. */
  private static final class Factory implements CommandLine.IFactory {
    private final Map<String, String> env;

    Factory(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      K made = CommandLine.defaultFactory().create(cls);
      if (made instanceof Settings s) {
        s.env = env;
      }
      return made;
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = IliosCommand.class.getPackage().getImplementationVersion();
      return new String[] {"ilios " + (v == null ? "(development build)" : v)};
    }
  }
}
