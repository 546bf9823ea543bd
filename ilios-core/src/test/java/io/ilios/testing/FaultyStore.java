package io.ilios.testing;

import io.ilios.Batch;
import io.ilios.Document;
import io.ilios.Job;
import io.ilios.JobCounts;
import io.ilios.StoreException;
import io.ilios.UsageBreakdown;
import io.ilios.UsageTotals;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.ConversionRecord;
import io.ilios.spi.DocumentRef;
import io.ilios.spi.JobOutcome;
import io.ilios.spi.JobStore;
import io.ilios.spi.Lease;
import io.ilios.spi.NewBatch;
import io.ilios.spi.NewDocument;
import io.ilios.spi.NewJob;
import io.ilios.spi.StoredDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real store behind a switch: while {@link #down} is set every call fails as a store that is
 * unreachable would, and {@link #refuse} names outcomes the store rejects whatever else happens (a
 * poison result). Counts calls so that tests can wait for events instead of time.
 */
public final class FaultyStore implements JobStore {
  private final JobStore real;
  private volatile boolean down;
  private volatile Predicate<JobOutcome> refuse = o -> false;
  public final AtomicInteger heartbeats = new AtomicInteger();
  public final AtomicInteger claims = new AtomicInteger();

  /** The job ids of each heartbeat call that reached the store, in order. */
  public final java.util.Queue<List<Long>> heartbeatBatches =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  public final AtomicInteger failedCalls = new AtomicInteger();

  /** The threads that called {@link #claim}. */
  public final java.util.Set<Thread> claimingThreads = ConcurrentHashMap.newKeySet();

  private volatile boolean commitsWaitForDisk;

  /** What {@link #commitsWaitForDisk} answers; false (SQLite's answer) by default. */
  public void commitsWaitForDisk(boolean wait) {
    this.commitsWaitForDisk = wait;
  }

  @Override
  public boolean commitsWaitForDisk() {
    return commitsWaitForDisk;
  }

  public FaultyStore(JobStore real) {
    this.real = real;
  }

  /** Every call fails while {@code down} is true. */
  public void down(boolean down) {
    this.down = down;
  }

  /** {@link #finish} fails whenever an outcome matching {@code refused} is among its outcomes. */
  public void refuse(Predicate<JobOutcome> refused) {
    this.refuse = refused;
  }

  private void check(String call) {
    if (down) {
      failedCalls.incrementAndGet();
      throw new StoreException(call + ": the store is unreachable (test)");
    }
  }

  @Override
  public List<Long> enqueue(List<NewJob> jobs) {
    check("enqueue");
    return real.enqueue(jobs);
  }

  @Override
  public Optional<Long> findByIdempotencyKey(String owner, String key) {
    check("find");
    return real.findByIdempotencyKey(owner, key);
  }

  @Override
  public List<ClaimedJob> claim(String workerId, int max, Instant now, Duration lease) {
    check("claim");
    List<ClaimedJob> claimed = real.claim(workerId, max, now, lease);
    claims.incrementAndGet();
    claimingThreads.add(Thread.currentThread());
    return claimed;
  }

  @Override
  public List<Lease> heartbeat(List<Lease> leases, Instant leaseUntil) {
    check("heartbeat");
    heartbeats.incrementAndGet();
    heartbeatBatches.add(leases.stream().map(Lease::jobId).toList());
    return real.heartbeat(leases, leaseUntil);
  }

  @Override
  public List<Boolean> finish(List<JobOutcome> outcomes, Instant now) {
    check("finish");
    for (JobOutcome o : outcomes) {
      if (refuse.test(o)) {
        failedCalls.incrementAndGet();
        throw new StoreException("finish: value too long for the result column (test)");
      }
    }
    return real.finish(outcomes, now);
  }

  @Override
  public Job cancel(String owner, long jobId, Instant now) {
    check("cancel");
    return real.cancel(owner, jobId, now);
  }

  @Override
  public int rescueExpired(Instant now) {
    check("rescue");
    return real.rescueExpired(now);
  }

  @Override
  public Optional<Job> find(String owner, long jobId) {
    check("find");
    return real.find(owner, jobId);
  }

  @Override
  public List<io.ilios.JobAttempt> attempts(String owner, long jobId) {
    check("attempts");
    return real.attempts(owner, jobId);
  }

  @Override
  public Optional<Job> findFollowUp(String owner, String cause) {
    check("findFollowUp");
    return real.findFollowUp(owner, cause);
  }

  @Override
  public long takeToken(String owner, double perSecond, int burst, Instant now) {
    check("takeToken");
    return real.takeToken(owner, perSecond, burst, now);
  }

  @Override
  public boolean takeSlot(String owner, String slotId, int limit, Instant until, Instant now) {
    check("takeSlot");
    return real.takeSlot(owner, slotId, limit, until, now);
  }

  @Override
  public void releaseSlot(String owner, String slotId) {
    check("releaseSlot");
    real.releaseSlot(owner, slotId);
  }

  @Override
  public boolean quotasAcrossNodes() {
    return real.quotasAcrossNodes();
  }

  @Override
  public JobCounts counts() {
    check("counts");
    return real.counts();
  }

  @Override
  public io.ilios.QueueDepth depth() {
    check("depth");
    return real.depth();
  }

  @Override
  public List<DocumentRef> enqueueDocuments(Optional<NewBatch> batch, List<NewDocument> documents) {
    check("enqueueDocuments");
    return real.enqueueDocuments(batch, documents);
  }

  @Override
  public Document saveConversion(
      NewDocument document, ConversionRecord conversion, Instant finishedAt) {
    check("saveConversion");
    return real.saveConversion(document, conversion, finishedAt);
  }

  @Override
  public Optional<StoredDocument> findDocument(String owner, String documentId) {
    check("findDocument");
    return real.findDocument(owner, documentId);
  }

  @Override
  public void addKey(io.ilios.ApiKey key, String digest) {
    check("addKey");
    real.addKey(key, digest);
  }

  @Override
  public Optional<io.ilios.ApiKey> keyByDigest(String digest) {
    check("keyByDigest");
    return real.keyByDigest(digest);
  }

  @Override
  public List<io.ilios.ApiKey> keys() {
    check("keys");
    return real.keys();
  }

  @Override
  public boolean revokeKey(String id, Instant now) {
    check("revokeKey");
    return real.revokeKey(id, now);
  }

  @Override
  public Optional<byte[]> storedOriginal(String documentId) {
    check("storedOriginal");
    return real.storedOriginal(documentId);
  }

  @Override
  public List<String> pages(String owner, String documentId, int first, int limit) {
    check("pages");
    return real.pages(owner, documentId, first, limit);
  }

  @Override
  public Optional<Batch> findBatch(String owner, String batchId) {
    check("findBatch");
    return real.findBatch(owner, batchId);
  }

  @Override
  public List<StoredDocument> batchDocuments(
      String owner, String batchId, int afterIndex, int limit) {
    check("batchDocuments");
    return real.batchDocuments(owner, batchId, afterIndex, limit);
  }

  @Override
  public boolean markBatchCompleted(String batchId, Instant now) {
    check("markBatchCompleted");
    return real.markBatchCompleted(batchId, now);
  }

  @Override
  public List<StoredDocument> expiredDocuments(Instant now, int limit) {
    check("expiredDocuments");
    return real.expiredDocuments(now, limit);
  }

  @Override
  public int archive(List<String> documentIds, Instant now) {
    check("archive");
    return real.archive(documentIds, now);
  }

  @Override
  public UsageTotals usageSummary(String owner, Instant from, Instant to) {
    check("usageSummary");
    return real.usageSummary(owner, from, to);
  }

  @Override
  public UsageBreakdown usageBreakdown(String owner, Instant from, Instant to) {
    check("usageBreakdown");
    return real.usageBreakdown(owner, from, to);
  }

  @Override
  public List<String> leaseHolders() {
    check("leaseHolders");
    return real.leaseHolders();
  }

  @Override
  public int rescueHeldBy(String workerId, Instant now) {
    check("rescueHeldBy");
    return real.rescueHeldBy(workerId, now);
  }

  @Override
  public java.util.Set<String> referencedBlobs(java.util.Collection<String> keys) {
    check("referencedBlobs");
    return real.referencedBlobs(keys);
  }

  @Override
  public void addJobsListener(Runnable listener) {
    real.addJobsListener(listener);
  }

  @Override
  public void removeJobsListener(Runnable listener) {
    real.removeJobsListener(listener);
  }

  @Override
  public void close() {
    real.close();
  }
}
