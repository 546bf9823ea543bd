package io.ilios.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.DocumentSource;
import io.ilios.Ilios;
import io.ilios.SubmitOptions;
import io.ilios.testing.ChildProcesses;
import io.ilios.testing.Documents;
import io.ilios.testing.IliosFixture;
import io.ilios.testing.LeftoverChild;
import io.ilios.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed process leaves behind is swept, and only that; files are the owner's alone. */
class LeftoversTest {
  @TempDir Path dir;

  @Test
  void anOriginalAndATemporaryCopyLeftByAKilledConversionAreSweptAfterTheGracePeriod()
      throws Exception {
    Path out = dir.resolve("child.out");
    Process child = ChildProcesses.startJava("128m", LeftoverChild.class, out, dir.toString());
    try {
      while (!Files.exists(out) || !Files.readString(out).contains("converting")) {
        if (!child.isAlive()) {
          throw new AssertionError("child ended early: " + Files.readString(out));
        }
        Thread.onSpinWait();
      }
      child.destroyForcibly(); // SIGKILL mid-conversion
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(files(dir.resolve("blobs/originals"))).hasSize(1);
    assertThat(files(dir.resolve("tmp"))).hasSize(1);

    SettableClock clock = new SettableClock(Instant.now());
    try (IliosFixture f = new IliosFixture(dir)) {
      Ilios ilios =
          f.start(
              f.builder()
                  .workers(0)
                  .originalsInStoreUpTo(0)
                  .clock(clock)
                  .retentionSweepInterval(Duration.ZERO));
      // A document recorded properly: its original must survive every sweep.
      String kept = convert(ilios, "kept");
      assertThat(ilios.documents().deleteLeftovers()).as("within the grace period").isZero();
      clock.advance(Duration.ofDays(2));
      assertThat(ilios.documents().deleteLeftovers()).isEqualTo(2);
      assertThat(files(dir.resolve("blobs/originals"))).hasSize(1);
      assertThat(files(dir.resolve("tmp"))).isEmpty();
      assertThat(ilios.documents().openOriginal("default", kept).readAllBytes()).isNotEmpty();
    }
  }

  @Test
  void theDatabaseItsWalAndTheBlobsAreReadableByTheOwnerOnly() throws Exception {
    Path data = dir.resolve("data");
    try (IliosFixture f = new IliosFixture(data)) {
      convert(f.start(f.builder().workers(0)), "private");
      for (String file : List.of("ilios.db", "ilios.db-wal")) {
        assertThat(permissions(data.resolve(file))).as(file).isEqualTo("rw-------");
      }
      assertThat(permissions(data.resolve("blobs"))).isEqualTo("rwx------");
      for (Path blob : files(data.resolve("blobs/originals"))) {
        assertThat(permissions(blob)).isEqualTo("rw-------");
      }
    }
  }

  private static String convert(Ilios ilios, String text) throws InterruptedException {
    return ilios
        .converter()
        .convert(DocumentSource.of(Documents.pdf(text), text + ".pdf"), SubmitOptions.defaults())
        .document()
        .id();
  }

  private static String permissions(Path p) throws java.io.IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static List<Path> files(Path folder) throws Exception {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
