package io.ilios.testing;

import static io.ilios.testing.Jobs.job;
import static io.ilios.testing.Jobs.keyed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.Batch;
import io.ilios.BatchProgress;
import io.ilios.BatchStatus;
import io.ilios.ConversionMetadata;
import io.ilios.Cost;
import io.ilios.Document;
import io.ilios.DocumentStatus;
import io.ilios.Job;
import io.ilios.JobCounts;
import io.ilios.JobStatus;
import io.ilios.NotFoundException;
import io.ilios.Operation;
import io.ilios.QueueDepth;
import io.ilios.StoreException;
import io.ilios.UsageBreakdown;
import io.ilios.UsageTotals;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.ConversionRecord;
import io.ilios.spi.DocumentRef;
import io.ilios.spi.JobOutcome;
import io.ilios.spi.JobStore;
import io.ilios.spi.NewBatch;
import io.ilios.spi.NewDocument;
import io.ilios.spi.NewJob;
import io.ilios.spi.StoredDocument;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} must do, run unchanged against each store: claims in queue order,
 * fencing, retries, rescue, cancel, idempotency, owner isolation, and the documents, batches, usage
 * and retention records. A subclass gives a fresh, empty store for each test.
 */
public abstract class JobStoreContract {
  protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  protected static final Duration LEASE = Duration.ofSeconds(60);

  protected JobStore store;

  /** A new store with no jobs, documents or usage in it. */
  protected abstract JobStore openEmpty();

