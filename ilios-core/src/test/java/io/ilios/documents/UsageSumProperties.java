package io.ilios.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.Conversion;
import io.ilios.Cost;
import io.ilios.DocumentSource;
import io.ilios.Ilios;
import io.ilios.PriceTable;
import io.ilios.SubmitOptions;
import io.ilios.UsageBreakdown;
import io.ilios.UsageTotals;
import io.ilios.blob.LocalBlobStore;
import io.ilios.spi.OcrResult;
import io.ilios.store.SqliteJobStore;
import io.ilios.testing.Documents;
import io.ilios.testing.FakeOcrBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Money adds up exactly: for random prices, margins and page counts, the usage summary's totals
 * equal the sums of each conversion's own cost, to the micro-dollar, and the breakdowns add up to
 * the summary.
 */
class UsageSumProperties {
  private static Path dir;
  private static SqliteJobStore store;

  @BeforeContainer
  static void open() throws IOException {
    dir = Files.createTempDirectory("ilios-usage");
    store = SqliteJobStore.open(dir.resolve("ilios.db"));
  }

  @AfterContainer
  static void close() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Property(tries = 40)
  void summaryTotalsAreTheExactSumsOfEachConversionsCost(
      @ForAll @LongRange(min = 0, max = 50_000) long perPage,
      @ForAll @LongRange(min = 0, max = 20_000_000) long perMillionInput,
      @ForAll @IntRange(min = 0, max = 10_000) int margin,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 40) Integer> pageCounts,
      @ForAll @LongRange(min = 0, max = 100_000) long inputTokensPerPage)
      throws InterruptedException {
    PriceTable prices =
        PriceTable.builder()
            .price("fake", FakeOcrBackend.MODEL, new PriceTable.Price(perPage, perMillionInput, 0))
            .marginBasisPoints(margin)
            .build();
    FakeOcrBackend ocr = new FakeOcrBackend();
    ocr.behaviour(
        (input, call) -> {
          int n = pageCounts.get(call - 1);
          return new OcrResult(
              Collections.nCopies(n, "page"), FakeOcrBackend.MODEL, n * inputTokensPerPage, 0);
        });
    String owner = "owner-" + UUID.randomUUID();
    long base = 0;
    long total = 0;
    long pages = 0;
    try (Ilios ilios =
        Ilios.builder()
            .store(store)
            .blobs(LocalBlobStore.at(dir.resolve("blobs")))
            .tempDirectory(dir.resolve("tmp"))
            .ocr(ocr)
            .workers(0)
            .retentionSweepInterval(Duration.ZERO)
            .prices(prices)
            .build()) {
      List<Cost> costs = new ArrayList<>();
      for (int i = 0; i < pageCounts.size(); i++) {
        Conversion c =
            ilios
                .converter()
                .convert(
                    DocumentSource.of(Documents.pdf("d" + i), "d" + i + ".pdf"),
                    SubmitOptions.builder().owner(owner).build());
        costs.add(c.cost());
        pages += c.pages().size();
      }
      for (Cost c : costs) {
        base += c.baseMicros();
        total += c.totalMicros();
      }
      Instant from = Instant.EPOCH;
      Instant to = Instant.now().plusSeconds(60);
      UsageTotals summary = ilios.usage().summary(owner, from, to);
      assertThat(summary.operations()).isEqualTo(pageCounts.size());
      assertThat(summary.pages()).isEqualTo(pages);
      assertThat(summary.baseCostMicros()).isEqualTo(base);
      assertThat(summary.totalCostMicros()).isEqualTo(total);
      UsageBreakdown breakdown = ilios.usage().breakdown(owner, from, to);
      assertThat(sumOfTotals(breakdown.byDay().values())).isEqualTo(total);
      assertThat(sumOfTotals(breakdown.byOperation().values())).isEqualTo(total);
    }
  }

  private static long sumOfTotals(java.util.Collection<UsageTotals> rows) {
    return rows.stream().mapToLong(UsageTotals::totalCostMicros).sum();
  }
}
