package io.ilios.server;

import io.ilios.Ilios;
import io.ilios.server.internal.Access;
import io.ilios.server.internal.Endpoints;
import io.ilios.server.internal.Errors;
import io.ilios.server.internal.Meta;
import io.ilios.server.internal.Quotas;
import io.ilios.server.internal.ServerMetrics;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The original service's HTTP API over an {@link Ilios}: {@code POST /v1/convert}, batches,
 * documents, usage, health, and an OpenAPI document, on Javalin (Jetty 12).
 *
 * <pre>{@code
 * try (Ilios ilios = Ilios.builder().ocr(LocalConverter.create()).build();
 *     IliosServer server = IliosServer.create(ilios, ServerConfig.builder().port(1337).build())
 *         .start()) {
 *   server.awaitStop();
 * }
 * }</pre>
 *
 * <p>The server never closes the {@code Ilios} it serves: close the server first (it stops
 * accepting, lets requests in flight finish within {@link ServerConfig#shutdownGrace()}), then
 * Ilios.
 */
public final class IliosServer implements AutoCloseable {
  private final Javalin app;
  private final ServerConfig config;
  private final ServerMetrics metrics;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object stopped = new Object();

  private IliosServer(Javalin app, ServerConfig config, ServerMetrics metrics) {
    this.app = app;
    this.config = config;
    this.metrics = metrics;
  }

  /**
   * A server for {@code ilios}, not started yet.
   *
   * @throws IllegalArgumentException if the server has no API keys and would listen on an address
   *     other than loopback without {@link ServerConfig#allowAnonymousRemote()}
   */
  public static IliosServer create(Ilios ilios, ServerConfig config) {
    Objects.requireNonNull(ilios, "ilios");
    Objects.requireNonNull(config, "config");
    if (config.apiKeys().isEmpty()
        && !config.allowAnonymousRemote()
        && !loopback(config.host())
        && !ilios.keys().anyActive()) {
      throw new IllegalArgumentException(
          "without API keys the server listens on loopback only, not on "
              + config.host()
              + "; configure keys (ILIOS_API_KEY) or allow anonymous remote access explicitly");
    }
    ServerMetrics metrics = ServerMetrics.standalone(ilios);
    Javalin app =
        routes(
            ilios,
            config,
            metrics,
            false,
            c -> {
              c.jetty.host = config.host();
              c.jetty.port = config.port();
              c.jetty.modifyServer(
                  server -> {
                    server.setStopTimeout(config.shutdownGrace().toMillis());
                    server.insertHandler(new GracefulHandler());
                  });
            });
    return new IliosServer(app, config, metrics);
  }

  /**
   * The endpoints over {@code ilios}, on a Javalin not started yet: the one request handling that
   * the standalone server and {@link IliosServlet} share. {@code listen} sets what only a server of
   * its own needs.
   */
  static Javalin routes(
      Ilios ilios,
      ServerConfig config,
      ServerMetrics metrics,
      boolean anonymousFromLoopbackOnly,
      Consumer<JavalinConfig> listen) {
    try {
      Files.createDirectories(config.uploadDirectory());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + config.uploadDirectory(), e);
    }
    Quotas quotas = new Quotas(ilios, config.clock());
    metrics.countRefusals(quotas);
    Access access =
        new Access(
            config.apiKeys(),
            ilios.keys(),
            config.defaultLimits(),
            quotas,
            anonymousFromLoopbackOnly);
    config.webhooks().ifPresent(w -> w.bind(ilios));
    Endpoints endpoints =
        new Endpoints(ilios, quotas, config.webhooks().orElse(null), config.maxUploadSize());
    Meta meta = new Meta(ilios);
    return Javalin.create(
        c -> {
          c.startup.showJavalinBanner = false;
          c.jetty.multipartConfig.cacheDirectory(config.uploadDirectory().toString());
          c.jetty.multipartConfig.maxFileSize(config.maxUploadSize(), SizeUnit.BYTES);
          c.jetty.multipartConfig.maxTotalRequestSize(maxRequestSize(config), SizeUnit.BYTES);
          // Parts larger than this go to disk as they arrive, so a 1 GiB upload needs no heap.
          c.jetty.multipartConfig.maxInMemoryFileSize(IN_MEMORY_PART_LIMIT, SizeUnit.BYTES);
          listen.accept(c);
          metrics.register(c.routes); // first, so refused requests are timed too
          c.routes.before(
              ctx -> {
                // Relative to where the endpoints are mounted: "" for a server of its own.
                String path = ctx.path().substring(ctx.contextPath().length());
                if (path.startsWith("/v1/")
                    || path.startsWith("/api/")
                    || path.equals("/metrics")) {
                  access.check(ctx);
                }
              });
          endpoints.register(c.routes);
          meta.register(c.routes);
          Errors.register(c.routes, config.maxUploadSize());
        });
  }

  /** Upload parts larger than this go to disk as they arrive. */
  static final int IN_MEMORY_PART_LIMIT = 64 * 1024;

  /** A multipart request may carry its file and up to 1 MiB of other fields. */
  static long maxRequestSize(ServerConfig config) {
    return config.maxUploadSize() + (1 << 20);
  }

  static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host " + host, e);
    }
  }

  /** Starts listening; returns this server. */
  public IliosServer start() {
    app.start();
    return this;
  }

  /** The port listened on (the one chosen when the configuration asked for 0). */
  public int port() {
    return app.port();
  }

  /** The server's base address, such as {@code http://127.0.0.1:1337}. */
  public URI uri() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create("http://" + host + ":" + port());
  }

  /** Runs {@code action} as the server begins to stop, on the thread that stops it (for tests). */
  void whenStopping(Runnable action) {
    app.jettyServer()
        .server()
        .addEventListener(
            new LifeCycle.Listener() {
              @Override
              public void lifeCycleStopping(LifeCycle event) {
                action.run();
              }
            });
  }

  /** Blocks until {@link #close()} is called from another thread. */
  public void awaitStop() throws InterruptedException {
    synchronized (stopped) {
      while (!closed.get()) {
        stopped.wait();
      }
    }
  }

  /**
   * Stops accepting connections, lets requests in flight finish within the shutdown grace, then
   * stops. Does not close the {@code Ilios} it serves. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      app.stop();
      metrics.close();
    } finally {
      synchronized (stopped) {
        stopped.notifyAll();
      }
    }
  }
}
