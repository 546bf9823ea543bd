package io.ilios;

import io.ilios.internal.Checks;
import io.ilios.spi.KeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * API keys kept in the job store, for servers in front of Ilios: made with a random secret that is
 * shown once, stored only as its SHA-256 digest, found again by the secret, revoked by id.
 * Thread-safe. Obtain it from {@link Ilios#keys()}.
 */
public final class Keys {
  /** Secrets are 32 random bytes, written as 64 hex digits after this prefix. */
  public static final String SECRET_PREFIX = "ilios_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyStore store;
  private final Clock clock;

  Keys(KeyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A key just made: its record, and its secret, which Ilios does not keep. */
  public record Created(ApiKey key, String secret) {
    @Override
    public String toString() {
      return "Created[" + key + "]"; // never the secret
    }
  }

  /**
   * Makes a key for {@code owner}.
   *
   * @param limits the key's own limits in the enforcer's notation, if any
   */
  public Created create(String owner, String name, Optional<String> limits) {
    return create(owner, name, limits, Optional.empty());
  }

  /**
   * Makes a key for {@code owner} whose submits deliver their ends to {@code webhookUrl} unless
   * they name a callback of their own.
   */
  public Created create(
      String owner, String name, Optional<String> limits, Optional<String> webhookUrl) {
    Checks.notBlank("owner", owner, SubmitOptions.MAX_OWNER_LENGTH);
    Objects.requireNonNull(webhookUrl, "webhookUrl");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(limits, "limits");
    byte[] secretBytes = new byte[32];
    RANDOM.nextBytes(secretBytes);
    String secret = SECRET_PREFIX + HexFormat.of().formatHex(secretBytes);
    byte[] idBytes = new byte[8];
    RANDOM.nextBytes(idBytes);
    ApiKey key =
        new ApiKey(
            "key_" + HexFormat.of().formatHex(idBytes),
            owner,
            name,
            limits,
            webhookUrl,
            clock.instant(),
            Optional.empty());
    store.addKey(key, digestOf(secret));
    return new Created(key, secret);
  }

  /** The active key whose secret this is; empty for unknown and revoked keys alike. */
  public Optional<ApiKey> find(String secret) {
    if (secret == null || secret.isEmpty()) {
      return Optional.empty();
    }
    return store.keyByDigest(digestOf(secret)).filter(ApiKey::active);
  }

  /** Every key, revoked ones too, oldest first. */
  public List<ApiKey> list() {
    return store.keys();
  }

  /** Whether any key is active: a server with none may run without keys. */
  public boolean anyActive() {
    return store.keys().stream().anyMatch(ApiKey::active);
  }

  /**
   * Revokes a key by its id; requests with its secret are refused from then on.
   *
   * @return false if no active key has that id
   */
  public boolean revoke(String id) {
    return store.revokeKey(Objects.requireNonNull(id, "id"), clock.instant());
  }

  /**
   * The hex SHA-256 of a secret: what the store keeps and looks keys up by, and what webhooks are
   * signed with.
   */
  public static String digestOf(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
