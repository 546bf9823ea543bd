package io.ilios.server.internal;

import io.ilios.server.ApiKeys;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Who a request acts for: the owner of its API key ({@code Authorization: Bearer KEY}, or {@code
 * ?apiKey=KEY} as the original service allowed), or {@code default} when the server has no keys.
 */
public final class Access {
  private static final String OWNER = "ilios.owner";
  private static final String BEARER = "Bearer ";

  private final ApiKeys keys;

  public Access(ApiKeys keys) {
    this.keys = keys;
  }

  /**
   * Resolves the request's owner, or answers 401 and stops it.
   *
   * @throws Unauthorized when keys are configured and the request has none or an unknown one
   */
  public void check(Context ctx) {
    if (keys.isEmpty()) {
      ctx.attribute(OWNER, "default");
      return;
    }
    String presented = null;
    String header = ctx.header("Authorization");
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      presented = header.substring(BEARER.length()).strip();
    } else if (ctx.queryParam("apiKey") != null) {
      presented = ctx.queryParam("apiKey");
    }
    Optional<String> owner = keys.owner(presented);
    if (owner.isEmpty()) {
      throw new Unauthorized(
          presented == null
              ? "an API key is required: Authorization: Bearer <key>"
              : "the API key is not valid");
    }
    ctx.attribute(OWNER, owner.get());
  }

  /** The owner {@link #check} resolved for this request. */
  public static String owner(Context ctx) {
    String owner = ctx.attribute(OWNER);
    if (owner == null) {
      throw new IllegalStateException("no owner resolved for " + ctx.path());
    }
    return owner;
  }

  /** A request without a valid key. */
  public static final class Unauthorized extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unauthorized(String message) {
      super(message, null, false, false);
    }
  }
}
