package io.ilios.spi;

/**
 * Durable storage of jobs: the queue every worker claims from ({@link JobQueueStore}), and the
 * documents ({@link DocumentStore}), usage ({@link UsageStore}) and retention ({@link
 * RetentionStore}) records and API keys ({@link KeyStore}) beside them, one role each.
 * Implementations must be thread-safe, must make {@link #claim} atomic (no job is ever handed to
 * two workers at once, in this process or any other sharing the store), and must apply {@link
 * #finish}, {@link #heartbeat} only while a lease's fencing token is current. Ilios passes the
 * current time in, so stores need no clock.
 *
 * <p>Beside jobs, a store keeps the documents they convert, batches and usage records, so that a
 * completion, its pages and its usage record commit together. Every read of these takes the owner
 * and treats another owner's id as unknown.
 *
 * <p>The SQLite store ships in core ({@link io.ilios.store.SqliteJobStore}); the Postgres store,
 * for several nodes, in {@code ilios-postgres}. Both pass the same contract tests.
 */
public interface JobStore
    extends JobQueueStore,
        DocumentStore,
        UsageStore,
        RetentionStore,
        KeyStore,
        QuotaStore,
        AutoCloseable {
  /** Closes the store. Idempotent. */
  @Override
  void close();
}
