package io.ilios.cli;

import io.ilios.server.ApiKeys;
import io.ilios.server.IliosServer;
import io.ilios.server.ServerConfig;
import io.ilios.server.Webhooks;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ilios serve}: the original service's HTTP API on this data folder, until stopped. On
 * SIGTERM or Ctrl-C it stops accepting, lets requests in flight finish, then closes Ilios (running
 * jobs finish within its grace period, the rest go back to the queue).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serves the HTTP API (POST /v1/convert, batches, documents, usage) until stopped.")
final class ServeCommand implements Callable<Integer> {
  @Mixin Settings settings;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", paramLabel = "N", description = "Port (ILIOS_PORT; default 1337).")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Address to listen on (ILIOS_HOST; default 127.0.0.1).")
  String host;

  @Option(
      names = "--allow-anonymous-remote",
      description =
          "Without ILIOS_API_KEY, listen on a non-loopback address anyway: anyone who reaches it"
              + " acts as the default owner.")
  boolean allowAnonymousRemote;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    String key = settings.env.get("ILIOS_API_KEY");
    Webhooks webhooks = Webhooks.create();
    ServerConfig config =
        ServerConfig.builder()
            .host(host != null ? host : settings.env.getOrDefault("ILIOS_HOST", "127.0.0.1"))
            .port(port != null ? port : portFromEnv())
            .apiKeys(key == null || key.isBlank() ? ApiKeys.none() : ApiKeys.single(key.strip()))
            .allowAnonymousRemote(allowAnonymousRemote)
            .uploadDirectory(settings.dataDirectory().resolve("tmp").resolve("uploads"))
            .webhooks(webhooks)
            .build();
    Settings.Session session = settings.open(settings.workerCount(), err, webhooks::install);
    IliosServer server;
    try {
      server = IliosServer.create(session.ilios(), config).start();
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    Thread stop =
        new Thread(
            () -> {
              server.close();
              session.close();
            },
            "ilios-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    err.println(
        "ilios: serving "
            + server.uri()
            + " with backend "
            + session.ilios().backendName()
            + (config.apiKeys().isEmpty() ? " (no API key: this machine only)" : ""));
    err.flush();
    server.awaitStop();
    return 0;
  }

  private int portFromEnv() {
    String value = settings.env.get("ILIOS_PORT");
    if (value == null || value.isBlank()) {
      return ServerConfig.DEFAULT_PORT;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ILIOS_PORT must be a number, was '" + value + "'");
    }
  }
}
