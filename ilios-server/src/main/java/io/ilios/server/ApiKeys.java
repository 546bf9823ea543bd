package io.ilios.server;

import io.ilios.Keys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The API keys a server accepts, each naming the owner whose documents, batches and usage it
 * reaches. Keys are kept only as SHA-256 digests and compared in constant time; the secrets
 * themselves are never stored, logged or echoed.
 */
public final class ApiKeys {
  /** The smallest key accepted: shorter secrets are too easy to guess. */
  public static final int MIN_LENGTH = 16;

  private final Map<String, Entry> byDigest;

  private record Entry(byte[] digest, String owner, Limits limits) {}

  private ApiKeys(Map<String, Entry> byDigest) {
    this.byDigest = Map.copyOf(byDigest);
  }

  /** No keys: every request acts for the owner {@code default} (the server binds to loopback). */
  public static ApiKeys none() {
    return new ApiKeys(Map.of());
  }

  /** One key, for the owner {@code default}: what {@code ILIOS_API_KEY} configures. */
  public static ApiKeys single(String secret) {
    return of(Map.of(secret, "default"));
  }

  /**
   * Keys and the owners they act for, each with the server's default limits.
   *
   * @throws IllegalArgumentException if a key is shorter than {@value #MIN_LENGTH} characters or an
   *     owner is blank
   */
  public static ApiKeys of(Map<String, String> ownersBySecret) {
    Builder b = builder();
    ownersBySecret.forEach(b::key);
    return b.build();
  }

  /** Keys added one at a time, each with limits of its own if it needs them. */
  public static Builder builder() {
    return new Builder();
  }

  /** An {@link ApiKeys} under construction. */
  public static final class Builder {
    private final Map<String, Entry> byDigest = new HashMap<>();

    private Builder() {}

    /** A key for {@code owner} with the server's default limits. */
    public Builder key(String secret, String owner) {
      return add(secret, owner, null);
    }

    /** A key for {@code owner} with limits of its own. */
    public Builder key(String secret, String owner, Limits limits) {
      return add(secret, owner, Objects.requireNonNull(limits, "limits"));
    }

    private Builder add(String secret, String owner, Limits limits) {
      Objects.requireNonNull(secret, "secret");
      if (secret.length() < MIN_LENGTH) {
        throw new IllegalArgumentException(
            "an API key needs at least " + MIN_LENGTH + " characters");
      }
      if (owner == null || owner.isBlank()) {
        throw new IllegalArgumentException("an API key needs an owner");
      }
      String digest = Keys.digestOf(secret);
      byDigest.put(digest, new Entry(digest.getBytes(StandardCharsets.US_ASCII), owner, limits));
      return this;
    }

    public ApiKeys build() {
      return new ApiKeys(byDigest);
    }
  }

  /** Whether any key is configured. */
  public boolean isEmpty() {
    return byDigest.isEmpty();
  }

  /** The owner a presented key acts for; empty for unknown keys. */
  public Optional<String> owner(String presented) {
    return find(presented).map(Entry::owner);
  }

  /**
   * What a presented key grants: its owner, and its own limits if it has any (the server's defaults
   * apply otherwise); empty for an unknown key.
   */
  public Optional<Grant> grant(String presented) {
    return find(presented)
        .map(e -> new Grant(e.owner(), Optional.ofNullable(e.limits()), Optional.empty()));
  }

  /**
   * What one key grants.
   *
   * @param owner whose documents, batches and usage the key reaches
   * @param limits the key's own limits, if set
   * @param webhookUrl where the ends of its submits go when they name no callback, if anywhere
   */
  public record Grant(String owner, Optional<Limits> limits, Optional<String> webhookUrl) {}

  private Optional<Entry> find(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    String digest = Keys.digestOf(presented);
    Entry e = byDigest.get(digest);
    // The map finds the candidate by digest; the final check does not stop at the first differing
    // byte, so timing tells nothing about how much of a key was right.
    return e != null
            && MessageDigest.isEqual(e.digest(), digest.getBytes(StandardCharsets.US_ASCII))
        ? Optional.of(e)
        : Optional.empty();
  }

  @Override
  public String toString() {
    return "ApiKeys[" + byDigest.size() + " keys]"; // never the secrets
  }
}
