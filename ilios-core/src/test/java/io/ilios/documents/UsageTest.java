package io.ilios.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.DocumentSource;
import io.ilios.Ilios;
import io.ilios.Operation;
import io.ilios.PriceTable;
import io.ilios.SubmitOptions;
import io.ilios.UsageBreakdown;
import io.ilios.UsageTotals;
import io.ilios.testing.Documents;
import io.ilios.testing.FakeOcrBackend;
import io.ilios.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Usage records: summary over a range, breakdown by UTC day and by operation, per owner. */
class UsageTest extends FixtureTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T23:00:00Z"));

  @Test
  void usageIsSummedOverARangeAndBrokenDownByDayAndOperation() throws Exception {
    PriceTable prices =
        PriceTable.builder()
            .price("fake", FakeOcrBackend.MODEL, new PriceTable.Price(1_001, 0, 0))
            .marginBasisPoints(3_000)
            .build();
    Ilios ilios = fixture.start(fixture.builder().clock(clock).prices(prices));
    SubmitOptions acme = SubmitOptions.builder().owner("acme").build();

    ilios.converter().convert(DocumentSource.of(Documents.pdf("1"), "1.pdf"), acme); // day 1
    clock.advance(Duration.ofHours(2)); // 2026-03-02T01:00Z
    ilios.converter().convert(DocumentSource.of(Documents.pdf("2"), "2.pdf"), acme);
    ilios.jobs().submit(DocumentSource.of(Documents.pdf("3"), "3.pdf"), acme).await(WAIT);
    ilios
        .jobs()
        .submitBatch(
            List.of(
                DocumentSource.of(Documents.pdf("4"), "4.pdf"),
                DocumentSource.of(Documents.pdf("5"), "5.pdf")),
            acme)
        .await(WAIT);
    ilios
        .converter()
        .convert(
            DocumentSource.of(Documents.pdf("x"), "x.pdf"),
            SubmitOptions.builder().owner("someone-else").build());

    Instant from = Instant.parse("2026-03-01T00:00:00Z");
    Instant to = Instant.parse("2026-03-03T00:00:00Z");
    // 1,001 µ$ a page + 30 % = 1,301.3, rounded half up per record to 1,301.
    UsageTotals one = new UsageTotals(1, 1, 1, 0, 0, 1_001, 1_301);
    assertThat(ilios.usage().summary("acme", from, to))
        .isEqualTo(new UsageTotals(5, 5, 5, 0, 0, 5_005, 6_505));
    assertThat(ilios.usage().summary("acme", from, Instant.parse("2026-03-02T00:00:00Z")))
        .isEqualTo(one);
    assertThat(ilios.usage().summary("nobody", from, to)).isEqualTo(UsageTotals.NONE);

    UsageBreakdown b = ilios.usage().breakdown("acme", from, to);
    assertThat(b.byDay().keySet())
        .containsExactly(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-02"));
    assertThat(b.byDay().get(LocalDate.parse("2026-03-01"))).isEqualTo(one);
    assertThat(b.byDay().get(LocalDate.parse("2026-03-02")).operations()).isEqualTo(4);
    assertThat(b.byOperation().get(Operation.CONVERT).operations()).isEqualTo(2);
    assertThat(b.byOperation().get(Operation.DOCUMENT)).isEqualTo(one);
    assertThat(b.byOperation().get(Operation.BATCH).operations()).isEqualTo(2);

    assertThatThrownBy(() -> ilios.usage().summary("acme", to, from))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is before from");
  }
}
