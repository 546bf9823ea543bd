package io.ilios.jmh;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import io.ilios.blob.LocalBlobStore;
import io.ilios.s3.S3BlobStore;
import io.ilios.s3.testing.S3Server;
import io.ilios.spi.BlobStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Blob transfer speed and memory: uploads (streams of unknown length, as Ilios's uploader passes
 * them) and downloads of 1 MiB, 100 MiB and 1 GiB objects, on S3 (S3Proxy over a local folder, in a
 * child process so this JVM's heap holds only the client) and on local disk side by side. MiB/s =
 * size / time per op. The fork runs with a 256 MiB heap; after each trial it prints the most heap
 * in use after any garbage collection during the trial: what the transfers kept alive (an upper
 * bound, since the old generation may still hold garbage).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
@State(Scope.Benchmark)
public class S3TransferBenchmark {
  @Param({"1", "100", "1024"})
  public int sizeMiB;

  @Param({"s3", "disk"})
  public String target;

  /** Parts of one object in flight at once (S3 only). */
  @Param({"4"})
  public int concurrency;

  private Path dir;
  private Process server;
  private BlobStore store;
  private long size;
  private final byte[] chunk = new byte[1 << 20];
  private final byte[] sink = new byte[1 << 16];

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Bench.tempDir();
    size = (long) sizeMiB << 20;
    new Random(1).nextBytes(chunk);
    if (target.equals("s3")) {
      server = startServer(dir.resolve("s3"));
      URI endpoint = readEndpoint(server);
      store =
          S3BlobStore.builder()
              .bucket(S3Server.BUCKET)
              .endpoint(endpoint)
              .pathStyle(true)
              .credentials(S3Server.ACCESS, S3Server.SECRET)
              .concurrency(concurrency)
              .build();
    } else {
      store = LocalBlobStore.at(dir.resolve("blobs"));
    }
    store.put("read/object", new Repeating(chunk, size), -1);
    resetHeapWatch();
  }

  private static Process startServer(Path folder) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx512m",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp",
            System.getProperty("java.class.path"),
            S3Server.class.getName(),
            folder.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static URI readEndpoint(Process p) throws IOException {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = lines.readLine()) != null; ) {
      if (line.startsWith("endpoint=")) {
        return URI.create(line.substring("endpoint=".length()));
      }
    }
    throw new IllegalStateException("the S3 server exited before it served");
  }

  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) throws Exception {
    System.out.printf(
        "%n# heap after GC, highest during %s of %d MiB (%s): %.1f MiB of %d MiB max%n",
        params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1),
        sizeMiB,
        target,
        liveAfterGc.get() / 1048576.0,
        Runtime.getRuntime().maxMemory() >> 20);
    if (store instanceof AutoCloseable c) {
      c.close();
    }
    if (server != null) {
      server.getOutputStream().close(); // the server stops when its input closes
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
    Bench.delete(dir);
  }

  /** Heap in use after each collection, the highest since {@link #resetHeapWatch}. */
  private static final AtomicLong liveAfterGc = new AtomicLong();

  static {
    Set<String> heap =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    NotificationListener listener =
        (n, handback) -> {
          if (n.getType()
              .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            GcInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
            long used =
                info.getMemoryUsageAfterGc().entrySet().stream()
                    .filter(e -> heap.contains(e.getKey()))
                    .mapToLong(e -> e.getValue().getUsed())
                    .sum();
            liveAfterGc.accumulateAndGet(used, Math::max);
          }
        };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
    }
  }

  private static void resetHeapWatch() {
    System.gc();
    liveAfterGc.set(0);
  }

  @Benchmark
  public long upload() {
    return store.put("up/object", new Repeating(chunk, size), -1);
  }

  @Benchmark
  public long download() throws IOException {
    long total = 0;
    try (InputStream in = store.get("read/object")) {
      for (int n; (n = in.read(sink)) > 0; ) {
        total += n;
      }
    }
    if (total != size) {
      throw new IllegalStateException("read " + total + " of " + size + " bytes");
    }
    return total;
  }

  /** {@code size} bytes repeating one random chunk: a cheap source of unknown length. */
  private static final class Repeating extends InputStream {
    private final byte[] chunk;
    private long left;
    private int at;

    Repeating(byte[] chunk, long size) {
      this.chunk = chunk;
      this.left = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, left), chunk.length - at);
      System.arraycopy(chunk, at, b, off, n);
      at = (at + n) % chunk.length;
      left -= n;
      return n;
    }
  }
}
