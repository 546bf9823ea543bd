package io.ilios.internal.worker;

import io.ilios.JobStatus;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.JobOutcome;
import io.ilios.spi.JobQueueStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finished attempts waiting to be stored, owned by the dispatcher thread. Normally they go to the
 * store together in one call. When that call fails, they are stored one by one, so that one outcome
 * the store refuses (a "poison" result: text PostgreSQL rejects, a row too large) cannot hold back
 * the others. An outcome that keeps failing on its own while the store answers other calls is
 * replaced by a permanent failure naming why; one whose failure cannot be stored either is dropped,
 * and the job returns when its lease expires. While the store is down nothing is replaced: the
 * outcomes wait for it.
 */
final class Outcomes {
  private static final Logger log = LoggerFactory.getLogger(Outcomes.class);

  /** Failures on its own, with the store answering, after which an outcome is judged poison. */
  static final int POISON_AFTER = 3;

  /** A finished attempt: the outcome to store, the status it gives the job, the error if any. */
  record Done(ClaimedJob job, JobOutcome outcome, JobStatus status, String error) {}

  /** Told of each outcome the store took; {@code applied} is false when it was fenced off. */
  interface Saved {
    void saved(Done done, boolean applied);
  }

  private static final class Unsaved {
    Done done;
    int failures;
    boolean replaced;

    Unsaved(Done done) {
      this.done = done;
    }
  }

  private final JobQueueStore store;
  private final boolean together;
  private final List<Unsaved> unsaved = new ArrayList<>();
  private boolean oneByOne;
  private volatile int size;

  /**
   * @param together whether outcomes go to the store several per call (false: one statement each,
   *     the baseline the benchmarks compare against)
   */
  Outcomes(JobQueueStore store, boolean together) {
    this.store = store;
    this.together = together;
  }

  void add(Done d) {
    unsaved.add(new Unsaved(d));
    size = unsaved.size();
  }

  /** How many outcomes wait; safe to read from any thread. */
  int size() {
    return size;
  }

  /**
   * Stores what waits. {@code storeAnswers} says whether the store answered another call since the
   * last attempt, so that a failure here counts against the outcome rather than the store.
   *
   * @throws RuntimeException the store's last error, when anything is left unsaved
   */
  void save(Instant now, boolean storeAnswers, Saved saved) {
    if (unsaved.isEmpty()) {
      return;
    }
    try {
      if (together && !oneByOne) {
        saveTogether(now, saved);
        return;
      }
      saveOneByOne(now, storeAnswers, saved);
    } finally {
      size = unsaved.size();
      if (unsaved.isEmpty()) {
        oneByOne = false;
      }
    }
  }

  private void saveTogether(Instant now, Saved saved) {
    List<JobOutcome> outcomes = new ArrayList<>(unsaved.size());
    for (Unsaved u : unsaved) {
      outcomes.add(u.done.outcome());
    }
    List<Boolean> applied;
    try {
      applied = store.finish(outcomes, now);
    } catch (RuntimeException e) {
      oneByOne = true; // next time, find out whether the store refuses one of them
      throw e;
    }
    List<Unsaved> stored = new ArrayList<>(unsaved);
    unsaved.clear();
    for (int i = 0; i < applied.size(); i++) {
      saved.saved(stored.get(i).done, applied.get(i));
    }
  }

  private void saveOneByOne(Instant now, boolean storeAnswers, Saved saved) {
    RuntimeException last = null;
    boolean anyStored = false;
    for (Unsaved u : new ArrayList<>(unsaved)) {
      try {
        boolean applied = store.finish(List.of(u.done.outcome()), now).get(0);
        unsaved.remove(u);
        anyStored = true;
        saved.saved(u.done, applied);
      } catch (RuntimeException e) {
        last = e;
        if (storeAnswers || anyStored) {
          u.failures++;
          if (u.failures >= POISON_AFTER) {
            giveUp(u, e, now);
          }
        }
      }
    }
    if (last != null && !unsaved.isEmpty()) {
      throw last;
    }
  }

  /** The store keeps refusing this outcome: store a failure in its place, or drop it. */
  private void giveUp(Unsaved u, RuntimeException e, Instant now) {
    ClaimedJob job = u.done.job();
    if (u.replaced) {
      unsaved.remove(u);
      log.error(
          "job {}: the store refuses even its failure; it runs again when its lease expires: {}",
          job.id(),
          Failures.describe(e));
      return;
    }
    String error = "the result could not be stored: " + Failures.describe(e);
    log.warn("job {} failed: {}", job.id(), error);
    u.done =
        new Done(
            job,
            new JobOutcome.Failed(job.lease(), Failures.clean(error), false, now),
            JobStatus.FAILED,
            error);
    u.replaced = true;
    u.failures = 0;
  }
}
