package io.ilios.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.Job;
import io.ilios.JobCounts;
import io.ilios.JobStatus;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.JobOutcome;
import io.ilios.spi.Lease;
import io.ilios.spi.NewJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * The job lifecycle as a state machine: random chains of submit, claim, heartbeat, complete, fail,
 * release (shutdown), clock jumps (lease expiry), rescue, cancel and store restarts run against a
 * real SQLite store and a plain in-memory model, which must agree after every step.
 */
class JobLifecycleProperties {
  static final Duration LEASE = Duration.ofSeconds(60);
  static final Duration RETRY = Duration.ofSeconds(5);
  static final String OWNER = "owner";

  /** What the model expects of one job. */
  static final class ModelJob {
    final long id;
    final int priority;
    final int maxAttempts;
    JobStatus status = JobStatus.PENDING;
    int attempts;
    long token;
    Instant scheduledAt;
    Instant leaseUntil;

    ModelJob(long id, int priority, int maxAttempts, Instant scheduledAt) {
      this.id = id;
      this.priority = priority;
      this.maxAttempts = maxAttempts;
      this.scheduledAt = scheduledAt;
    }

    boolean holds(Lease lease) {
      return status == JobStatus.PROCESSING && token == lease.token();
    }
  }

  /** The system under test and the model, side by side. */
  static final class World {
    final Path dir;
    SqliteJobStore store;
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final Map<Long, ModelJob> model = new LinkedHashMap<>();
    final List<Lease> leases = new ArrayList<>(); // every lease handed out, stale ones too

