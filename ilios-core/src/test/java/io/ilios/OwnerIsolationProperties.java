package io.ilios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.blob.LocalBlobStore;
import io.ilios.store.SqliteJobStore;
import io.ilios.testing.FakeOcrBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * Owners never see each other's records: random owners submit documents and batches, convert, and
 * read, await, cancel and export random ids of jobs, documents and batches, and read their usage.
 * Every read of a record that is not the reader's own is "not found", exactly like an unknown id,
 * and usage shows only the reader's own conversions.
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
            .tempDirectory(dir.resolve("tmp"))
            .workers(2)
            .retentionSweepInterval(Duration.ZERO)
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
    Arbitrary<String> kinds =
        Arbitraries.of(
            "submit",
            "batch",
            "convert",
            "job",
            "cancel",
            "await",
            "document",
            "markdown",
            "original",
            "batch-status",
            "export",
            "usage");
    return Combinators.combine(kinds, owners, Arbitraries.integers().between(0, 30))
        .as(Op::new)
        .list()
        .ofMinSize(5)
        .ofMaxSize(30);
  }

  /** What one try has created: ids of each kind, with their owners. */
  static final class Created {
    final Map<Long, String> jobs = new HashMap<>();
    final Map<String, String> documents = new HashMap<>();
    final Map<String, String> batches = new HashMap<>();
    final Map<String, Integer> conversions = new HashMap<>();

    <K> K pick(Map<K, String> owners, int target, K unknown) {
      // Half the targets are ids created in this try, the rest are unknown ids.
      if (owners.isEmpty() || target % 2 == 1) {
        return unknown;
      }
      List<K> ids = new ArrayList<>(owners.keySet());
      ids.sort(Comparator.comparing(Object::toString));
      return ids.get(target % ids.size());
    }
  }

  @Property(tries = 40)
  void noOwnerEverSeesAnotherOwnersRecords(@ForAll("operations") List<Op> ops) throws Exception {
    Created created = new Created();
    for (Op op : ops) {
      switch (op.kind()) {
        case "submit" -> {
          JobHandle h = ilios.jobs().submit(pdf(op), as(op));
          created.jobs.put(h.id(), op.owner());
          created.documents.put(h.documentId(), op.owner());
        }
        case "batch" -> {
          BatchHandle b = ilios.jobs().submitBatch(List.of(pdf(op), pdf(op)), as(op));
          created.batches.put(b.id(), op.owner());
        }
        case "convert" -> {
          Conversion c = ilios.converter().convert(pdf(op), as(op));
          created.documents.put(c.id(), op.owner());
          created.conversions.merge(op.owner(), 1, Integer::sum);
        }
        case "usage" -> {
          // Only this owner's synchronous conversions show, never anyone else's.
          long converts =
              ilios
                  .usage()
                  .breakdown(op.owner(), Instant.EPOCH, Instant.now().plusSeconds(60))
                  .byOperation()
                  .getOrDefault(Operation.CONVERT, UsageTotals.NONE)
                  .operations();
          assertThat(converts - baseline.getOrDefault(op.owner(), 0L))
              .isEqualTo((long) created.conversions.getOrDefault(op.owner(), 0));
        }
        default -> checkRead(op, created);
      }
    }
    created.conversions.forEach((owner, n) -> baseline.merge(owner, (long) n, Long::sum));
  }

  /** CONVERT operations of earlier tries, per owner, since the store outlives each try. */
  private static final Map<String, Long> baseline = new HashMap<>();

  private static void checkRead(Op op, Created created) {
    String owner = op.owner();
    switch (op.kind()) {
      case "job", "cancel", "await" -> {
        long id = created.pick(created.jobs, op.target(), 1_000_000L + op.target());
        expect(owner, created.jobs.get(id), "job " + id, () -> readJob(op, id));
      }
      case "document", "markdown", "original" -> {
        String id = created.pick(created.documents, op.target(), UUID.randomUUID().toString());
        expect(owner, created.documents.get(id), "document " + id, () -> readDocument(op, id));
      }
      default -> {
        String id = created.pick(created.batches, op.target(), UUID.randomUUID().toString());
        expect(owner, created.batches.get(id), "batch " + id, () -> readBatch(op, id));
      }
    }
  }

  /** A read by the record's owner succeeds; by anyone else it is "not found", as for no record. */
  private static void expect(String reader, String recordOwner, String what, ThrowingRead read) {
    if (reader.equals(recordOwner)) {
      try {
        assertThat(read.run()).isEqualTo(reader);
      } catch (Exception e) {
        throw new AssertionError(reader + " cannot read its own " + what, e);
      }
    } else {
      assertThatThrownBy(read::run)
          .isInstanceOf(NotFoundException.class)
          .hasMessage(what + " not found");
    }
  }

  @FunctionalInterface
  interface ThrowingRead {
    /** Reads the record and returns the owner it reports. */
    String run() throws Exception;
  }

  private static String readJob(Op op, long id) throws InterruptedException {
    return switch (op.kind()) {
      case "job" -> ilios.jobs().status(op.owner(), id).owner();
      case "cancel" -> ilios.jobs().cancel(op.owner(), id).owner();
      default -> ilios.jobs().await(op.owner(), id, Duration.ofMillis(20)).owner();
    };
  }

  private static String readDocument(Op op, String id) throws IOException {
    Documents docs = ilios.documents();
    return switch (op.kind()) {
      case "document" -> docs.get(op.owner(), id).owner();
      case "markdown" -> {
        docs.markdown(op.owner(), id);
        yield op.owner();
      }
      default -> {
        try (InputStream in = docs.openOriginal(op.owner(), id)) {
          in.readAllBytes();
        }
        yield op.owner();
      }
    };
  }

  private static String readBatch(Op op, String id) {
    if (op.kind().equals("export")) {
      ilios
          .documents()
          .exportBatch(op.owner(), id, ExportFormat.JSONL, OutputStream.nullOutputStream());
      return op.owner();
    }
    return ilios.documents().batch(op.owner(), id).owner();
  }

  private static DocumentSource pdf(Op op) {
    return DocumentSource.of(io.ilios.testing.Documents.pdf(op.owner()), "doc.pdf");
  }

  private static SubmitOptions as(Op op) {
    return SubmitOptions.builder().owner(op.owner()).build();
  }
}
