package io.ilios.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.BatchHandle;
import io.ilios.Document;
import io.ilios.DocumentSource;
import io.ilios.DocumentStatus;
import io.ilios.Ilios;
import io.ilios.JobContext;
import io.ilios.JobHandle;
import io.ilios.JobType;
import io.ilios.SubmitOptions;
import io.ilios.testing.Documents;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Follow-up jobs through the public API: queued when a document or a batch ends, told what ended,
 * and refused where they cannot apply.
 */
class FollowUpTest extends FixtureTest {
  static final JobType<String> NOTIFY = JobType.text("notify");

  record Told(String payload, JobContext context, Document document) {}

  @Test
  void aDocumentsAndABatchsFollowUpsRunOnceTheyEnd() throws Exception {
    LinkedBlockingQueue<Told> told = new LinkedBlockingQueue<>();
    Ilios[] ilios = new Ilios[1];
    ilios[0] =
        fixture.start(
            fixture
                .builder()
                .handle(
                    NOTIFY,
                    (payload, ctx) -> {
                      Document d =
                          ctx.afterDocument()
                              .map(id -> ilios[0].documents().get(ctx.owner(), id))
                              .orElse(null);
                      told.add(new Told(payload, ctx, d));
                      return "told";
                    }));
    SubmitOptions options =
        SubmitOptions.builder().owner("acme").followUp(NOTIFY, "https://example.test/hook").build();
    JobHandle h = ilios[0].jobs().submit(DocumentSource.of(Documents.pdf("a"), "a.pdf"), options);

    Told first = told.poll(30, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    assertThat(first.payload()).isEqualTo("https://example.test/hook");
    assertThat(first.context().owner()).isEqualTo("acme");
    assertThat(first.context().afterDocument()).contains(h.documentId());
    assertThat(first.document().status())
        .as("the end is stored before")
        .isEqualTo(DocumentStatus.COMPLETED);
    assertThat(ilios[0].jobs().followUpOfDocument("acme", h.documentId()).orElseThrow().type())
        .isEqualTo("notify");
    assertThat(ilios[0].jobs().followUpOfDocument("mallory", h.documentId())).isEmpty();

    BatchHandle b =
        ilios[0]
            .jobs()
            .submitBatch(
                List.of(
                    DocumentSource.of(Documents.pdf("b"), "b.pdf"),
                    DocumentSource.of(Documents.pdf("c"), "c.pdf")),
                options);
    Told batch = told.poll(30, TimeUnit.SECONDS);
    assertThat(batch).isNotNull();
    assertThat(batch.context().afterBatch()).contains(b.id());
    assertThat(ilios[0].documents().batch("acme", b.id()).status().isTerminal()).isTrue();
    // One follow-up for the batch, none for its documents (theirs would have been queued in the
    // transactions that ended them, before the batch's): three conversions, two follow-ups.
    assertThat(ilios[0].jobs().counts().total()).isEqualTo(5);
  }

  @Test
  void followUpsAreRefusedWhereTheyCannotApply() {
    Ilios ilios = fixture.start(fixture.builder().handle(NOTIFY, (p, c) -> "ok"));
    SubmitOptions unknown =
        SubmitOptions.builder().followUp(JobType.text("nobody-handles"), "x").build();
    assertThatThrownBy(
            () -> ilios.jobs().submit(DocumentSource.of(Documents.pdf("a"), "a.pdf"), unknown))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no handler for follow-up job type 'nobody-handles'");
    SubmitOptions notify = SubmitOptions.builder().followUp(NOTIFY, "x").build();
    assertThatThrownBy(() -> ilios.jobs().submit(NOTIFY, "y", notify))
        .hasMessageContaining("follow-ups apply to documents and batches");
    assertThatThrownBy(
            () -> ilios.converter().convert(DocumentSource.of(Documents.pdf("a"), "a.pdf"), notify))
        .hasMessageContaining("not to convert()");
    assertThat(ilios.jobs().counts().total()).isZero();
    assertThat(notify.toString()).contains("followUp=notify");
  }
}
