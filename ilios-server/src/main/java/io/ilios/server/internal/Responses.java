package io.ilios.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ilios.internal.wire.Shapes;
import io.javalin.http.Context;

/** JSON bodies and error answers, written the same way by every endpoint. */
public final class Responses {
  private Responses() {}

  public static void json(Context ctx, int status, JsonNode body) {
    try {
      ctx.status(status)
          .contentType("application/json")
          .result(Shapes.JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a response", e);
    }
  }

  /** {@code {"error": message}}: the typed error's message, never a stack trace. */
  public static void error(Context ctx, int status, String message) {
    json(ctx, status, Shapes.JSON.createObjectNode().put("error", message));
  }
}
