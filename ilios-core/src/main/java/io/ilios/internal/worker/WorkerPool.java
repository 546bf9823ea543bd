package io.ilios.internal.worker;

import io.ilios.JobStatus;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.JobOutcome;
import io.ilios.spi.JobStore;
import io.ilios.spi.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs claimed jobs on N workers. One dispatcher thread owns every conversation with the store on
 * the workers' behalf: it claims as many jobs as there are idle workers in one statement, hands
 * each to a worker, stores finished attempts in batches, extends leases, times jobs out and rescues
 * expired leases. Workers never touch the store, so the shared connection's lock is never contended
 * by them, and a submit in this process wakes the dispatcher directly ({@link #workAdded}); polling
 * only catches retries that come due and work from other processes.
 */
public final class WorkerPool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
  private static final long STORE_ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private enum State {
    RUNNING,
    DRAINING,
    STOPPED
  }

  /** A finished attempt: its outcome to store (null when there is nothing to write). */
  private record Done(ClaimedJob job, JobOutcome outcome, JobStatus status, String error) {}

  private final JobStore store;
  private final JobExecutor executor;
  private final JobEvents events;
  private final PoolSettings settings;
  private final Worker[] workers;
  private final ConcurrentLinkedQueue<Worker> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger idleCount = new AtomicInteger();
  private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
  private final Map<Long, Running> running = new ConcurrentHashMap<>();
  private final AtomicBoolean signalled = new AtomicBoolean();
  private final Thread dispatcher;
  private final Object drainMonitor = new Object();
  private volatile State state = State.RUNNING;
  private volatile boolean claimWanted = true;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger storeErrors = new AtomicInteger();

  private record Running(Worker worker, ClaimedJob job) {}

  // Dispatcher-owned.
  private final List<Done> unsaved = new ArrayList<>();
  private volatile boolean hasUnsaved;
  private long nextPoll;
  private long nextHeartbeat;
  private long nextRescue;
  private long retryDue = Long.MAX_VALUE;

  public WorkerPool(JobStore store, JobExecutor executor, JobEvents events, PoolSettings settings) {
    this.store = store;
    this.executor = executor;
    this.events = events;
    this.settings = settings;
    this.workers = new Worker[settings.workers()];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(this);
    }
    this.dispatcher = new Thread(this::dispatch, "ilios-dispatcher");
    dispatcher.setDaemon(true);
  }

  /** A new pool, already started. */
  public static WorkerPool started(
      JobStore store, JobExecutor executor, JobEvents events, PoolSettings settings) {
    return new WorkerPool(store, executor, events, settings).start();
  }

  /**
   * Starts the dispatcher and the workers; jobs may finish (and {@code events} fire) from then on,
   * so call it once whatever the events reach is in place.
   */
  public WorkerPool start() {
    long now = System.nanoTime();
    nextPoll = now;
    nextRescue = now;
    nextHeartbeat = now + settings.heartbeatInterval().toNanos();
    dispatcher.start();
    for (Worker w : workers) {
      if (settings.executor() != null) {
        settings.executor().execute(w);
      } else {
        settings.threadFactory().newThread(w).start();
      }
    }
    return this;
  }

  JobExecutor executor() {
    return executor;
  }

  /**
   * {@code jobs} jobs were added to the store by this process. The calling thread claims them at
   * once for idle workers, so the job starts after one thread wake-up (the worker's) instead of
   * two; what it cannot place is left to the dispatcher, woken here.
   */
  public void workAdded(int jobs) {
    claimWanted = true;
    if (state == State.RUNNING && jobs > 0 && idleCount.get() > 0) {
      try {
        claimFor(reserveIdle(Math.min(jobs, settings.maxClaim())));
      } catch (RuntimeException e) {
        storeErrors.incrementAndGet();
        log.warn("claim after submit failed; the dispatcher will retry: {}", e.getMessage());
      }
    }
    signal();
  }

  /**
   * Another process added jobs (the store said so): claim at the next round instead of the next
   * poll. Cheap and safe to call from any thread, any number of times.
   */
  public void jobsAddedElsewhere() {
    claimWanted = true;
    signal();
  }

  /** How many store calls of the dispatcher failed (each is retried); 0 in a healthy pool. */
  public int storeErrors() {
    return storeErrors.get();
  }

  /**
   * Interrupts the job if this pool is running it (after the store marked it cancelled). Returns
   * whether it was running here.
   */
  public boolean interruptCancelled(long jobId) {
    Running r = running.get(jobId);
    return r != null && r.worker().interrupt(r.job(), Worker.Stop.CANCELLED);
  }

  private void signal() {
    if (!signalled.getAndSet(true)) {
      LockSupport.unpark(dispatcher);
    }
  }

  // Called on worker threads.

  void ready(Worker w) {
    idle.add(w);
    idleCount.incrementAndGet();
    signal();
  }

  void finished(
      Worker w, ClaimedJob job, JobExecutor.Result result, Throwable failure, Worker.Stop why) {
    done.add(toDone(job, result, failure, why));
    ready(w);
  }

  private Done toDone(
      ClaimedJob job, JobExecutor.Result result, Throwable failure, Worker.Stop why) {
    Lease lease = job.lease();
    if (failure == null) {
      return new Done(
          job,
          new JobOutcome.Completed(lease, result.value(), result.conversion()),
          JobStatus.COMPLETED,
          null);
    }
    if (why == Worker.Stop.CANCELLED || why == Worker.Stop.LEASE_LOST) {
      return new Done(job, null, null, null); // the store already moved on; nothing to write
    }
    if (why == Worker.Stop.SHUTDOWN) {
      return new Done(job, new JobOutcome.Released(lease), JobStatus.PENDING, null);
    }
    String error =
        why == Worker.Stop.TIMEOUT
            ? "timed out after " + job.timeout().toMillis() + " ms"
            : Failures.describe(failure);
    boolean retryable = why == Worker.Stop.TIMEOUT || Failures.retryable(failure);
    Instant retryAt =
        settings
            .clock()
            .instant()
            .plus(
                settings.retry().backoff(job.attempt(), ThreadLocalRandom.current().nextDouble()));
    JobStatus status = retryable && job.hasAttemptsLeft() ? JobStatus.PENDING : JobStatus.FAILED;
    return new Done(job, new JobOutcome.Failed(lease, error, retryable, retryAt), status, error);
  }

  // The dispatcher.

  private void dispatch() {
    while (true) {
      signalled.set(false);
      try {
        round();
        maintain();
      } catch (RuntimeException e) {
        storeErrors.incrementAndGet();
        log.warn("job store call failed, retrying shortly: {}", e.getMessage());
        LockSupport.parkNanos(this, STORE_ERROR_PAUSE_NANOS);
        continue;
      }
      if (state != State.RUNNING && running.isEmpty() && unsaved.isEmpty()) {
        synchronized (drainMonitor) {
          drainMonitor.notifyAll();
        }
        if (state == State.STOPPED) {
          return;
        }
      }
      if (state == State.STOPPED) {
        releaseStuck();
        return;
      }
      if (!signalled.get()) {
        long wait = nextDeadline() - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(this, wait);
        }
      }
    }
  }

  /**
   * One dispatcher round: claim jobs for idle workers first, since a worker waits for that, then
   * store finished attempts: all in one transaction with batched outcomes, otherwise one statement
   * each (the one-job-per-statement baseline).
   */
  private void round() {
    Done d;
    while ((d = done.poll()) != null) {
      running.remove(d.job().id());
      if (d.outcome() != null) {
        unsaved.add(d);
        hasUnsaved = true;
      }
    }
    long now = System.nanoTime();
    if (state == State.RUNNING
        && idleCount.get() > 0
        && (claimWanted || now >= nextPoll || now >= retryDue)) {
      claimWanted = false;
      List<Worker> reserved = reserveIdle(settings.maxClaim());
      if (claimFor(reserved) == reserved.size()) {
        claimWanted = true; // the backlog may hold more; claim again as workers free up
      } else {
        nextPoll = now + settings.pollInterval().toNanos();
        if (retryDue <= now) {
          retryDue = Long.MAX_VALUE;
        }
      }
    }
    if (unsaved.isEmpty()) {
      return;
    }
    if (settings.batchOutcomes()) {
      saveBatch();
    } else {
      saveOneByOne();
    }
  }

  private void saveBatch() {
    List<JobOutcome> outcomes = new ArrayList<>(unsaved.size());
    for (Done u : unsaved) {
      outcomes.add(u.outcome());
    }
    List<Boolean> applied = store.finish(outcomes, settings.clock().instant());
    for (int i = 0; i < applied.size(); i++) {
      saved(unsaved.get(i), applied.get(i));
    }
    unsaved.clear();
    hasUnsaved = false;
  }

  private void saveOneByOne() {
    Instant now = settings.clock().instant();
    while (!unsaved.isEmpty()) {
      Done u = unsaved.get(0);
      boolean applied = store.finish(List.of(u.outcome()), now).get(0);
      unsaved.remove(0);
      saved(u, applied);
    }
    hasUnsaved = false;
  }

  /** Takes up to {@code max} idle workers out of the idle queue, so no other claim uses them. */
  private List<Worker> reserveIdle(int max) {
    List<Worker> reserved = new ArrayList<>(Math.min(max, workers.length));
    Worker w;
    while (reserved.size() < max && (w = idle.poll()) != null) {
      idleCount.decrementAndGet();
      reserved.add(w);
    }
    return reserved;
  }

  /**
   * Claims one job for each reserved worker and hands it over; workers left without a job go back
   * to the idle queue, also when the claim fails. Returns how many jobs were claimed.
   */
  private int claimFor(List<Worker> reserved) {
    if (reserved.isEmpty()) {
      return 0;
    }
    List<ClaimedJob> jobs;
    try {
      jobs =
          store.claim(
              settings.nodeId(), reserved.size(), settings.clock().instant(), settings.lease());
    } catch (RuntimeException e) {
      giveBack(reserved, 0);
      throw e;
    }
    return handOut(reserved, jobs);
  }

  /** Hands one job to each of the first reserved workers; the rest go back to the idle queue. */
  private int handOut(List<Worker> reserved, List<ClaimedJob> jobs) {
    for (int i = 0; i < jobs.size(); i++) {
      ClaimedJob job = jobs.get(i);
      Worker w = reserved.get(i);
      running.put(job.id(), new Running(w, job));
      w.assign(job);
    }
    giveBack(reserved, jobs.size());
    return jobs.size();
  }

  private void giveBack(List<Worker> reserved, int from) {
    for (int i = from; i < reserved.size(); i++) {
      idle.add(reserved.get(i));
      idleCount.incrementAndGet();
    }
  }

  private void saved(Done d, boolean applied) {
    if (!applied) {
      return; // fenced off: the job was cancelled, rescued or re-claimed meanwhile
    }
    if (d.outcome() instanceof JobOutcome.Failed f && d.status() == JobStatus.PENDING) {
      long inNanos = Duration.between(settings.clock().instant(), f.retryAt()).toNanos();
      retryDue = Math.min(retryDue, System.nanoTime() + Math.max(0, inNanos));
    }
    try {
      events.stored(d.job(), d.status(), Optional.ofNullable(d.error()));
    } catch (RuntimeException e) {
      log.warn("job event handler failed for job {}: {}", d.job().id(), e.toString());
    }
  }

  private void maintain() {
    long now = System.nanoTime();
    for (Running r : running.values()) {
      if (now - r.worker().startedNanos() > r.job().timeout().toNanos()) {
        r.worker().interrupt(r.job(), Worker.Stop.TIMEOUT);
      }
    }
    if (now >= nextHeartbeat) {
      nextHeartbeat = now + settings.heartbeatInterval().toNanos();
      List<Lease> leases = new ArrayList<>(running.size());
      for (Running r : running.values()) {
        leases.add(r.job().lease());
      }
      Instant until = settings.clock().instant().plus(settings.lease());
      for (Lease lost : store.heartbeat(leases, until)) {
        Running r = running.get(lost.jobId());
        if (r != null) {
          r.worker().interrupt(r.job(), Worker.Stop.LEASE_LOST);
        }
      }
    }
    if (now >= nextRescue && state == State.RUNNING) {
      nextRescue = now + settings.heartbeatInterval().toNanos();
      if (store.rescueExpired(settings.clock().instant()) > 0) {
        claimWanted = true;
      }
    }
  }

  private long nextDeadline() {
    long now = System.nanoTime();
    long deadline = Math.min(nextHeartbeat, nextRescue);
    if (state == State.RUNNING && idleCount.get() > 0) {
      deadline = Math.min(deadline, Math.min(nextPoll, retryDue));
    }
    for (Running r : running.values()) {
      long timeout = r.worker().startedNanos() + r.job().timeout().toNanos() + 1;
      // A passed timeout was acted on by maintain(); waiting for it again would never park.
      if (timeout > now) {
        deadline = Math.min(deadline, timeout);
      }
    }
    return deadline;
  }

  /** Gives back, without using an attempt, jobs whose workers ignored the shutdown interrupt. */
  private void releaseStuck() {
    List<JobOutcome> leases = new ArrayList<>();
    try {
      round();
      for (Running r : running.values()) {
        leases.add(new JobOutcome.Released(r.job().lease()));
      }
      store.finish(leases, settings.clock().instant());
    } catch (RuntimeException e) {
      log.warn(
          "could not give back {} unfinished jobs; they return after their lease expires: {}",
          leases.size(),
          e.getMessage());
    }
  }

  /**
   * Stops claiming, lets running jobs finish within the grace period, then interrupts them and
   * gives their jobs back as pending without using an attempt. Idempotent; returns when the
   * dispatcher has stopped.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    boolean interrupted = false;
    state = State.DRAINING;
    signal();
    try {
      if (!awaitDrained(settings.grace())) {
        for (Running r : running.values()) {
          r.worker().interrupt(r.job(), Worker.Stop.SHUTDOWN);
        }
        awaitDrained(Duration.ofSeconds(5));
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    state = State.STOPPED;
    signal();
    for (Worker w : workers) {
      w.exit();
    }
    try {
      dispatcher.join(TimeUnit.SECONDS.toMillis(30));
      for (Worker w : workers) {
        Thread t = w.thread();
        if (t != null) {
          t.join(TimeUnit.SECONDS.toMillis(1));
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (drainMonitor) {
      while (!running.isEmpty() || !done.isEmpty() || hasUnsaved) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        signal();
        TimeUnit.NANOSECONDS.timedWait(drainMonitor, Math.min(left, 10_000_000));
      }
    }
    return true;
  }
}
