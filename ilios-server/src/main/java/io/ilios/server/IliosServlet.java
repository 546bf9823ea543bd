package io.ilios.server;

import io.ilios.Ilios;
import io.ilios.server.internal.ServerMetrics;
import io.javalin.Javalin;
import io.javalin.http.servlet.JavalinServlet;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * The reference server's endpoints as a servlet, for an application that already runs a servlet
 * container: the same paths below its mapping, the same JSON, keys, limits and webhooks as {@link
 * IliosServer}, because the same handlers serve them. Map it to a path with a wildcard, such as
 * {@code /ilios/*}, and give its registration {@link #multipartConfig()} for uploads.
 *
 * <p>Unlike {@link IliosServer} it does not know where the container listens, so without API keys
 * it answers only requests from loopback addresses unless {@link
 * ServerConfig#allowAnonymousRemote()}. The host, port and shutdown grace of the configuration do
 * not apply: the container has its own. Request timers and limit refusals go to the registry given;
 * Ilios's own meters are the application's to bind ({@code IliosMetrics}), and there is no {@code
 * /metrics} route. Destroying the servlet never closes the {@code Ilios}.
 */
public final class IliosServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient JavalinServlet handler;
  private final transient ServerMetrics metrics;
  private final transient ServerConfig config;

  private IliosServlet(JavalinServlet handler, ServerMetrics metrics, ServerConfig config) {
    this.handler = handler;
    this.metrics = metrics;
    this.config = config;
  }

  /** The endpoints over {@code ilios}; request meters go to {@code registry}. */
  public static IliosServlet create(Ilios ilios, ServerConfig config, MeterRegistry registry) {
    Objects.requireNonNull(ilios, "ilios");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(registry, "registry");
    ServerMetrics metrics = ServerMetrics.into(registry);
    Javalin app =
        IliosServer.routes(ilios, config, metrics, !config.allowAnonymousRemote(), c -> {});
    // Javalin's HTTP servlet, without the Jetty WebSocket servlet that wraps it in a server of
    // its own (that one starts only inside Jetty); the same servlet that wrapper hands requests to.
    return new IliosServlet(new JavalinServlet(app.unsafe), metrics, config);
  }

  /**
   * How the container should parse uploads for these endpoints, as {@link IliosServer} does: files
   * up to {@link ServerConfig#maxUploadSize()}, spooled to its upload directory past 64 KiB.
   */
  public MultipartConfigElement multipartConfig() {
    return new MultipartConfigElement(
        config.uploadDirectory().toString(),
        config.maxUploadSize(),
        IliosServer.maxRequestSize(config),
        IliosServer.IN_MEMORY_PART_LIMIT);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res)
      throws ServletException, IOException {
    handler.service(new Mounted(req), res);
  }

  @Override
  public void destroy() {
    metrics.close();
  }

  /**
   * The request as the handlers expect it: their routes start where the servlet is mapped, so the
   * servlet's own path counts as part of the context path.
   */
  private static final class Mounted extends HttpServletRequestWrapper {
    private final String contextPath;

    Mounted(HttpServletRequest req) {
      super(req);
      this.contextPath = req.getContextPath() + req.getServletPath();
    }

    @Override
    public String getContextPath() {
      return contextPath;
    }

    @Override
    public String getServletPath() {
      return "";
    }
  }
}
