package io.ilios.server.internal;

import io.ilios.Keys;
import io.ilios.server.ApiKeys;
import io.ilios.server.Limits;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Who a request acts for: the owner of its API key ({@code Authorization: Bearer KEY}, or {@code
 * ?apiKey=KEY} as the original service allowed), or {@code default} when the server has no keys.
 */
public final class Access {
  private static final String OWNER = "ilios.owner";
  private static final String LIMITS = "ilios.limits";
  private static final String SIGNING_KEY = "ilios.signingKey";
  private static final String WEBHOOK = "ilios.webhook";
  private static final String BEARER = "Bearer ";

  /** How long the answer to "does the store hold any active key?" is reused. */
  private static final long STORED_KEYS_RECHECK_NANOS = 1_000_000_000L;

  private final ApiKeys keys;
  private final Keys stored;
  private final Limits defaults;
  private final Quotas quotas;
  private final boolean anonymousFromLoopbackOnly;
  private volatile boolean storeHasKeys;
  private volatile long storeCheckedAt = Long.MIN_VALUE;

  /**
   * @param anonymousFromLoopbackOnly whether requests without keys are refused from other hosts: a
   *     server of its own refuses to listen beyond loopback instead, endpoints mounted in another
   *     container do not know where it listens
   */
  public Access(
      ApiKeys keys,
      Keys stored,
      Limits defaults,
      Quotas quotas,
      boolean anonymousFromLoopbackOnly) {
    this.keys = keys;
    this.stored = stored;
    this.defaults = defaults;
    this.quotas = quotas;
    this.anonymousFromLoopbackOnly = anonymousFromLoopbackOnly;
  }

  /**
   * Whether requests need a key: the configuration has keys, or the store holds an active one (a
   * key made with {@code ilios keys create} protects a running server within a second).
   */
  boolean keysRequired() {
    if (!keys.isEmpty()) {
      return true;
    }
    long now = System.nanoTime();
    if (now - storeCheckedAt > STORED_KEYS_RECHECK_NANOS) {
      storeHasKeys = stored.anyActive();
      storeCheckedAt = now;
    }
    return storeHasKeys;
  }

  /**
   * Resolves the request's owner and limits and takes the request from its rate, or stops it.
   *
   * @throws Unauthorized when keys are configured and the request has none or an unknown one
   * @throws Quotas.OverLimit when the owner is over its request rate
   */
  public void check(Context ctx) {
    if (!keysRequired()) {
      if (anonymousFromLoopbackOnly && !fromLoopback(ctx)) {
        throw new Unauthorized("an API key is required for requests from other hosts");
      }
      ctx.attribute(SIGNING_KEY, "");
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
      grant =
          stored
              .find(presented)
              .map(
                  k ->
                      new ApiKeys.Grant(
                          k.owner(),
                          k.limits().map(text -> Limits.parse(text, defaults)),
                          k.webhookUrl()));
    }
    if (grant.isEmpty()) {
      throw new Unauthorized(
          presented == null
              ? "an API key is required: Authorization: Bearer <key>"
              : "the API key is not valid");
    }
    ctx.attribute(SIGNING_KEY, Keys.digestOf(presented));
    grant.get().webhookUrl().ifPresent(url -> ctx.attribute(WEBHOOK, url));
    admit(ctx, grant.get().owner(), grant.get().limits().orElse(defaults));
  }

  private static boolean fromLoopback(Context ctx) {
    try {
      // An address literal: no name lookup.
      return InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The key's own callback URL, for submits that name none. */
  public static Optional<String> keyWebhook(Context ctx) {
    return Optional.ofNullable(ctx.attribute(WEBHOOK));
  }

  /** The key webhooks of this request are signed with: the hex SHA-256 of its API key, or "". */
  public static String signingKey(Context ctx) {
    String key = ctx.attribute(SIGNING_KEY);
    return key == null ? "" : key;
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
