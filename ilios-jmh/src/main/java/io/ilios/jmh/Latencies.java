package io.ilios.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latencies recorded by a benchmark itself, for measurements JMH cannot time directly (time between
 * two events on different threads). Thread-safe; fixed capacity, extra samples dropped.
 */
final class Latencies {
  private final long[] nanos;
  private final AtomicInteger count = new AtomicInteger();

  Latencies(int capacity) {
    nanos = new long[capacity];
  }

  void record(long value) {
    int i = count.getAndIncrement();
    if (i < nanos.length) {
      nanos[i] = value;
    }
  }

  int size() {
    return Math.min(count.get(), nanos.length);
  }

  /** Percentile {@code p} (0–100) in microseconds, nearest-rank. */
  double percentileMicros(double p) {
    long[] sorted = Arrays.copyOf(nanos, size());
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(rank, sorted.length - 1))] / 1000.0;
  }

  String summary() {
    return String.format(
        Locale.ROOT,
        "n=%d p50=%.1fus p90=%.1fus p99=%.1fus p99.9=%.1fus max=%.1fus",
        size(),
        percentileMicros(50),
        percentileMicros(90),
        percentileMicros(99),
        percentileMicros(99.9),
        percentileMicros(100));
  }

  /** Writes the percentiles as JSON under the results folder (system property ilios.results). */
  void write(String name, long busyErrors) {
    Path dir = Path.of(System.getProperty("ilios.results", "ilios-jmh/results"));
    String json =
        String.format(
            Locale.ROOT,
            "{\"name\":\"%s\",\"samples\":%d,\"p50\":%.2f,\"p90\":%.2f,\"p99\":%.2f,"
                + "\"p999\":%.2f,\"max\":%.2f,\"busyErrors\":%d,\"unit\":\"us\"}%n",
            name,
            size(),
            percentileMicros(50),
            percentileMicros(90),
            percentileMicros(99),
            percentileMicros(99.9),
            percentileMicros(100),
            busyErrors);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".json"), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
