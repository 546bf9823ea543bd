package io.ilios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.blob.LocalBlobStore;
import io.ilios.store.SqliteJobStore;
import io.ilios.testing.Documents;
import io.ilios.testing.FakeOcrBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Owners never see each other's jobs: random owners submit, read, await and cancel random ids, and
 * every read of a job that is not the reader's own is "not found", exactly like an unknown id.
 */
class OwnerIsolationProperties {
  private static Path dir;
  private static SqliteJobStore store;
  private static Ilios ilios;

  @BeforeContainer
  static void start() throws IOException {
    dir = Files.createTempDirectory("ilios-owners");
    store = SqliteJobStore.open(dir.resolve("ilios.db"));
    ilios =
        Ilios.builder()
            .store(store)
            .blobs(LocalBlobStore.at(dir.resolve("blobs")))
            .ocr(new FakeOcrBackend())
            .workers(2)
            .build();
  }

  @AfterContainer
  static void stop() throws IOException {
    ilios.close();
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  record Op(String kind, String owner, int target) {}

  @Provide
  Arbitrary<List<Op>> operations() {
    Arbitrary<String> owners = Arbitraries.of("alice", "bob", "carol", "tenant-42");
    Arbitrary<String> kinds = Arbitraries.of("submit", "status", "cancel", "await", "conversion");
    return Combinators.combine(kinds, owners, Arbitraries.integers().between(0, 30))
        .as(Op::new)
        .list()
        .ofMinSize(5)
        .ofMaxSize(30);
  }

  @Property(tries = 40)
  void noOwnerEverSeesAnotherOwnersJob(@ForAll("operations") List<Op> ops)
      throws InterruptedException {
    Map<Long, String> ownerOf = new HashMap<>();
    List<Long> ids = new ArrayList<>();
    JobQueue jobs = ilios.jobs();
    for (Op op : ops) {
      if (op.kind().equals("submit")) {
        JobHandle h =
            jobs.submit(
                DocumentSource.of(Documents.pdf(op.owner()), "doc.pdf"),
                SubmitOptions.builder().owner(op.owner()).build());
        ownerOf.put(h.id(), op.owner());
        ids.add(h.id());
        continue;
      }
      // Half the targets are ids submitted in this try, the rest are unknown ids.
      long id =
          !ids.isEmpty() && op.target() % 2 == 0
              ? ids.get(op.target() % ids.size())
              : 1_000_000L + op.target();
      boolean own = op.owner().equals(ownerOf.get(id));
      if (!own) {
        assertThatThrownBy(() -> read(jobs, op, id))
            .isInstanceOf(NotFoundException.class)
            .hasMessage("job " + id + " not found");
      } else {
        Job job = read(jobs, op, id);
        if (job != null) {
          assertThat(job.owner()).isEqualTo(op.owner());
          assertThat(job.id()).isEqualTo(id);
        }
      }
    }
  }

  private static Job read(JobQueue jobs, Op op, long id) throws InterruptedException {
    return switch (op.kind()) {
      case "status" -> jobs.status(op.owner(), id);
      case "cancel" -> jobs.cancel(op.owner(), id);
      case "await" -> jobs.await(op.owner(), id, Duration.ofMillis(50));
      case "conversion" -> {
        jobs.status(op.owner(), id);
        yield null;
      }
      default -> throw new IllegalArgumentException(op.kind());
    };
  }
}
