package io.ilios;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An API key as Ilios keeps it: never the secret, only what identifies and describes it.
 *
 * @param id a public id to list and revoke the key by ({@code key_…}); not the secret
 * @param owner whose documents, batches and usage the key reaches
 * @param name a label for people
 * @param limits the key's own limits, in the notation of whoever enforces them (the server's {@code
 *     Limits.parse}), if any
 * @param webhookUrl where to deliver the ends of the key's submits that name no callback
 *     themselves, if anywhere
 * @param createdAt when the key was made
 * @param revokedAt when it was revoked, if it was
 */
public record ApiKey(
    String id,
    String owner,
    String name,
    Optional<String> limits,
    Optional<String> webhookUrl,
    Instant createdAt,
    Optional<Instant> revokedAt) {

  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(webhookUrl, "webhookUrl");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(revokedAt, "revokedAt");
  }

  /** Whether the key still opens anything. */
  public boolean active() {
    return revokedAt.isEmpty();
  }
}
