package io.ilios.server.internal;

import io.ilios.server.ApiKeys;
import io.ilios.server.Limits;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Who a request acts for: the owner of its API key ({@code Authorization: Bearer KEY}, or {@code
 * ?apiKey=KEY} as the original service allowed), or {@code default} when the server has no keys.
 */
public final class Access {
  private static final String OWNER = "ilios.owner";
  private static final String LIMITS = "ilios.limits";
  private static final String BEARER = "Bearer ";

  private final ApiKeys keys;
  private final Limits defaults;
  private final Quotas quotas;

  public Access(ApiKeys keys, Limits defaults, Quotas quotas) {
    this.keys = keys;
    this.defaults = defaults;
    this.quotas = quotas;
  }

  /**
   * Resolves the request's owner and limits and takes the request from its rate, or stops it.
   *
   * @throws Unauthorized when keys are configured and the request has none or an unknown one
   * @throws Quotas.OverLimit when the owner is over its request rate
   */
  public void check(Context ctx) {
    if (keys.isEmpty()) {
      admit(ctx, "default", defaults);
      return;
    }
    String presented = null;
    String header = ctx.header("Authorization");
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      presented = header.substring(BEARER.length()).strip();
    } else if (ctx.queryParam("apiKey") != null) {
      presented = ctx.queryParam("apiKey");
    }
    Optional<ApiKeys.Grant> grant = keys.grant(presented);
    if (grant.isEmpty()) {
      throw new Unauthorized(
          presented == null
              ? "an API key is required: Authorization: Bearer <key>"
              : "the API key is not valid");
    }
    admit(ctx, grant.get().owner(), grant.get().limits().orElse(defaults));
  }

  private void admit(Context ctx, String owner, Limits limits) {
    ctx.attribute(OWNER, owner);
    ctx.attribute(LIMITS, limits);
    quotas.request(owner, limits);
  }

  /** The limits {@link #check} resolved for this request. */
  public static Limits limits(Context ctx) {
    Limits limits = ctx.attribute(LIMITS);
    if (limits == null) {
      throw new IllegalStateException("no limits resolved for " + ctx.path());
    }
    return limits;
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
