package io.ilios.server.internal;

import io.ilios.Ilios;
import io.ilios.micrometer.IliosMetrics;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * The server's meters and {@code GET /metrics} in Prometheus's text format: Ilios's own ({@link
 * IliosMetrics}), {@code ilios.http.requests} (timer by method, route and status) and {@code
 * ilios.server.limit.refusals}.
 */
public final class ServerMetrics implements AutoCloseable {
  private static final String STARTED = "ilios.started";

  private final MeterRegistry registry;
  private final PrometheusMeterRegistry scraped; // null when the application scrapes its own
  private final IliosMetrics ilios; // null when the application binds Ilios's meters itself
  private final java.util.concurrent.ConcurrentHashMap<String, Timer> timers =
      new java.util.concurrent.ConcurrentHashMap<>();

  private ServerMetrics(
      MeterRegistry registry, PrometheusMeterRegistry scraped, IliosMetrics ilios) {
    this.registry = registry;
    this.scraped = scraped;
    this.ilios = ilios;
  }

  /** A registry of the server's own with Ilios's meters, served at {@code GET /metrics}. */
  public static ServerMetrics standalone(Ilios ilios) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    IliosMetrics meters = IliosMetrics.of(ilios);
    meters.bindTo(registry);
    return new ServerMetrics(registry, registry, meters);
  }

  /**
   * Request timers and limit refusals in the application's registry, which also holds Ilios's
   * meters and is scraped where the application says: no {@code /metrics} route.
   */
  public static ServerMetrics into(MeterRegistry registry) {
    return new ServerMetrics(registry, null, null);
  }

  /** Counts the requests {@code quotas} refused. */
  public void countRefusals(Quotas quotas) {
    FunctionCounter.builder("ilios.server.limit.refusals", quotas, Quotas::refused)
        .description("Requests refused with 429 for a per-key limit")
        .register(registry);
  }

  public void register(RoutesConfig routes) {
    routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
    routes.after(this::record);
    if (scraped != null) {
      routes.get(
          "/metrics",
          ctx ->
              ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(scraped.scrape()));
    }
  }

  private void record(Context ctx) {
    Long started = ctx.attribute(STARTED);
    if (started == null) {
      return;
    }
    Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
    String method = ctx.method().name();
    String route = endpoint == null ? "unmatched" : endpoint.path;
    int status = ctx.status().getCode();
    // One timer per route and status, found again without building its id on every request.
    timers
        .computeIfAbsent(
            method + ' ' + route + ' ' + status,
            k ->
                Timer.builder("ilios.http.requests")
                    .tag("method", method)
                    .tag("route", route)
                    .tag("status", Integer.toString(status))
                    .description("HTTP requests by route and status")
                    .publishPercentileHistogram()
                    .register(registry))
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    if (ilios != null) {
      ilios.close();
    }
    if (scraped != null) {
      scraped.close();
    }
  }
}
