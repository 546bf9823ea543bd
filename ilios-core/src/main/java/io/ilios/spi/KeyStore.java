package io.ilios.spi;

import io.ilios.ApiKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The key role of a {@link JobStore}: API keys by the digest of their secret (the secret itself is
 * never given to the store). Thread-safe.
 */
public interface KeyStore {
  /** Adds a key with the hex SHA-256 digest of its secret. */
  void addKey(ApiKey key, String digest);

  /** The key with this digest, revoked or not. */
  Optional<ApiKey> keyByDigest(String digest);

  /** Every key, oldest first. */
  List<ApiKey> keys();

  /** Marks an active key revoked; false if no active key has this id. */
  boolean revokeKey(String id, Instant now);
}
