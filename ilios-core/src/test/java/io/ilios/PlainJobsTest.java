package io.ilios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.blob.LocalBlobStore;
import io.ilios.store.SqliteJobStore;
import io.ilios.testing.FakeOcrBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain jobs through the public API: typed payloads, handlers, retries, durability. */
class PlainJobsTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  record Resize(String image, int width) {}

  static final JobType<Resize> RESIZE = JobType.json("resize", Resize.class);
  static final JobType<String> ECHO = JobType.text("echo");

  @TempDir Path dir;
  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  IliosBuilder builder(int workers) {
    SqliteJobStore store = SqliteJobStore.open(dir.resolve("ilios.db"));
    open.add(store);
    return Ilios.builder()
        .store(store)
        .blobs(LocalBlobStore.at(dir.resolve("blobs")))
        .ocr(new FakeOcrBackend())
        .workers(workers)
        .pollInterval(Duration.ofMillis(20))
        .retry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), 0.2));
  }

  Ilios start(IliosBuilder b) {
    Ilios ilios = b.build();
    open.add(0, ilios);
    return ilios;
  }

  @Test
  void aTypedJobRunsWithItsPayloadAndKeepsItsResult() throws Exception {
    List<JobContext> seen = Collections.synchronizedList(new ArrayList<>());
    Ilios ilios =
        start(
            builder(2)
                .handle(
                    RESIZE,
                    (resize, job) -> {
                      seen.add(job);
                      return resize.image() + "@" + resize.width();
                    }));
    SubmitOptions options = SubmitOptions.builder().owner("tenant-1").build();
    long id = ilios.jobs().submit(RESIZE, new Resize("cat.png", 640), options);
    Job done = ilios.jobs().await("tenant-1", id, WAIT);
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.type()).isEqualTo("resize");
    assertThat(done.result()).contains("cat.png@640");
    assertThat(seen).containsExactly(new JobContext(id, "tenant-1", 1));
  }

  @Test
  void manyJobsInOneSubmitRunExactlyOnceEach() throws Exception {
    Set<String> ran = ConcurrentHashMap.newKeySet();
    AtomicInteger calls = new AtomicInteger();
    Ilios ilios =
        start(
            builder(4)
                .handle(
                    ECHO,
                    (text, job) -> {
                      calls.incrementAndGet();
                      ran.add(text);
                      return text;
                    }));
    List<String> payloads = IntStream.range(0, 2_000).mapToObj(i -> "job-" + i).toList();
    List<Long> ids = ilios.jobs().submitAll(ECHO, payloads, SubmitOptions.defaults());
    assertThat(ids).hasSize(2_000).doesNotHaveDuplicates();
    for (long id : ids) {
      assertThat(ilios.jobs().await(SubmitOptions.defaults().owner(), id, WAIT).status())
          .isEqualTo(JobStatus.COMPLETED);
    }
    assertThat(ran).hasSize(2_000);
    assertThat(calls.get()).isEqualTo(2_000);
  }

  @Test
  void aFailingAttemptIsRetriedAndAPermanentFailureIsNot() throws Exception {
    AtomicInteger flaky = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    JobType<String> flakyType = JobType.text("flaky");
    Ilios ilios =
        start(
            builder(2)
                .handle(
                    flakyType,
                    (text, job) -> {
                      if (flaky.incrementAndGet() == 1) {
                        throw new java.io.IOException("the service was busy");
                      }
                      return "attempt " + job.attempt();
                    })
                .handle(
                    ECHO,
                    (text, job) -> {
                      refused.incrementAndGet();
                      throw JobFailedException.permanent("no such image: " + text);
                    }));
    String owner = SubmitOptions.defaults().owner();
    long retried = ilios.jobs().submit(flakyType, "x", SubmitOptions.defaults());
    long failed = ilios.jobs().submit(ECHO, "missing.png", SubmitOptions.defaults());
    Job r = ilios.jobs().await(owner, retried, WAIT);
    assertThat(r.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(r.result()).contains("attempt 2");
    Job f = ilios.jobs().await(owner, failed, WAIT);
    assertThat(f.status()).isEqualTo(JobStatus.FAILED);
    assertThat(f.attempts()).isEqualTo(1);
    assertThat(f.error()).hasValueSatisfying(e -> assertThat(e).contains("no such image"));
    assertThat(refused.get()).isEqualTo(1);
  }

  @Test
  void aPayloadTheCodecCannotReadFailsTheJobWithoutCallingTheHandler() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    JobType<Integer> number =
        JobType.of(
            "number",
            new PayloadCodec<>() {
              @Override
              public String encode(Integer n) {
                return n == 13 ? "thirteen" : Integer.toString(n);
              }

              @Override
              public Integer decode(String stored) {
                return Integer.parseInt(stored);
              }
            });
    Ilios ilios =
        start(
            builder(1)
                .handle(
                    number,
                    (n, job) -> {
                      calls.incrementAndGet();
                      return Integer.toString(n * 2);
                    }));
    String owner = SubmitOptions.defaults().owner();
    long bad = ilios.jobs().submit(number, 13, SubmitOptions.defaults());
    long good = ilios.jobs().submit(number, 21, SubmitOptions.defaults());
    Job b = ilios.jobs().await(owner, bad, WAIT);
    assertThat(b.status()).isEqualTo(JobStatus.FAILED);
    assertThat(b.attempts()).isEqualTo(1);
    assertThat(b.error()).hasValueSatisfying(e -> assertThat(e).contains("cannot be read"));
    assertThat(ilios.jobs().await(owner, good, WAIT).result()).contains("42");
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void jobsOutliveTheProcessThatQueuedThemAndANodeWithoutTheHandlerGivesThemBack()
      throws Exception {
    String owner = SubmitOptions.defaults().owner();
    long id;
    // A node that only submits (no workers), then stops.
    try (Ilios submitter = builder(0).build()) {
      id = submitter.jobs().submit(RESIZE, new Resize("dog.png", 320), SubmitOptions.defaults());
      assertThat(submitter.jobs().status(owner, id).status()).isEqualTo(JobStatus.PENDING);
    }
    // A node with workers but no handler for the type: each attempt gives the job back.
    SubmitOptions once = SubmitOptions.builder().maxAttempts(1).build();
    long unhandled;
    try (Ilios other = builder(1).build()) {
      unhandled = other.jobs().submit(ECHO, "nobody here", once);
      Job j = other.jobs().await(owner, unhandled, WAIT);
      assertThat(j.status()).isEqualTo(JobStatus.FAILED);
      assertThat(j.error())
          .hasValueSatisfying(e -> assertThat(e).contains("no handler for job type 'echo'"));
    }
    // The next start with the handler runs the job queued before.
    Ilios worker = start(builder(1).handle(RESIZE, (r, job) -> r.image()));
    assertThat(worker.jobs().await(owner, id, WAIT).result()).contains("dog.png");
  }

  @Test
  void anIdempotencyKeyGivesTheFirstJobBack() {
    Ilios ilios = start(builder(0));
    SubmitOptions keyed = SubmitOptions.builder().idempotencyKey("resize-cat").build();
    long first = ilios.jobs().submit(RESIZE, new Resize("cat.png", 1), keyed);
    long again = ilios.jobs().submit(RESIZE, new Resize("cat.png", 2), keyed);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void badTypesHandlersAndPayloadsAreRefusedClearly() {
    assertThatThrownBy(() -> JobType.text("convert"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Ilios's own job type");
    assertThatThrownBy(() -> JobType.text("Send Mail"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower case letters");
    assertThatThrownBy(() -> builder(0).handle(ECHO, (t, j) -> t).handle(ECHO, (t, j) -> t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already has a handler");
    Ilios ilios = start(builder(0));
    String big = "x".repeat(DefaultJobQueue.MAX_PAYLOAD_CHARS + 1);
    assertThatThrownBy(() -> ilios.jobs().submit(ECHO, big, SubmitOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most");
    assertThatThrownBy(() -> ilios.jobs().submitAll(ECHO, List.of(), SubmitOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
    SubmitOptions keyed = SubmitOptions.builder().idempotencyKey("k").build();
    assertThatThrownBy(() -> ilios.jobs().submitAll(ECHO, List.of("a", "b"), keyed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("idempotency key");
    assertThat(ilios.jobs().counts().pending()).isZero(); // nothing half-queued
  }
}