  @BeforeEach
  void openStore() {
    store = openEmpty();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void claimTakesHighestPriorityFirstThenFifo() {
    List<Long> ids =
        store.enqueue(
            List.of(
                job("a", 1, T0),
                job("a", 9, T0.plusMillis(2)),
                job("a", 9, T0.plusMillis(1)),
                job("a", 5, T0)));
    List<Long> order = List.of(ids.get(2), ids.get(1), ids.get(3), ids.get(0));
    for (long expected : order) {
      List<ClaimedJob> c = store.claim("w", 1, T0.plusSeconds(1), LEASE);
      assertThat(c).extracting(ClaimedJob::id).containsExactly(expected);
    }
    assertThat(store.claim("w", 1, T0.plusSeconds(1), LEASE)).isEmpty();
  }

  @Test
  void oneClaimTakesSeveralJobsInPriorityOrder() {
    List<Long> ids = store.enqueue(List.of(job("a", 1, T0), job("a", 7, T0), job("a", 3, T0)));
    List<ClaimedJob> c = store.claim("w", 2, T0, LEASE);
    assertThat(c).extracting(ClaimedJob::id).containsExactly(ids.get(1), ids.get(2));
    assertThat(c).allSatisfy(j -> assertThat(j.attempt()).isEqualTo(1));
    assertThat(store.counts().processing()).isEqualTo(2);
    assertThat(store.counts().pending()).isEqualTo(1);
  }

  @Test
  void aClaimOfSeveralJobsReturnsThemInQueueOrderIncludingRetries() {
    long retried = store.enqueue(List.of(job("a", 9, T0))).get(0);
    ClaimedJob first = store.claim("w", 1, T0, LEASE).get(0);
    store.finish(
        List.of(new JobOutcome.Failed(first.lease(), "boom", true, T0.plusSeconds(5))), T0);
    long later = store.enqueue(List.of(job("a", 9, T0.plusSeconds(1)))).get(0);
    // Same priority: the job submitted at +1 s runs before the retry scheduled at +5 s.
    assertThat(store.claim("w", 2, T0.plusSeconds(6), LEASE))
        .extracting(ClaimedJob::id)
        .containsExactly(later, retried);
  }

  @Test
  void jobsScheduledInTheFutureAreNotClaimedEarly() {
    store.enqueue(List.of(job(T0.plusSeconds(10))));
    assertThat(store.claim("w", 1, T0.plusSeconds(9), LEASE)).isEmpty();
    assertThat(store.claim("w", 1, T0.plusSeconds(10), LEASE)).hasSize(1);
  }

  @Test
  void completionWithAStaleTokenIsRejected() {
    long id = store.enqueue(List.of(job(T0))).get(0);
    ClaimedJob first = store.claim("w1", 1, T0, LEASE).get(0);
    // The lease expires; the job is rescued and claimed again by another worker.
    assertThat(store.rescueExpired(T0.plus(LEASE).plusMillis(1))).isEqualTo(1);
    ClaimedJob second = store.claim("w2", 1, T0.plus(LEASE).plusMillis(2), LEASE).get(0);
    assertThat(second.lease().token()).isGreaterThan(first.lease().token());
    assertThat(second.attempt()).isEqualTo(2);

    Instant now = T0.plus(LEASE).plusSeconds(1);
    assertThat(store.finish(List.of(new JobOutcome.Completed(first.lease(), "stale")), now))
        .containsExactly(false);
    assertThat(
            store.finish(List.of(new JobOutcome.Failed(first.lease(), "stale", false, now)), now))
        .containsExactly(false);
    assertThat(store.heartbeat(List.of(first.lease()), now.plus(LEASE)))
        .containsExactly(first.lease());
    assertThat(store.finish(List.of(new JobOutcome.Completed(second.lease(), "fresh")), now))
        .containsExactly(true);

    Job job = store.find("alice", id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.result()).contains("fresh");
  }

  @Test
  void retryableFailureGoesBackToPendingUntilAttemptsRunOut() {
    long id = store.enqueue(List.of(job(T0))).get(0);
    Instant now = T0;
    for (int attempt = 1; attempt <= 3; attempt++) {
      ClaimedJob c = store.claim("w", 1, now, LEASE).get(0);
      assertThat(c.attempt()).isEqualTo(attempt);
      Instant retryAt = now.plusSeconds(5);
      store.finish(
          List.of(new JobOutcome.Failed(c.lease(), "boom " + attempt, true, retryAt)), now);
      Job j = store.find("alice", id).orElseThrow();
      if (attempt < 3) {
        assertThat(j.status()).isEqualTo(JobStatus.PENDING);
        assertThat(j.scheduledAt()).isEqualTo(retryAt);
        assertThat(store.claim("w", 1, retryAt.minusMillis(1), LEASE)).isEmpty();
      } else {
        assertThat(j.status()).isEqualTo(JobStatus.FAILED);
        assertThat(j.error()).contains("boom 3");
        assertThat(j.finishedAt()).contains(now);
      }
      now = retryAt;
    }
  }

  @Test
  void nonRetryableFailureFailsAtOnce() {
    long id = store.enqueue(List.of(job(T0))).get(0);
    ClaimedJob c = store.claim("w", 1, T0, LEASE).get(0);
    store.finish(List.of(new JobOutcome.Failed(c.lease(), "bad pdf", false, T0)), T0);
    Job j = store.find("alice", id).orElseThrow();
    assertThat(j.status()).isEqualTo(JobStatus.FAILED);
    assertThat(j.attempts()).isEqualTo(1);
  }

  @Test
  void releaseReturnsTheJobWithoutUsingAnAttempt() {
    long id = store.enqueue(List.of(job(T0))).get(0);
    ClaimedJob c = store.claim("w", 1, T0, LEASE).get(0);
    store.finish(List.of(new JobOutcome.Released(c.lease())), T0);
    Job j = store.find("alice", id).orElseThrow();
    assertThat(j.status()).isEqualTo(JobStatus.PENDING);
    assertThat(j.attempts()).isZero();
  }

  @Test
  void expiredLeaseWithNoAttemptsLeftFails() {
    long id =
        store
            .enqueue(
                List.of(
                    new io.ilios.spi.NewJob(
                        "alice",
                        "t",
                        5,
                        1,
                        Duration.ofMinutes(1),
                        "{}",
                        java.util.Optional.empty(),
                        T0)))
            .get(0);
    store.claim("w9", 1, T0, LEASE);
    assertThat(store.rescueExpired(T0.plus(LEASE))).isZero(); // not yet expired
    assertThat(store.rescueExpired(T0.plus(LEASE).plusMillis(1))).isEqualTo(1);
    Job j = store.find("alice", id).orElseThrow();
    assertThat(j.status()).isEqualTo(JobStatus.FAILED);
    assertThat(j.error().orElseThrow()).contains("lease expired").contains("w9");
  }

  @Test
  void theJobsOfAWorkerThatIsGoneAreRescuedAtOnceAndNoOtherWorkersJobs() {
    store.enqueue(Jobs.many(3, T0));
    store.claim("gone", 2, T0, LEASE);
    store.claim("alive", 1, T0, LEASE);
    assertThat(store.leaseHolders()).containsExactlyInAnyOrder("gone", "alive");
    assertThat(store.rescueHeldBy("gone", T0.plusSeconds(1))).isEqualTo(2);
    assertThat(store.leaseHolders()).containsExactly("alive");
    JobCounts counts = store.counts();
    assertThat(counts.pending()).isEqualTo(2);
    assertThat(counts.processing()).isEqualTo(1);
    assertThat(store.claim("next", 5, T0.plusSeconds(1), LEASE)).hasSize(2);
  }

  @Test
  void theDepthCountsWaitingAndRunningJobsAndSaysSinceWhenTheOldestWaits() {
    assertThat(store.depth()).isEqualTo(new QueueDepth(0, 0, Optional.empty()));
    store.enqueue(List.of(job("a", 9, T0), job("a", 1, T0.plusSeconds(10))));
    assertThat(store.depth()).isEqualTo(new QueueDepth(2, 0, Optional.of(T0)));
    ClaimedJob first = store.claim("w", 1, T0.plusSeconds(10), LEASE).get(0); // by priority
    assertThat(store.depth()).isEqualTo(new QueueDepth(1, 1, Optional.of(T0.plusSeconds(10))));
    store.finish(List.of(new JobOutcome.Completed(first.lease(), "done")), T0.plusSeconds(11));
    store.claim("w", 1, T0.plusSeconds(11), LEASE);
    assertThat(store.depth()).isEqualTo(new QueueDepth(0, 1, Optional.empty()));
  }

  @Test
  void heartbeatKeepsTheLeaseAlive() {
    store.enqueue(List.of(job(T0)));
    ClaimedJob c = store.claim("w", 1, T0, LEASE).get(0);
    assertThat(store.heartbeat(List.of(c.lease()), T0.plus(LEASE).plusSeconds(30))).isEmpty();
    assertThat(store.rescueExpired(T0.plus(LEASE).plusSeconds(1))).isZero();
  }

  @Test
  void cancelStopsPendingAndRunningJobsButNotFinishedOnes() {
    List<Long> ids = store.enqueue(List.of(job(T0), job(T0), job(T0)));
    ClaimedJob running = store.claim("w", 1, T0, LEASE).get(0);
    ClaimedJob done = store.claim("w", 1, T0, LEASE).get(0);
    store.finish(List.of(new JobOutcome.Completed(done.lease(), "ok")), T0);

    assertThat(store.cancel("alice", ids.get(2), T0).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(store.cancel("alice", running.id(), T0).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(store.cancel("alice", done.id(), T0).status()).isEqualTo(JobStatus.COMPLETED);
    // The cancelled job's worker can no longer complete it.
    assertThat(store.finish(List.of(new JobOutcome.Completed(running.lease(), "late")), T0))
        .containsExactly(false);
  }

  @Test
  void anotherOwnersJobIsNotFoundLikeAnUnknownId() {
    long id = store.enqueue(List.of(job("alice", 5, T0))).get(0);
    assertThat(store.find("bob", id)).isEmpty();
    assertThat(store.find("alice", id + 1000)).isEmpty();
    assertThatThrownBy(() -> store.cancel("bob", id, T0))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("job " + id + " not found");
    assertThat(store.find("alice", id).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
  }

  @Test
  void theSameIdempotencyKeyForTheSameOwnerGivesTheSameJob() {
    long a = store.enqueue(List.of(keyed("alice", "k1", T0))).get(0);
    List<Long> again = store.enqueue(List.of(keyed("alice", "k1", T0), keyed("bob", "k1", T0)));
    assertThat(again.get(0)).isEqualTo(a);
    assertThat(again.get(1)).isNotEqualTo(a);
    assertThat(store.findByIdempotencyKey("alice", "k1")).contains(a);
    assertThat(store.counts().total()).isEqualTo(2);
  }

  @Test
  void batchEnqueueIsAllOrNothing() {
    List<io.ilios.spi.NewJob> jobs = new java.util.ArrayList<>(Jobs.many(10, T0));
    // Priority 11 violates the schema's CHECK constraint: the whole batch must roll back.
    jobs.add(
        new io.ilios.spi.NewJob(
            "alice", "t", 11, 3, Duration.ofMinutes(1), "{}", java.util.Optional.empty(), T0));
    assertThatThrownBy(() -> store.enqueue(jobs))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("enqueue failed");
    assertThat(store.counts().total()).isZero();
  }

  @Test
  void aClosedStoreSaysSo() {
    store.close();
    store.close(); // idempotent
    assertThatThrownBy(() -> store.counts())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is closed");
  }

  // Documents, batches, usage and retention.

  protected static NewDocument document(
      String owner, Optional<String> batch, int index, String name, Instant at, int days) {
    return new NewDocument(
        UUID.randomUUID().toString(),
        batch,
        index,
        name,
        "application/pdf",
        1234,
        "originals/" + UUID.randomUUID(),
        days,
        new NewJob(owner, "convert", 5, 3, Duration.ofMinutes(1), "{}", Optional.empty(), at));
  }

  protected static ConversionRecord conversion(
      String documentId, String owner, Operation op, List<String> pages, long baseMicros) {
    return new ConversionRecord(
        documentId,
        owner,
        op,
        "fake",
        pages,
        new ConversionMetadata(
            "fake-1",
            pages.size(),
            Duration.ofMillis(42),
            10,
            20,
            Cost.of(baseMicros, 3_000),
            List.of(Duration.ofMillis(30), Duration.ofMillis(12))));
  }

  @Test
  void aQueuedDocumentTakesItsJobsStatusAndItsConversionOnCompletion() {
    NewDocument doc = document("alice", Optional.empty(), 0, "a.pdf", T0, 30);
    DocumentRef ref = store.enqueueDocuments(Optional.empty(), List.of(doc)).get(0);
    assertThat(ref.documentId()).isEqualTo(doc.id());
    StoredDocument pending = store.findDocument("alice", doc.id()).orElseThrow();
    assertThat(pending.document().status()).isEqualTo(DocumentStatus.PENDING);
    assertThat(pending.blobKey()).contains(doc.blobKey());
    assertThat(store.findDocument("bob", doc.id())).isEmpty();

    ClaimedJob c = store.claim("w", 1, T0, LEASE).get(0);
    assertThat(c.id()).isEqualTo(ref.jobId());
    ConversionRecord r =
        conversion(doc.id(), "alice", Operation.DOCUMENT, List.of("# one", "# two"), 1_000);
    Instant done = T0.plusSeconds(3);
    assertThat(
            store.finish(List.of(new JobOutcome.Completed(c.lease(), "{}", Optional.of(r))), done))
        .containsExactly(true);

    Document d = store.findDocument("alice", doc.id()).orElseThrow().document();
    assertThat(d.status()).isEqualTo(DocumentStatus.COMPLETED);
    assertThat(d.processedAt()).contains(done);
    assertThat(d.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
    assertThat(d.metadata()).contains(r.metadata());
    assertThat(store.pages("alice", doc.id(), 1, 10)).containsExactly("# one", "# two");
    assertThat(store.pages("alice", doc.id(), 2, 10)).containsExactly("# two");
    assertThat(store.pages("bob", doc.id(), 1, 10)).isEmpty();
  }

  @Test
  void aStaleCompletionStoresNeitherPagesNorUsage() {
    NewDocument doc = document("alice", Optional.empty(), 0, "a.pdf", T0, 30);
    store.enqueueDocuments(Optional.empty(), List.of(doc));
    ClaimedJob first = store.claim("w1", 1, T0, LEASE).get(0);
    store.rescueExpired(T0.plus(LEASE).plusMillis(1));
    ConversionRecord r = conversion(doc.id(), "alice", Operation.DOCUMENT, List.of("late"), 500);
    assertThat(
            store.finish(
                List.of(new JobOutcome.Completed(first.lease(), "{}", Optional.of(r))),
                T0.plus(LEASE).plusSeconds(1)))
        .containsExactly(false);
    assertThat(store.pages("alice", doc.id(), 1, 10)).isEmpty();
    assertThat(store.usageSummary("alice", T0, T0.plus(Duration.ofDays(1))))
        .isEqualTo(UsageTotals.NONE);
  }

  @Test
  void aSynchronousConversionIsStoredCompleteInOneCall() {
    NewDocument doc = document("alice", Optional.empty(), 0, "s.pdf", T0, 1);
    ConversionRecord r = conversion(doc.id(), "alice", Operation.CONVERT, List.of("p1"), 2_000);
    Document d = store.saveConversion(doc, r, T0.plusSeconds(1));
    assertThat(d.id()).isEqualTo(doc.id());
    assertThat(d.status()).isEqualTo(DocumentStatus.COMPLETED);
    assertThat(store.find("alice", d.jobId()).orElseThrow().status())
        .isEqualTo(JobStatus.COMPLETED);
    assertThat(store.pages("alice", doc.id(), 1, 5)).containsExactly("p1");
    assertThat(store.claim("w", 1, T0.plusSeconds(2), LEASE)).isEmpty();
  }

  @Test
  void aBatchKeepsItsOrderReportsProgressAndIsMarkedCompletedOnce() {
    NewBatch batch = new NewBatch(UUID.randomUUID().toString(), "alice", 7, 3, T0);
    List<NewDocument> docs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      docs.add(document("alice", Optional.of(batch.id()), i, "d" + i + ".pdf", T0, 30));
    }
    store.enqueueDocuments(Optional.of(batch), docs);
    assertThat(store.findBatch("bob", batch.id())).isEmpty();
    Batch b = store.findBatch("alice", batch.id()).orElseThrow();
    assertThat(b.priority()).isEqualTo(7);
    assertThat(b.progress().pending()).isEqualTo(3);
    assertThat(store.markBatchCompleted(batch.id(), T0)).isFalse();

    List<StoredDocument> firstTwo = store.batchDocuments("alice", batch.id(), -1, 2);
    assertThat(firstTwo)
        .extracting(s -> s.document().fileName())
        .containsExactly("d0.pdf", "d1.pdf");
    assertThat(store.batchDocuments("alice", batch.id(), 1, 2))
        .extracting(s -> s.document().fileName())
        .containsExactly("d2.pdf");
    assertThat(store.batchDocuments("bob", batch.id(), -1, 10)).isEmpty();

    List<ClaimedJob> claimed = store.claim("w", 3, T0, LEASE);
    store.finish(
        List.of(
            new JobOutcome.Completed(claimed.get(0).lease(), "{}"),
            new JobOutcome.Failed(claimed.get(1).lease(), "bad", false, T0),
            new JobOutcome.Completed(claimed.get(2).lease(), "{}")),
        T0.plusSeconds(1));
    Batch ended = store.findBatch("alice", batch.id()).orElseThrow();
    assertThat(ended.progress().completed()).isEqualTo(2);
    assertThat(ended.progress().failed()).isEqualTo(1);
    assertThat(ended.status()).isEqualTo(BatchStatus.COMPLETED);
    assertThat(ended.completedAt()).contains(T0.plusSeconds(1));
    assertThat(store.markBatchCompleted(batch.id(), T0.plusSeconds(2))).isTrue();
    assertThat(store.markBatchCompleted(batch.id(), T0.plusSeconds(3))).isFalse();
  }

  @Test
  void aBatchsCountsFollowEveryStateChangeItsJobsGoThrough() {
    NewBatch batch = new NewBatch(UUID.randomUUID().toString(), "alice", 5, 40, T0);
    List<NewDocument> docs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      docs.add(document("alice", Optional.of(batch.id()), i, "d" + i + ".pdf", T0, 30));
    }
    List<Long> jobs = new ArrayList<>();
    store.enqueueDocuments(Optional.of(batch), docs).forEach(r -> jobs.add(r.jobId()));
    // Jobs of no batch and of another batch move too, and must not be counted here.
    store.enqueueDocuments(
        Optional.empty(), List.of(document("alice", Optional.empty(), 0, "x.pdf", T0, 30)));
    store.enqueue(List.of(job(T0)));

    Random random = new Random(7);
    Instant now = T0;
    List<ClaimedJob> running = new ArrayList<>();
    for (int step = 0; step < 200 && !batchEnded(batch.id()); step++) {
      now = now.plusMillis(10 + random.nextInt(1000));
      switch (random.nextInt(6)) {
        case 0, 1 -> running.addAll(store.claim("w" + random.nextInt(2), 3, now, LEASE));
        case 2, 3 -> {
          if (!running.isEmpty()) {
            ClaimedJob c = running.remove(random.nextInt(running.size()));
            JobOutcome outcome =
                switch (random.nextInt(4)) {
                  case 0 -> new JobOutcome.Failed(c.lease(), "again", true, now);
                  case 1 -> new JobOutcome.Failed(c.lease(), "bad", false, now);
                  case 2 -> new JobOutcome.Released(c.lease());
                  default -> new JobOutcome.Completed(c.lease(), "{}");
                };
            store.finish(List.of(outcome), now);
          }
        }
        case 4 -> store.cancel("alice", jobs.get(random.nextInt(jobs.size())), now);
        default -> {
          store.rescueHeldBy("w" + random.nextInt(2), now);
          running.clear();
        }
      }
      assertCountsMatchJobs(batch.id(), jobs);
    }
    // Whatever is left is cancelled: the batch ends, once, at its last job's end.
    for (long id : jobs) {
      store.cancel("alice", id, now.plusSeconds(1));
    }
    assertCountsMatchJobs(batch.id(), jobs);
    Batch ended = store.findBatch("alice", batch.id()).orElseThrow();
    assertThat(ended.status().isTerminal()).isTrue();
    assertThat(ended.completedAt().orElseThrow()).isAfterOrEqualTo(now);
    assertThat(store.markBatchCompleted(batch.id(), now)).isTrue();
    assertThat(store.markBatchCompleted(batch.id(), now)).isFalse();
  }

  private boolean batchEnded(String batchId) {
    return store.findBatch("alice", batchId).orElseThrow().status().isTerminal();
  }

  private void assertCountsMatchJobs(String batchId, List<Long> jobs) {
    int[] n = new int[JobStatus.values().length];
    for (long id : jobs) {
      n[store.find("alice", id).orElseThrow().status().ordinal()]++;
    }
    assertThat(store.findBatch("alice", batchId).orElseThrow().progress())
        .isEqualTo(
            new BatchProgress(
                jobs.size(),
                n[JobStatus.PENDING.ordinal()],
                n[JobStatus.PROCESSING.ordinal()],
                n[JobStatus.COMPLETED.ordinal()],
                n[JobStatus.FAILED.ordinal()],
                n[JobStatus.CANCELLED.ordinal()]));
  }

  @Test
  void aSmallOriginalIsStoredWithItsDocumentAndDeletedWhenItIsArchived() {
    NewDocument plain = document("alice", Optional.empty(), 0, "a.pdf", T0, 1);
    byte[] bytes = new byte[70_000];
    new Random(3).nextBytes(bytes);
    NewDocument inStore =
        new NewDocument(
            UUID.randomUUID().toString(),
            Optional.empty(),
            0,
            "b.pdf",
            "application/pdf",
            bytes.length,
            "store/b",
            1,
            plain.job(),
            Optional.of(bytes));
    store.enqueueDocuments(Optional.empty(), List.of(plain, inStore));
    assertThat(store.storedOriginal(plain.id())).isEmpty();
    assertThat(store.storedOriginal(inStore.id()).orElseThrow()).isEqualTo(bytes);
    assertThat(store.findDocument("alice", inStore.id()).orElseThrow().blobKey())
        .contains("store/b");

    assertThat(store.archive(List.of(inStore.id()), T0.plus(Duration.ofDays(1)))).isEqualTo(1);
    assertThat(store.storedOriginal(inStore.id())).isEmpty();
  }

  @Test
  void apiKeysAreFoundByDigestListedInOrderAndRevokedOnce() {
    io.ilios.ApiKey a =
        new io.ilios.ApiKey(
            "key_a",
            "alice",
            "ci",
            Optional.of("pagesPerDay=10"),
            Optional.of("https://hooks.example/a"),
            T0,
            Optional.empty());
    io.ilios.ApiKey b =
        new io.ilios.ApiKey(
            "key_b",
            "bob",
            "laptop",
            Optional.empty(),
            Optional.empty(),
            T0.plusSeconds(1),
            Optional.empty());
    store.addKey(a, "aa".repeat(32));
    store.addKey(b, "bb".repeat(32));
    assertThat(store.keyByDigest("aa".repeat(32))).contains(a);
    assertThat(store.keyByDigest("cc".repeat(32))).isEmpty();
    assertThat(store.keys()).containsExactly(a, b);
    assertThatThrownBy(() -> store.addKey(a, "dd".repeat(32))).isInstanceOf(StoreException.class);

    assertThat(store.revokeKey("key_a", T0.plusSeconds(5))).isTrue();
    assertThat(store.revokeKey("key_a", T0.plusSeconds(6))).isFalse();
    assertThat(store.revokeKey("key_unknown", T0)).isFalse();
    assertThat(store.keyByDigest("aa".repeat(32)).orElseThrow().revokedAt())
        .contains(T0.plusSeconds(5));
  }

  @Test
  void aFollowUpIsQueuedOnceWhenItsDocumentOrBatchEndsAndNotBefore() {
    io.ilios.spi.FollowUp tell =
        new io.ilios.spi.FollowUp("notify", "{\"to\":\"x\"}", 2, Duration.ofSeconds(30));
    NewDocument plain = document("alice", Optional.empty(), 0, "a.pdf", T0, 30);
    NewDocument single =
        new NewDocument(
            plain.id(),
            Optional.empty(),
            0,
            "a.pdf",
            "application/pdf",
            10,
            "originals/a",
            30,
            new NewJob(
                "alice",
                "convert",
                6,
                3,
                Duration.ofMinutes(1),
                "{}",
                Optional.empty(),
                T0,
                Optional.of(tell)));
    store.enqueueDocuments(Optional.empty(), List.of(single));

    // A failed attempt with attempts left is no end: nothing is queued.
    ClaimedJob first = store.claim("w", 1, T0, LEASE).get(0);
    store.finish(List.of(new JobOutcome.Failed(first.lease(), "again", true, T0)), T0);
    ClaimedJob second = store.claim("w", 1, T0, LEASE).get(0);
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(store.claim("w", 5, T0, LEASE)).isEmpty();
    store.finish(List.of(new JobOutcome.Completed(second.lease(), "{}")), T0.plusSeconds(1));

    List<ClaimedJob> followUps = store.claim("w", 5, T0.plusSeconds(1), LEASE);
    assertThat(followUps).hasSize(1);
    ClaimedJob f = followUps.get(0);
    assertThat(f.type()).isEqualTo("notify");
    assertThat(f.payload()).isEqualTo("{\"to\":\"x\"}");
    assertThat(f.owner()).isEqualTo("alice");
    assertThat(f.priority()).isEqualTo(6);
    assertThat(f.maxAttempts()).isEqualTo(2);
    assertThat(f.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(f.cause()).contains("document:" + single.id());
    assertThat(store.findFollowUp("alice", "document:" + single.id()).orElseThrow().id())
        .isEqualTo(f.id());
    assertThat(store.findFollowUp("bob", "document:" + single.id())).isEmpty();
    // The follow-up ending queues nothing more.
    store.finish(List.of(new JobOutcome.Completed(f.lease(), "told")), T0.plusSeconds(2));
    assertThat(store.claim("w", 5, T0.plusSeconds(2), LEASE)).isEmpty();

    NewBatch batch = new NewBatch(UUID.randomUUID().toString(), "bob", 5, 2, T0, Optional.of(tell));
    List<NewDocument> docs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      docs.add(document("bob", Optional.of(batch.id()), i, "b" + i + ".pdf", T0, 30));
    }
    List<Long> jobs = new ArrayList<>();
    store.enqueueDocuments(Optional.of(batch), docs).forEach(r -> jobs.add(r.jobId()));
    ClaimedJob one = store.claim("w", 1, T0.plusSeconds(3), LEASE).get(0);
    store.finish(List.of(new JobOutcome.Failed(one.lease(), "bad", false, T0)), T0.plusSeconds(3));
    assertThat(store.counts().pending())
        .as("one document still pending, no follow-up")
        .isEqualTo(1);
    long other = jobs.get(0) == one.id() ? jobs.get(1) : jobs.get(0);
    store.cancel("bob", other, T0.plusSeconds(4));
    List<ClaimedJob> batchFollowUp = store.claim("w", 5, T0.plusSeconds(4), LEASE);
    assertThat(batchFollowUp).hasSize(1);
    assertThat(batchFollowUp.get(0).cause()).contains("batch:" + batch.id());
    assertThat(batchFollowUp.get(0).owner()).isEqualTo("bob");

    // Each attempt of a follow-up is kept: a failure that is retried, then the success.
    ClaimedJob tellOnce = batchFollowUp.get(0);
    store.finish(
        List.of(new JobOutcome.Failed(tellOnce.lease(), "receiver answered 500", true, T0)),
        T0.plusSeconds(5));
    ClaimedJob tellAgain = store.claim("w", 1, T0.plusSeconds(6), LEASE).get(0);
    store.finish(List.of(new JobOutcome.Completed(tellAgain.lease(), "sent")), T0.plusSeconds(7));
    assertThat(store.attempts("bob", tellOnce.id()))
        .extracting(io.ilios.JobAttempt::attempt, io.ilios.JobAttempt::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "receiver answered 500"),
            org.assertj.core.groups.Tuple.tuple(2, "completed: sent"));
    assertThat(store.attempts("alice", tellOnce.id())).isEmpty();
    assertThat(store.attempts("alice", f.id())).hasSize(1);
  }

  @Test
  void requestTokensRefillAtTheirRateUpToTheBurst() {
    assertThat(store.takeToken("alice", 2, 2, T0)).isZero();
    assertThat(store.takeToken("alice", 2, 2, T0)).isZero();
    assertThat(store.takeToken("alice", 2, 2, T0)).isEqualTo(500); // one token at 2 per second
    assertThat(store.takeToken("bob", 2, 2, T0)).as("a bucket per owner").isZero();
    assertThat(store.takeToken("alice", 2, 2, T0.plusMillis(500))).isZero();
    assertThat(store.takeToken("alice", 2, 2, T0.plusSeconds(60))).isZero();
    assertThat(store.takeToken("alice", 2, 2, T0.plusSeconds(60))).isZero();
    assertThat(store.takeToken("alice", 2, 2, T0.plusSeconds(60)))
        .as("never more than the burst")
        .isPositive();
  }

  @Test
  void slotsAreHeldUpToTheLimitGivenBackAndLapse() {
    Instant until = T0.plusSeconds(60);
    assertThat(store.takeSlot("alice", "s1", 2, until, T0)).isTrue();
    assertThat(store.takeSlot("alice", "s2", 2, until, T0)).isTrue();
    assertThat(store.takeSlot("alice", "s3", 2, until, T0)).isFalse();
    assertThat(store.takeSlot("bob", "s4", 2, until, T0)).isTrue();
    store.releaseSlot("alice", "s1");
    assertThat(store.takeSlot("alice", "s5", 2, until, T0)).isTrue();
    // A holder that never gives its slot back (a node that died) loses it when it lapses.
    assertThat(store.takeSlot("alice", "s6", 2, until.plusSeconds(60), until.plusMillis(1)))
        .isTrue();
  }

  @Test
  void aRepeatedIdempotencyKeyGivesTheFirstDocument() {
    NewDocument first = keyedDocument("k1");
    NewDocument again = keyedDocument("k1");
    DocumentRef a = store.enqueueDocuments(Optional.empty(), List.of(first)).get(0);
    DocumentRef b = store.enqueueDocuments(Optional.empty(), List.of(again)).get(0);
    assertThat(b).isEqualTo(a);
    assertThat(store.findDocument("alice", again.id())).isEmpty();
  }

  private static NewDocument keyedDocument(String key) {
    NewDocument d = document("alice", Optional.empty(), 0, "k.pdf", T0, 30);
    return new NewDocument(
        d.id(),
        d.batchId(),
        0,
        d.fileName(),
        d.mimeType(),
        d.size(),
        d.blobKey(),
        30,
        new NewJob("alice", "convert", 5, 3, Duration.ofMinutes(1), "{}", Optional.of(key), T0));
  }

  @Test
  void expiredDocumentsAreArchivedOnceKeepingTheirMetadata() {
    NewDocument shortLived = document("alice", Optional.empty(), 0, "s.pdf", T0, 1);
    NewDocument longLived = document("bob", Optional.empty(), 0, "l.pdf", T0, 2);
    store.saveConversion(
        shortLived, conversion(shortLived.id(), "alice", Operation.CONVERT, List.of("x"), 1), T0);
    store.enqueueDocuments(Optional.empty(), List.of(longLived));
    Instant dayLater = T0.plus(Duration.ofDays(1));
    assertThat(store.expiredDocuments(dayLater.minusMillis(1), 10)).isEmpty();
    List<StoredDocument> expired = store.expiredDocuments(dayLater, 10);
    assertThat(expired).extracting(s -> s.document().id()).containsExactly(shortLived.id());

    assertThat(store.archive(List.of(shortLived.id()), dayLater)).isEqualTo(1);
    assertThat(store.archive(List.of(shortLived.id()), dayLater)).isZero();
    StoredDocument archived = store.findDocument("alice", shortLived.id()).orElseThrow();
    assertThat(archived.document().status()).isEqualTo(DocumentStatus.ARCHIVED);
    assertThat(archived.document().archivedAt()).contains(dayLater);
    assertThat(archived.document().metadata()).isPresent();
    assertThat(archived.blobKey()).isEmpty();
    assertThat(store.pages("alice", shortLived.id(), 1, 10)).isEmpty();
    assertThat(store.expiredDocuments(dayLater, 10)).isEmpty();
    assertThat(store.expiredDocuments(T0.plus(Duration.ofDays(2)), 10))
        .extracting(s -> s.document().id())
        .containsExactly(longLived.id());
  }

  @Test
  void usageIsAddedUpPerOwnerByDayAndOperation() {
    Instant day2 = T0.plus(Duration.ofDays(1)).plusSeconds(5);
    NewDocument a = document("alice", Optional.empty(), 0, "a.pdf", T0, 30);
    NewDocument b = document("alice", Optional.empty(), 0, "b.pdf", day2, 30);
    NewDocument c = document("bob", Optional.empty(), 0, "c.pdf", T0, 30);
    store.saveConversion(
        a, conversion(a.id(), "alice", Operation.CONVERT, List.of("1"), 1_000), T0);
    store.saveConversion(
        b, conversion(b.id(), "alice", Operation.CONVERT, List.of("1", "2"), 2_000), day2);
    store.saveConversion(c, conversion(c.id(), "bob", Operation.CONVERT, List.of("1"), 9_999), T0);

    Instant end = T0.plus(Duration.ofDays(3));
    UsageTotals alice = store.usageSummary("alice", T0, end);
    assertThat(alice)
        .isEqualTo(
            new UsageTotals(
                2,
                2,
                3,
                20,
                40,
                3_000,
                Cost.of(1_000, 3_000).totalMicros() + Cost.of(2_000, 3_000).totalMicros()));
    assertThat(store.usageSummary("alice", T0, day2))
        .extracting(UsageTotals::operations)
        .isEqualTo(1L);
    UsageBreakdown breakdown = store.usageBreakdown("alice", T0, end);
    assertThat(breakdown.byDay().keySet())
        .containsExactly(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2));
    assertThat(breakdown.byOperation().get(Operation.CONVERT).operations()).isEqualTo(2);
    assertThat(store.usageSummary("carol", T0, end)).isEqualTo(UsageTotals.NONE);
  }
}
