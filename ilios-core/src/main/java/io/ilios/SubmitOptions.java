package io.ilios;

import io.ilios.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a document is submitted: its owner, priority, retention, idempotency key and limits.
 * Immutable; build with {@link #builder()} or take {@link #defaults()}.
 *
 * <p>The owner is whatever identifies a tenant in the embedding application: a tenant id or the id
 * of an API key, never the raw key (see {@link Owners#ofApiKey} to derive one).
 */
public final class SubmitOptions {
  /** The owner used when none is given. */
  public static final String DEFAULT_OWNER = "default";

  /** Priorities run from 0 to 10; higher runs first. */
  public static final int MIN_PRIORITY = 0;

  public static final int MAX_PRIORITY = 10;
  public static final int DEFAULT_PRIORITY = 5;

  /** How long one attempt may run before it is interrupted and counted as failed. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /** The longest timeout an attempt may have: 7 days. */
  public static final Duration MAX_TIMEOUT = Duration.ofDays(7);

  /** How long documents are kept by default: 365 days. */
  public static final int DEFAULT_RETENTION_DAYS = 365;

  public static final int MIN_RETENTION_DAYS = 1;
  public static final int MAX_RETENTION_DAYS = 3650;

  static final int MAX_OWNER_LENGTH = 200;
  static final int MAX_KEY_LENGTH = 200;

  private static final SubmitOptions DEFAULTS = builder().build();

  private final String owner;
  private final int priority;
  private final String idempotencyKey;
  private final Integer maxAttempts;
  private final Duration timeout;
  private final int retentionDays;
  private final String followUpType;
  private final String followUpPayload;

  private SubmitOptions(Builder b) {
    this.followUpType = b.followUpType;
    this.followUpPayload = b.followUpPayload;
    this.owner = b.owner;
    this.priority = b.priority;
    this.idempotencyKey = b.idempotencyKey;
    this.maxAttempts = b.maxAttempts;
    this.timeout = b.timeout;
    this.retentionDays = b.retentionDays;
  }

  /**
   * Owner {@value #DEFAULT_OWNER}, priority {@value #DEFAULT_PRIORITY}, retention {@value
   * #DEFAULT_RETENTION_DAYS} days, no idempotency key.
   */
  public static SubmitOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.owner = owner;
    b.priority = priority;
    b.idempotencyKey = idempotencyKey;
    b.maxAttempts = maxAttempts;
    b.timeout = timeout;
    b.retentionDays = retentionDays;
    b.followUpType = followUpType;
    b.followUpPayload = followUpPayload;
    return b;
  }

  /** The follow-up's job type name, if one was given ({@link Builder#followUp}). */
  public Optional<String> followUpType() {
    return Optional.ofNullable(followUpType);
  }

  /** The follow-up's encoded payload, if one was given. */
  public Optional<String> followUpPayload() {
    return Optional.ofNullable(followUpPayload);
  }

  /** The owner of the job: an API key id or tenant id chosen by the embedding application. */
  public String owner() {
    return owner;
  }

  /** 0–10, higher first. */
  public int priority() {
    return priority;
  }

  /** When present, a second submit with the same key and owner returns the first job. */
  public Optional<String> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /** Attempts for this job; when empty, the queue's {@link RetryPolicy} decides. */
  public Optional<Integer> maxAttempts() {
    return Optional.ofNullable(maxAttempts);
  }

  /** How long one attempt may run. */
  public Duration timeout() {
    return timeout;
  }

  /** How many days the document is kept before it is archived, 1–3650. */
  public int retentionDays() {
    return retentionDays;
  }

  @Override
  public String toString() {
    return "SubmitOptions{owner="
        + owner
        + ", priority="
        + priority
        + ", idempotencyKey="
        + idempotencyKey
        + ", maxAttempts="
        + maxAttempts
        + ", timeout="
        + timeout
        + ", retentionDays="
        + retentionDays
        + (followUpType == null ? "" : ", followUp=" + followUpType)
        + "}";
  }

  /** Builds {@link SubmitOptions}; each setter validates its argument at once. */
  public static final class Builder {
    private String owner = DEFAULT_OWNER;
    private int priority = DEFAULT_PRIORITY;
    private String idempotencyKey;
    private Integer maxAttempts;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int retentionDays = DEFAULT_RETENTION_DAYS;
    private String followUpType;
    private String followUpPayload;

    private Builder() {}

    /**
     * A plain job to queue when each submitted document ends (or, for {@link JobQueue#submitBatch},
     * when the batch's last document ends): completed, failed for good or cancelled. It is stored
     * beside the document or batch and queued in the transaction that ends it, so no crash loses it
     * and it is queued once; its handler learns what ended from {@link JobContext#afterDocument()}
     * or {@link JobContext#afterBatch()} and reads its status from {@link Documents}. The type must
     * have a handler ({@link IliosBuilder#handle}). It runs with this submit's priority, attempts
     * and timeout.
     *
     * @throws IllegalArgumentException if the payload does not encode, or encodes too long
     */
    public <P> Builder followUp(JobType<P> type, P payload) {
      Objects.requireNonNull(type, "type");
      String encoded = type.codec().encode(payload);
      if (encoded == null || encoded.length() > DefaultJobQueue.MAX_PAYLOAD_CHARS) {
        throw new IllegalArgumentException(
            "a '"
                + type.name()
                + "' follow-up payload must encode to at most "
                + DefaultJobQueue.MAX_PAYLOAD_CHARS
                + " characters");
      }
      this.followUpType = type.name();
      this.followUpPayload = encoded;
      return this;
    }

    /** How many days the document is kept, 1–3650. Default 365. */
    public Builder retentionDays(int days) {
      this.retentionDays =
          Checks.inRange("retentionDays", days, MIN_RETENTION_DAYS, MAX_RETENTION_DAYS);
      return this;
    }

    public Builder owner(String owner) {
      this.owner = Checks.notBlank("owner", owner, MAX_OWNER_LENGTH);
      return this;
    }

    public Builder priority(int priority) {
      this.priority = Checks.inRange("priority", priority, MIN_PRIORITY, MAX_PRIORITY);
      return this;
    }

    public Builder idempotencyKey(String key) {
      this.idempotencyKey = Checks.notBlank("idempotencyKey", key, MAX_KEY_LENGTH);
      return this;
    }

    public Builder maxAttempts(int attempts) {
      this.maxAttempts = Checks.inRange("maxAttempts", attempts, 1, 100);
      return this;
    }

    /** How long one attempt may run, 1 ms to {@link #MAX_TIMEOUT}. */
    public Builder timeout(Duration timeout) {
      this.timeout =
          Checks.between(
              "timeout",
              Objects.requireNonNull(timeout, "timeout"),
              Duration.ofMillis(1),
              MAX_TIMEOUT);
      return this;
    }

    public SubmitOptions build() {
      return new SubmitOptions(this);
    }
  }
}
