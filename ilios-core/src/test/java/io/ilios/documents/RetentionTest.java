package io.ilios.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.Conversion;
import io.ilios.Document;
import io.ilios.DocumentSource;
import io.ilios.DocumentStatus;
import io.ilios.Ilios;
import io.ilios.JobHandle;
import io.ilios.JobStatus;
import io.ilios.NotFoundException;
import io.ilios.SubmitOptions;
import io.ilios.UsageTotals;
import io.ilios.testing.Documents;
import io.ilios.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Retention: expired documents lose content and original, keep metadata, become ARCHIVED. */
class RetentionTest extends FixtureTest {
  final SettableClock clock = new SettableClock();

  static SubmitOptions keptFor(int days) {
    return SubmitOptions.builder().owner("acme").retentionDays(days).build();
  }

  @Test
  void expiredDocumentsAreArchivedOnDemandAndOthersAreKept() throws Exception {
    Ilios ilios =
        fixture.start(
            fixture
                .builder()
                .clock(clock)
                .workers(0)
                .originalsInStoreUpTo(0) // each original a file, to see them go
                .retentionSweepInterval(Duration.ZERO));
    Conversion oneDay =
        ilios.converter().convert(DocumentSource.of(Documents.pdf("1"), "a.pdf"), keptFor(1));
    Conversion threeDays =
        ilios.converter().convert(DocumentSource.of(Documents.pdf("3"), "b.pdf"), keptFor(3));
    JobHandle queued =
        ilios.jobs().submit(DocumentSource.of(Documents.pdf("q"), "c.pdf"), keptFor(1));
    assertThat(fixture.blobCount()).isEqualTo(3);

    clock.advance(Duration.ofDays(1).minusMillis(1));
    assertThat(ilios.documents().archiveExpired()).isZero();

    clock.advance(Duration.ofMillis(1));
    assertThat(ilios.documents().archiveExpired()).isEqualTo(2);
    assertThat(ilios.documents().archiveExpired()).isZero(); // idempotent

    Document archived = ilios.documents().get("acme", oneDay.id());
    assertThat(archived.status()).isEqualTo(DocumentStatus.ARCHIVED);
    assertThat(archived.archivedAt()).contains(clock.instant());
    assertThat(archived.metadata()).isEqualTo(oneDay.document().metadata());
    assertThat(archived.fileName()).isEqualTo("a.pdf");
    assertThat(ilios.documents().markdown("acme", oneDay.id())).isEmpty();
    assertThat(ilios.documents().conversion("acme", oneDay.id())).isEmpty();
    assertThatThrownBy(() -> ilios.documents().openOriginal("acme", oneDay.id()))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("original of archived document " + oneDay.id() + " not found");
    // A document still queued when it expired is cancelled, then archived.
    assertThat(queued.status().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(queued.document().status()).isEqualTo(DocumentStatus.ARCHIVED);
    // The other document is untouched; usage records stay.
    assertThat(ilios.documents().markdown("acme", threeDays.id())).contains(threeDays.markdown());
    assertThat(fixture.blobCount()).isEqualTo(1);
    UsageTotals usage =
        ilios.usage().summary("acme", Instant.EPOCH, clock.instant().plusSeconds(1));
    assertThat(usage.operations()).isEqualTo(2);

    clock.advance(Duration.ofDays(2));
    assertThat(ilios.documents().archiveExpired()).isEqualTo(1);
    assertThat(fixture.blobCount()).isZero();
  }

  @Test
  void thePeriodicSweepArchivesWithoutBeingAsked() throws Exception {
    Ilios ilios =
        fixture.start(fixture.builder().clock(clock).retentionSweepInterval(Duration.ofSeconds(1)));
    Conversion c =
        ilios.converter().convert(DocumentSource.of(Documents.pdf("p"), "p.pdf"), keptFor(1));
    clock.advance(Duration.ofDays(2));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (ilios.documents().get("acme", c.id()).status() != DocumentStatus.ARCHIVED) {
      assertThat(System.nanoTime()).as("archived within 20 s").isLessThan(deadline);
      Thread.sleep(50);
    }
    assertThat(fixture.blobCount()).isZero();
  }

  @Test
  void invalidSweepIntervalsAreRejected() {
    assertThatThrownBy(() -> Ilios.builder().retentionSweepInterval(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retentionSweepInterval (ms) must be between 1000 and 604800000, was 10");
  }
}
