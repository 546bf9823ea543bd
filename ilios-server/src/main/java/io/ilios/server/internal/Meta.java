package io.ilios.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ilios.Ilios;
import io.ilios.QueueDepth;
import io.ilios.internal.wire.Shapes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What needs no key: {@code /} (the endpoints), {@code /health} (store and backend), {@code
 * /openapi.json} and {@code /docs}, a page that reads it.
 */
public final class Meta {
  private static final Logger log = LoggerFactory.getLogger(Meta.class);

  /** Method and path of every endpoint, for {@code /}. */
  static final String[][] ENDPOINTS = {
    {"POST", "/v1/convert"},
    {"POST", "/v1/batch/submit"},
    {"GET", "/v1/batch/status/{id}"},
    {"GET", "/v1/batch/download/{id}"},
    {"POST", "/api/documents/submit"},
    {"GET", "/api/documents/status/{id}"},
    {"GET", "/api/documents/{id}"},
    {"GET", "/api/documents/{id}/original"},
    {"GET", "/api/usage/summary"},
    {"GET", "/api/usage/breakdown"},
    {"GET", "/health"},
    {"GET", "/metrics"},
    {"GET", "/openapi.json"},
    {"GET", "/docs"}
  };

  private final Ilios ilios;
  private final String openApi;
  private final String docsPage;

  public Meta(Ilios ilios) {
    this.ilios = ilios;
    this.openApi = resource("openapi.json");
    this.docsPage = resource("docs.html");
  }

  public void register(RoutesConfig routes) {
    routes.get("/", this::index);
    routes.get("/health", this::health);
    routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    routes.get("/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(docsPage));
  }

  void index(Context ctx) {
    ObjectNode json = Shapes.JSON.createObjectNode();
    json.put("name", "ilios");
    json.put("openapi", "/openapi.json");
    ArrayNode endpoints = json.putArray("endpoints");
    for (String[] e : ENDPOINTS) {
      endpoints.add(e[0] + " " + e[1]);
    }
    Responses.json(ctx, 200, json);
  }

  /** 200 when the store answers, 503 when it does not; the queue's depth as details. */
  void health(Context ctx) {
    ObjectNode json = Shapes.JSON.createObjectNode();
    ObjectNode checks = json.putObject("checks");
    checks.put("backend", ilios.backendName());
    boolean up;
    try {
      QueueDepth counts = ilios.jobs().depth(); // never a scan of finished jobs
      checks.put("store", "ok");
      ObjectNode queue = json.putObject("queue");
      queue.put("pending", counts.pending());
      queue.put("processing", counts.processing());
      up = true;
    } catch (RuntimeException e) {
      log.warn("health check: the store does not answer: {}", e.toString());
      checks.put("store", "unavailable");
      up = false;
    }
    json.put("status", up ? "ok" : "unavailable");
    Responses.json(ctx, up ? 200 : 503, json);
  }

  private static String resource(String name) {
    try (InputStream in = Meta.class.getResourceAsStream("/io/ilios/server/" + name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the server's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
