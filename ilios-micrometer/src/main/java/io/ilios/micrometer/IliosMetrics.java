package io.ilios.micrometer;

import io.ilios.Document;
import io.ilios.DocumentListener;
import io.ilios.Ilios;
import io.ilios.Job;
import io.ilios.JobCounts;
import io.ilios.JobListener;
import io.ilios.JobStatus;
import io.ilios.QueueDepth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Micrometer meters for an {@link Ilios}:
 *
 * <ul>
 *   <li>{@code ilios.jobs} (gauge, tag {@code status}): jobs in the store by status. Pending and
 *       processing come from the queue's depth ({@code JobQueue.depth()}, read from the indexes of
 *       waiting and running jobs) at most once a second; completed, failed and cancelled count
 *       every job the store keeps, so they are read at most once a minute however often the
 *       registry is scraped;
 *   <li>{@code ilios.queue.oldest.age} (gauge, seconds): how long the oldest pending job has waited
 *       since it was submitted, 0 when none waits;
 *   <li>{@code ilios.job.wait} (timer, tag {@code type}): from when a job could run to when it was
 *       claimed; {@code ilios.job.claim.to.start} (timer, tag {@code type}): from the claim to the
 *       worker starting it; {@code ilios.job.run} (timer, tags {@code type}, {@code outcome}): from
 *       the claim to the end; all with percentile histograms;
 *   <li>{@code ilios.conversions} (counter, tags {@code backend}, {@code outcome}) and {@code
 *       ilios.pages} (counter, tag {@code backend}): documents converted or failed, pages
 *       converted;
 *   <li>{@code ilios.failures} (counter, tag {@code reason}): failed jobs by the kind of error
 *       ({@code InvalidDocumentException}, {@code OcrException}, … or {@code other});
 *   <li>{@code ilios.store.errors} (function counter): store calls of the worker pool that failed
 *       and were retried.
 * </ul>
 *
 * Bind it once per registry; {@link #close()} stops listening to Ilios.
 */
public final class IliosMetrics implements MeterBinder, AutoCloseable {
  private static final Pattern ERROR_KIND =
      Pattern.compile("^([A-Z][A-Za-z0-9]*(?:Exception|Error))");
  private static final long DEPTH_MAX_AGE_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long COUNTS_MAX_AGE_NANOS = Duration.ofMinutes(1).toNanos();

  private final Ilios ilios;
  private final CopyOnWriteArrayList<Runnable> unbind = new CopyOnWriteArrayList<>();
  private final AtomicReference<Snapshot<JobCounts>> counts = new AtomicReference<>();
  private final AtomicReference<Snapshot<QueueDepth>> depth = new AtomicReference<>();

  private record Snapshot<T>(T value, long readAt) {}

  private IliosMetrics(Ilios ilios) {
    this.ilios = Objects.requireNonNull(ilios, "ilios");
  }

  /** Meters for {@code ilios}; nothing is registered until {@link #bindTo}. */
  public static IliosMetrics of(Ilios ilios) {
    return new IliosMetrics(ilios);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (JobStatus status : JobStatus.values()) {
      ToDoubleFunction<IliosMetrics> read =
          switch (status) {
            case PENDING -> m -> m.fromDepth(d -> d.pending());
            case PROCESSING -> m -> m.fromDepth(d -> d.processing());
            case COMPLETED -> m -> m.fromCounts(JobCounts::completed);
            case FAILED -> m -> m.fromCounts(JobCounts::failed);
            case CANCELLED -> m -> m.fromCounts(JobCounts::cancelled);
          };
      Gauge.builder("ilios.jobs", this, read)
          .tag("status", lower(status.name()))
          .description("Jobs in the store by status")
          .register(registry);
    }
    Gauge.builder("ilios.queue.oldest.age", this, m -> m.fromDepth(this::oldestAgeSeconds))
        .description("How long the oldest pending job has waited since it was submitted")
        .baseUnit("seconds")
        .register(registry);
    FunctionCounter.builder("ilios.store.errors", ilios, i -> i.storeErrors())
        .description("Store calls of the worker pool that failed and were retried")
        .register(registry);
    String backend = ilios.backendName();
    JobListener jobs =
        new JobListener() {
          @Override
          public void onCompleted(Job job) {
            timeJob(registry, job, "completed");
          }

          @Override
          public void onFailed(Job job) {
            timeJob(registry, job, lower(job.status().name()));
            if (job.status() == JobStatus.FAILED) {
              Counter.builder("ilios.failures")
                  .tag("reason", reason(job.error()))
                  .description("Failed jobs by the kind of error")
                  .register(registry)
                  .increment();
            }
          }
        };
    DocumentListener documents =
        new DocumentListener() {
          @Override
          public void onCompleted(Document d) {
            conversions(registry, backend, "completed").increment();
            d.metadata()
                .ifPresent(
                    m ->
                        Counter.builder("ilios.pages")
                            .tag("backend", backend)
                            .description("Pages converted")
                            .register(registry)
                            .increment(m.pages()));
          }

          @Override
          public void onFailed(Document d) {
            conversions(registry, backend, "failed").increment();
          }
        };
    io.ilios.JobStartListener starts =
        (type, claimToStart) ->
            Timer.builder("ilios.job.claim.to.start")
                .tag("type", type)
                .description("From a job's claim to its worker starting it")
                .publishPercentileHistogram()
                .register(registry)
                .record(claimToStart);
    ilios.jobs().addListener(jobs);
    ilios.documents().addListener(documents);
    ilios.jobs().addStartListener(starts);
    unbind.add(() -> ilios.jobs().removeListener(jobs));
    unbind.add(() -> ilios.documents().removeListener(documents));
    unbind.add(() -> ilios.jobs().removeStartListener(starts));
  }

  private static Counter conversions(MeterRegistry registry, String backend, String outcome) {
    return Counter.builder("ilios.conversions")
        .tag("backend", backend)
        .tag("outcome", outcome)
        .description("Documents converted or failed")
        .register(registry);
  }

  private static void timeJob(MeterRegistry registry, Job job, String outcome) {
    Optional<Instant> started = job.startedAt();
    if (started.isEmpty()) {
      return; // cancelled before it ever ran
    }
    Timer.builder("ilios.job.wait")
        .tag("type", job.type())
        .description("From when a job could run to when its attempt started")
        .publishPercentileHistogram()
        .register(registry)
        .record(nonNegative(Duration.between(job.scheduledAt(), started.get())));
    job.finishedAt()
        .ifPresent(
            finished ->
                Timer.builder("ilios.job.run")
                    .tag("type", job.type())
                    .tag("outcome", outcome)
                    .description("How long a job's attempt ran")
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(nonNegative(Duration.between(started.get(), finished))));
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** The exception's simple name an error starts with, or {@code other}. */
  static String reason(Optional<String> error) {
    if (error.isEmpty()) {
      return "other";
    }
    Matcher m = ERROR_KIND.matcher(error.get());
    return m.find() ? m.group(1) : "other";
  }

  /** A count of finished jobs from a snapshot at most a minute old; NaN while the store fails. */
  private double fromCounts(ToLongFunction<JobCounts> field) {
    return read(counts, COUNTS_MAX_AGE_NANOS, () -> ilios.jobs().counts(), field::applyAsLong);
  }

  /** A value of the queue's depth at most a second old; NaN while the store does not answer. */
  private double fromDepth(ToDoubleFunction<QueueDepth> field) {
    return read(depth, DEPTH_MAX_AGE_NANOS, () -> ilios.jobs().depth(), field);
  }

  /** {@code field} of the value {@code cache} holds, read again when older than {@code maxAge}. */
  private static <T> double read(
      AtomicReference<Snapshot<T>> cache,
      long maxAgeNanos,
      Supplier<T> load,
      ToDoubleFunction<T> field) {
    Snapshot<T> s = cache.get();
    long now = System.nanoTime();
    if (s == null || now - s.readAt() > maxAgeNanos) {
      try {
        s = new Snapshot<>(load.get(), now);
        cache.set(s);
      } catch (RuntimeException e) {
        return Double.NaN;
      }
    }
    return field.applyAsDouble(s.value());
  }

  private double oldestAgeSeconds(QueueDepth d) {
    return d.oldestPending()
        .map(since -> Math.max(0, Duration.between(since, Instant.now()).toMillis()) / 1000.0)
        .orElse(0.0);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Stops listening to Ilios; the meters stay in the registry with their last values. */
  @Override
  public void close() {
    unbind.forEach(Runnable::run);
    unbind.clear();
  }
}