    World() {
      try {
        dir = Files.createTempDirectory("ilios-lifecycle");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      store = SqliteJobStore.open(dir.resolve("ilios.db"));
    }

    void check() {
      for (ModelJob m : model.values()) {
        Job j = store.find(OWNER, m.id).orElseThrow();
        assertThat(j.status()).as("status of job %d", m.id).isEqualTo(m.status);
        assertThat(j.attempts()).as("attempts of job %d", m.id).isEqualTo(m.attempts);
        assertThat(j.scheduledAt()).as("scheduledAt of job %d", m.id).isEqualTo(m.scheduledAt);
      }
      JobCounts c = store.counts();
      assertThat(c.pending()).isEqualTo(count(JobStatus.PENDING));
      assertThat(c.processing()).isEqualTo(count(JobStatus.PROCESSING));
      assertThat(c.completed()).isEqualTo(count(JobStatus.COMPLETED));
      assertThat(c.failed()).isEqualTo(count(JobStatus.FAILED));
      assertThat(c.cancelled()).isEqualTo(count(JobStatus.CANCELLED));
    }

    long count(JobStatus s) {
      return model.values().stream().filter(m -> m.status == s).count();
    }

    void close() throws IOException {
      store.close();
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private World world;

  @AfterTry
  void cleanUp() throws IOException {
    if (world != null) {
      world.close();
      world = null;
    }
  }

  @Property(tries = 200)
  void theStoreAgreesWithTheModelAfterEveryStep(@ForAll("chains") ActionChain<World> chain) {
    chain.withInvariant(World::check).run();
  }

  @Provide
  Arbitrary<ActionChain<World>> chains() {
    return ActionChain.<World>startWith(
            () -> {
              world = new World();
              return world;
            })
        .withAction(3, new Submit())
        .withAction(3, new Claim())
        .withAction(new Heartbeat())
        .withAction(2, new Complete())
        .withAction(2, new Fail())
        .withAction(new Release())
        .withAction(new AdvanceClock())
        .withAction(new Rescue())
        .withAction(new Cancel())
        .withAction(new Restart())
        .withMaxTransformations(40);
  }

  static final class Submit implements Action.Independent<World> {
    @Override
    public Arbitrary<Transformer<World>> transformer() {
      return Arbitraries.integers()
          .between(0, 10)
          .flatMap(
              priority ->
                  Arbitraries.integers()
                      .between(1, 3)
                      .map(
                          max ->
                              Transformer.mutate(
                                  "submit(priority " + priority + ", max " + max + ")",
                                  w -> {
                                    long id =
                                        w.store
                                            .enqueue(
                                                List.of(
                                                    new NewJob(
                                                        OWNER,
                                                        "t",
                                                        priority,
                                                        max,
                                                        Duration.ofMinutes(1),
                                                        "{}",
                                                        Optional.empty(),
                                                        w.now)))
                                            .get(0);
                                    assertThat(w.model).doesNotContainKey(id);
                                    w.model.put(id, new ModelJob(id, priority, max, w.now));
                                  })));
    }
  }

  static final class Claim implements Action.Independent<World> {
    @Override
    public Arbitrary<Transformer<World>> transformer() {
      return Arbitraries.integers()
          .between(1, 3)
          .map(
              max ->
                  Transformer.mutate(
                      "claim(" + max + ")",
                      w -> {
                        List<ModelJob> expected =
                            w.model.values().stream()
                                .filter(
                                    m ->
                                        m.status == JobStatus.PENDING
                                            && !m.scheduledAt.isAfter(w.now))
                                .sorted(
                                    Comparator.comparingInt((ModelJob m) -> -m.priority)
                                        .thenComparing(m -> m.scheduledAt)
                                        .thenComparingLong(m -> m.id))
                                .limit(max)
                                .toList();
                        List<ClaimedJob> claimed = w.store.claim("w", max, w.now, LEASE);
                        assertThat(claimed)
                            .extracting(ClaimedJob::id)
                            .containsExactlyElementsOf(expected.stream().map(m -> m.id).toList());
                        for (ClaimedJob c : claimed) {
                          ModelJob m = w.model.get(c.id());
                          assertThat(c.lease().token()).isGreaterThan(m.token);
                          m.status = JobStatus.PROCESSING;
                          m.attempts++;
                          m.token = c.lease().token();
                          m.leaseUntil = w.now.plus(LEASE);
                          assertThat(c.attempt()).isEqualTo(m.attempts);
                          w.leases.add(c.lease());
                        }
                      }));
    }
  }

  /** An action on one of the leases handed out so far, current or stale. */
  abstract static class OnLease implements Action.Dependent<World> {
    @Override
    public boolean precondition(World w) {
      return !w.leases.isEmpty();
    }

    @Override
    public Arbitrary<Transformer<World>> transformer(World w) {
      return Arbitraries.of(List.copyOf(w.leases)).map(this::on);
    }

    abstract Transformer<World> on(Lease lease);

    static void finish(World w, JobOutcome outcome, Function<ModelJob, Boolean> apply) {
      ModelJob m = w.model.get(outcome.lease().jobId());
      boolean current = m.holds(outcome.lease());
      assertThat(w.store.finish(List.of(outcome), w.now)).containsExactly(current);
      if (current) {
        apply.apply(m);
      }
    }
  }

  static final class Heartbeat extends OnLease {
    @Override
    Transformer<World> on(Lease lease) {
      return Transformer.mutate(
          "heartbeat(" + lease + ")",
          w -> {
            ModelJob m = w.model.get(lease.jobId());
            boolean current = m.holds(lease);
            List<Lease> lost = w.store.heartbeat(List.of(lease), w.now.plus(LEASE));
            assertThat(lost.isEmpty()).isEqualTo(current);
            if (current) {
              m.leaseUntil = w.now.plus(LEASE);
            }
          });
    }
  }

  static final class Complete extends OnLease {
    @Override
    Transformer<World> on(Lease lease) {
      return Transformer.mutate(
          "complete(" + lease + ")",
          w ->
              finish(
                  w,
                  new JobOutcome.Completed(lease, "ok"),
                  m -> {
                    m.status = JobStatus.COMPLETED;
                    return true;
                  }));
    }
  }

  static final class Fail extends OnLease {
    @Override
    public Arbitrary<Transformer<World>> transformer(World w) {
      return Arbitraries.of(List.copyOf(w.leases))
          .flatMap(lease -> Arbitraries.of(true, false).map(r -> fail(lease, r)));
    }

    @Override
    Transformer<World> on(Lease lease) {
      return fail(lease, true);
    }

    private Transformer<World> fail(Lease lease, boolean retryable) {
      return Transformer.mutate(
          "fail(" + lease + ", retryable " + retryable + ")",
          w -> {
            Instant retryAt = w.now.plus(RETRY);
            finish(
                w,
                new JobOutcome.Failed(lease, "boom", retryable, retryAt),
                m -> {
                  if (retryable && m.attempts < m.maxAttempts) {
                    m.status = JobStatus.PENDING;
                    m.scheduledAt = retryAt;
                  } else {
                    m.status = JobStatus.FAILED;
                  }
                  return true;
                });
          });
    }
  }

  static final class Release extends OnLease {
    @Override
    Transformer<World> on(Lease lease) {
      return Transformer.mutate(
          "release(" + lease + ")",
          w ->
              finish(
                  w,
                  new JobOutcome.Released(lease),
                  m -> {
                    m.status = JobStatus.PENDING;
                    m.attempts--;
                    return true;
                  }));
    }
  }

  static final class AdvanceClock implements Action.Independent<World> {
    @Override
    public Arbitrary<Transformer<World>> transformer() {
      return Arbitraries.integers()
          .between(1, 90)
          .map(s -> Transformer.mutate("advance " + s + " s", w -> w.now = w.now.plusSeconds(s)));
    }
  }

  static final class Rescue implements Action.Independent<World> {
    @Override
    public Arbitrary<Transformer<World>> transformer() {
      return Arbitraries.just(
          Transformer.mutate(
              "rescue",
              w -> {
                int expected = 0;
                for (ModelJob m : w.model.values()) {
                  if (m.status == JobStatus.PROCESSING && m.leaseUntil.isBefore(w.now)) {
                    expected++;
                    m.status = m.attempts < m.maxAttempts ? JobStatus.PENDING : JobStatus.FAILED;
                  }
                }
                assertThat(w.store.rescueExpired(w.now)).isEqualTo(expected);
              }));
    }
  }

  static final class Cancel implements Action.Dependent<World> {
    @Override
    public boolean precondition(World w) {
      return !w.model.isEmpty();
    }

    @Override
    public Arbitrary<Transformer<World>> transformer(World w) {
      return Arbitraries.of(List.copyOf(w.model.keySet()))
          .map(
              id ->
                  Transformer.mutate(
                      "cancel(" + id + ")",
                      world -> {
                        ModelJob m = world.model.get(id);
                        if (!m.status.isTerminal()) {
                          m.status = JobStatus.CANCELLED;
                        }
                        assertThat(world.store.cancel(OWNER, id, world.now).status())
                            .isEqualTo(m.status);
                      }));
    }
  }

  static final class Restart implements Action.Independent<World> {
    @Override
    public Arbitrary<Transformer<World>> transformer() {
      return Arbitraries.just(
          Transformer.mutate(
              "restart store",
              w -> {
                w.store.close();
                w.store = SqliteJobStore.open(w.dir.resolve("ilios.db"));
              }));
    }
  }
}
