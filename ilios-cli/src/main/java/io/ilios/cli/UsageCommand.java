package io.ilios.cli;

import io.ilios.UsageBreakdown;
import io.ilios.UsageTotals;
import io.ilios.internal.wire.Shapes;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ilios usage}: usage and cost of an owner, in total, by day and by operation. */
@Command(
    name = "usage",
    mixinStandardHelpOptions = true,
    description = "Prints usage and cost: totals, by day (UTC) and by operation.")
final class UsageCommand implements Callable<Integer> {
  enum Format {
    text,
    json
  }

  @Mixin Settings settings;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--since", paramLabel = "DATE", description = "From this UTC day (YYYY-MM-DD).")
  LocalDate since;

  @Option(names = "--until", paramLabel = "DATE", description = "Up to and including this day.")
  LocalDate until;

  @Option(names = "--format", paramLabel = "text|json", description = "Default: text.")
  Format format = Format.text;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Instant from = since == null ? Instant.EPOCH : since.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to =
        until == null
            ? Instant.now().plusSeconds(1)
            : until.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    try (Settings.Session s = settings.open(0, spec.commandLine().getErr())) {
      UsageTotals total = s.ilios().usage().summary(settings.owner, from, to);
      UsageBreakdown b = s.ilios().usage().breakdown(settings.owner, from, to);
      if (format == Format.json) {
        out.println(
            Shapes.JSON
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(Shapes.breakdown(total, b)));
        return 0;
      }
      out.printf(
          "%-12s %10s %10s %8s %14s%n", "", "operations", "documents", "pages", "cost (USD)");
      row(out, "total", total);
      b.byDay().forEach((day, t) -> row(out, day.toString(), t));
      b.byOperation().forEach((op, t) -> row(out, op.wireName(), t));
    }
    return 0;
  }

  private static void row(PrintWriter out, String label, UsageTotals t) {
    out.printf(
        "%-12s %10d %10d %8d %14s%n",
        label, t.operations(), t.documents(), t.pages(), t.totalCostDollars().toPlainString());
  }
}
