package io.ilios.internal.worker;

import io.ilios.JobStatus;
import io.ilios.internal.worker.Outcomes.Done;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.JobOutcome;
import io.ilios.spi.JobQueueStore;
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
 * each to a worker, stores finished attempts ({@link Outcomes}), extends leases, times jobs out and
 * rescues expired leases. Workers never touch the store, and a submit in this process wakes the
 * dispatcher directly ({@link #workAdded}); polling only catches retries that come due and work
 * from other processes.
 *
 * <p>Each of the dispatcher's store calls (claim, save, heartbeat, rescue) fails on its own: a
 * store that refuses one outcome or is down for a while delays that step only, never the timeouts
 * or {@link #close()}. A job that ignores the interrupt at its timeout is failed after {@link
 * PoolSettings#abandonAfter()}, its lease is no longer renewed and its worker is replaced, so the
 * pool keeps its size.
 */
public final class WorkerPool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
  private static final long STORE_ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  /** How long {@link #close()} waits for interrupted jobs, and then for the dispatcher. */
  static final Duration STOP_WAIT = Duration.ofSeconds(5);

  /** Longer timeouts are treated as this (about 100 years), so nanosecond sums cannot overflow. */
  private static final Duration MAX_TIMEOUT = Duration.ofDays(36_500);

  private enum State {
    RUNNING,
    DRAINING,
    STOPPED
  }

  private record Running(Worker worker, ClaimedJob job) {}

  private final JobQueueStore store;
  private final JobExecutor executor;
  private final JobEvents events;
  private final PoolSettings settings;
  private final boolean claimOnDispatcher;
  private final java.util.List<io.ilios.JobStartListener> startListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
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
  private final AtomicInteger abandoned = new AtomicInteger();

  // Dispatcher-owned.
  private final Outcomes outcomes;
  private long nextPoll;
  private long nextHeartbeat;
  private long nextRescue;
  private long nextSave;
  private long retryDue = Long.MAX_VALUE;

  /**
   * Whether a store call succeeded since the last save: a save failing then is the outcome's fault.
   */
  private boolean storeAnswered;

  public WorkerPool(
      JobQueueStore store, JobExecutor executor, JobEvents events, PoolSettings settings) {
    this.store = store;
    this.claimOnDispatcher = store.commitsWaitForDisk();
    this.executor = executor;
    this.events = events;
    this.settings = settings;
    this.outcomes = new Outcomes(store, settings.batchOutcomes());
    this.workers = new Worker[settings.workers()];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(this);
    }
    this.dispatcher = new Thread(this::dispatch, "ilios-dispatcher");
    dispatcher.setDaemon(true);
  }

  /** A new pool, already started. */
  public static WorkerPool started(
      JobQueueStore store, JobExecutor executor, JobEvents events, PoolSettings settings) {
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
    nextSave = now;
    nextHeartbeat = now + settings.heartbeatInterval().toNanos();
    dispatcher.start();
    for (Worker w : workers) {
      launch(w);
    }
    return this;
  }

  private void launch(Worker w) {
    if (settings.executor() != null) {
      settings.executor().execute(w);
    } else {
      settings.threadFactory().newThread(w).start();
    }
  }

  JobExecutor executor() {
    return executor;
  }

  /**
   * {@code jobs} jobs were added to the store by this process. The calling thread claims them at
   * once for idle workers, so the job starts after one thread wake-up (the worker's) instead of
   * two; what it cannot place is left to the dispatcher, woken here. When the store's commits wait
   * for the disk ({@link JobQueueStore#commitsWaitForDisk}) the dispatcher claims instead, so that
   * the submitter pays for one commit and one claim serves the submits that came meanwhile.
   */
  public void workAdded(int jobs) {
    claimWanted = true;
    if (state == State.RUNNING
        && jobs > 0
        && !claimOnDispatcher
        && idleCount.get() > 0
        && outcomesHaveRoom()) {
      try {
        claimFor(reserveIdle(Math.min(jobs, settings.maxClaim())));
      } catch (RuntimeException e) {
        storeErrors.incrementAndGet();
        log.warn("claim after submit failed; the dispatcher will retry: {}", e.getMessage());
      }
    }
    signal();
  }

  public void addStartListener(io.ilios.JobStartListener listener) {
    startListeners.add(listener);
  }

  public void removeStartListener(io.ilios.JobStartListener listener) {
    startListeners.remove(listener);
  }

  /** On a worker's thread: its job starts, {@code handOffNanos} after it was assigned. */
  void started(ClaimedJob job, long handOffNanos) {
    if (startListeners.isEmpty()) {
      return;
    }
    Duration d = Duration.ofNanos(handOffNanos);
    for (io.ilios.JobStartListener l : startListeners) {
      try {
        l.started(job.type(), d);
      } catch (RuntimeException e) {
        log.warn("start listener {} failed: {}", l, e.toString());
      }
    }
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

  /** How many jobs ignored their timeout's interrupt and had their thread left behind. */
  public int abandonedJobs() {
    return abandoned.get();
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
    if (why == Worker.Stop.TIMEOUT) {
      String error = "timed out after " + job.timeout().toMillis() + " ms";
      return failed(job, error, Failures.retryTimeout(job.attempt(), settings.retry()));
    }
    return failed(job, Failures.describe(failure), Failures.retryable(failure));
  }

  private Done failed(ClaimedJob job, String error, boolean retryable) {
    Instant now = settings.clock().instant();
    Instant retryAt =
        now.plus(settings.retry().backoff(job.attempt(), ThreadLocalRandom.current().nextDouble()));
    JobStatus status = retryable && job.hasAttemptsLeft() ? JobStatus.PENDING : JobStatus.FAILED;
    return new Done(
        job, new JobOutcome.Failed(job.lease(), error, retryable, retryAt), status, error);
  }

  // The dispatcher.

  private void dispatch() {
    while (true) {
      try {
        if (!dispatchRound()) {
          return;
        }
      } catch (RuntimeException | Error e) {
        // A bug or a failing event handler must not leave the pool without a dispatcher.
        storeErrors.incrementAndGet();
        log.error("dispatcher round failed; going on", e);
        LockSupport.parkNanos(this, STORE_ERROR_PAUSE_NANOS);
      }
    }
  }

  /** One round of the dispatcher; false once the pool has stopped. */
  private boolean dispatchRound() {
    signalled.set(false);
    collectFinished();
    long now = System.nanoTime();
    if (state == State.RUNNING && claimDue(now)) {
      guarded("claim", this::claimRound);
    }
    if (outcomes.size() > 0 && now >= nextSave) {
      if (!guarded("store finished jobs", this::saveOutcomes)) {
        nextSave = System.nanoTime() + STORE_ERROR_PAUSE_NANOS;
      }
    }
    enforceTimeouts();
    if (now >= nextHeartbeat && !guarded("heartbeat", this::heartbeat)) {
      nextHeartbeat = System.nanoTime() + STORE_ERROR_PAUSE_NANOS; // renew as soon as it answers
    }
    if (now >= nextRescue && state == State.RUNNING) {
      nextRescue = now + settings.heartbeatInterval().toNanos();
      guarded("rescue expired leases", this::rescue);
    }
    if (state == State.STOPPED) {
      releaseUnfinished();
      return false;
    }
    if (state == State.DRAINING && drained()) {
      synchronized (drainMonitor) {
        drainMonitor.notifyAll();
      }
    }
    if (!signalled.get()) {
      long wait = nextDeadline() - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(this, wait);
      }
    }
    return true;
  }

  /** Runs one store step; a failure is counted and logged, and only that step waits. */
  private boolean guarded(String step, Runnable call) {
    try {
      call.run();
      storeAnswered = true;
      return true;
    } catch (RuntimeException e) {
      storeErrors.incrementAndGet();
      log.warn("{} failed, retrying shortly: {}", step, e.getMessage());
      return false;
    }
  }

  private void collectFinished() {
    Done d;
    while ((d = done.poll()) != null) {
      running.remove(d.job().id());
      if (d.outcome() != null) {
        outcomes.add(d);
      }
    }
  }

  /**
   * No new work while twice as many outcomes as there are workers wait for the store: results must
   * not pile up in memory while the store refuses them. (In a healthy pool at most one round's
   * worth, one per worker, ever waits, so this never delays a claim.)
   */
  private boolean outcomesHaveRoom() {
    return outcomes.size() < 2 * workers.length;
  }

  private boolean claimDue(long now) {
    return idleCount.get() > 0
        && outcomesHaveRoom()
        && (claimWanted || now >= nextPoll || now >= retryDue);
  }

  /** Claims jobs for idle workers first, since a worker waits for that. */
  private void claimRound() {
    long now = System.nanoTime();
    claimWanted = false;
    List<Worker> reserved = reserveIdle(settings.maxClaim());
    int claimed;
    try {
      claimed = claimFor(reserved);
    } catch (RuntimeException e) {
      claimWanted = true;
      nextPoll = now + STORE_ERROR_PAUSE_NANOS;
      throw e;
    }
    if (claimed == reserved.size()) {
      claimWanted = true; // the backlog may hold more; claim again as workers free up
    } else {
      nextPoll = now + settings.pollInterval().toNanos();
      if (retryDue <= now) {
        retryDue = Long.MAX_VALUE;
      }
    }
  }

  private void saveOutcomes() {
    boolean answered = storeAnswered; // by a claim, heartbeat or rescue since the last save
    storeAnswered = false;
    outcomes.save(settings.clock().instant(), answered, this::saved);
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

  /**
   * Interrupts jobs past their timeout; fails and abandons those still running {@link
   * PoolSettings#abandonAfter()} later. Needs no store, so it runs whatever the store does.
   */
  private void enforceTimeouts() {
    long now = System.nanoTime();
    long abandonAfter = settings.abandonAfter().toNanos();
    for (Running r : running.values()) {
      long over = now - r.worker().startedNanos() - timeoutNanos(r.job());
      if (over > 0) {
        r.worker().interrupt(r.job(), Worker.Stop.TIMEOUT);
      }
      if (over > abandonAfter) {
        abandon(r);
      }
    }
  }

  private void abandon(Running r) {
    if (!r.worker().abandon(r.job())) {
      return; // it finished meanwhile; its outcome is on the way
    }
    ClaimedJob job = r.job();
    running.remove(job.id());
    String error =
        "timed out after "
            + job.timeout().toMillis()
            + " ms and ignored the interrupt; its thread was left behind";
    outcomes.add(failed(job, error, false));
    int count = abandoned.incrementAndGet();
    log.warn("job {} {} ({} abandoned so far)", job.id(), error, count);
    synchronized (workers) {
      if (state == State.STOPPED) {
        return;
      }
      for (int i = 0; i < workers.length; i++) {
        if (workers[i] == r.worker()) {
          workers[i] = new Worker(this);
          launch(workers[i]);
        }
      }
    }
  }

  private void heartbeat() {
    long now = System.nanoTime();
    nextHeartbeat = now + settings.heartbeatInterval().toNanos();
    if (running.isEmpty()) {
      return;
    }
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

  private void rescue() {
    if (store.rescueExpired(settings.clock().instant()) > 0) {
      claimWanted = true;
    }
  }

  private long nextDeadline() {
    long now = System.nanoTime();
    long deadline = Math.min(nextHeartbeat, nextRescue);
    if (outcomes.size() > 0) {
      deadline = Math.min(deadline, nextSave);
    }
    if (state == State.RUNNING && idleCount.get() > 0) {
      deadline = Math.min(deadline, Math.min(nextPoll, retryDue));
    }
    long abandonAfter = settings.abandonAfter().toNanos();
    for (Running r : running.values()) {
      long timeout = r.worker().startedNanos() + timeoutNanos(r.job()) + 1;
      // A passed timeout was acted on already; waiting for it again would never park.
      long next = timeout > now ? timeout : timeout + abandonAfter;
      if (next > now) {
        deadline = Math.min(deadline, next);
      }
    }
    return deadline;
  }

  /** The job's timeout in nanoseconds, saturated: a stored value cannot overflow the arithmetic. */
  private static long timeoutNanos(ClaimedJob job) {
    return job.timeout().compareTo(MAX_TIMEOUT) > 0
        ? MAX_TIMEOUT.toNanos()
        : job.timeout().toNanos();
  }

  private boolean drained() {
    return running.isEmpty() && done.isEmpty() && outcomes.size() == 0;
  }

  /**
   * At stop: stores what it can, and gives back, without using an attempt, the jobs whose workers
   * ignored the shutdown interrupt (failing those already past their timeout instead, so that a job
   * that never ends cannot come back after every restart).
   */
  private void releaseUnfinished() {
    collectFinished();
    long now = System.nanoTime();
    for (Running r : running.values()) {
      boolean pastTimeout = now - r.worker().startedNanos() > timeoutNanos(r.job());
      outcomes.add(
          pastTimeout
              ? failed(r.job(), "timed out after " + r.job().timeout().toMillis() + " ms", false)
              : new Done(
                  r.job(), new JobOutcome.Released(r.job().lease()), JobStatus.PENDING, null));
    }
    try {
      outcomes.save(settings.clock().instant(), false, this::saved);
    } catch (RuntimeException e) {
      log.warn(
          "could not store {} outcomes at shutdown; those jobs return after their lease expires:"
              + " {}",
          outcomes.size(),
          e.getMessage());
    }
  }

  /**
   * Stops claiming, lets running jobs finish within the grace period, then interrupts them and
   * gives their jobs back as pending without using an attempt. Idempotent; returns within the grace
   * period plus about {@code 2 × STOP_WAIT}, even when the store does not answer.
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
        awaitDrained(STOP_WAIT);
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    Worker[] current;
    synchronized (workers) {
      state = State.STOPPED;
      current = workers.clone();
    }
    signal();
    for (Worker w : current) {
      w.exit();
    }
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    try {
      dispatcher.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      for (Worker w : current) {
        Thread t = w.thread();
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (t != null && left > 0) {
          t.join(left);
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (dispatcher.isAlive()) {
      log.warn("the dispatcher is still waiting for the store; leaving it behind");
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (drainMonitor) {
      while (!drained()) {
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
