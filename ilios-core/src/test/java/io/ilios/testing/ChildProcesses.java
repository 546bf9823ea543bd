package io.ilios.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts child JVMs with the test classpath. */
public final class ChildProcesses {
  private ChildProcesses() {}

  /**
   * Starts {@code main} in a JVM with heap {@code maxHeap} (as for {@code -Xmx}), its output and
   * errors into {@code out}.
   */
  public static Process startJava(String maxHeap, Class<?> main, Path out, String... args)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            java, "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
  }

  public static Process startWorker(Path db, Path log, int workers, long jobMillis, long leaseMs)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        List.of(
            java,
            "-Xmx128m",
            "-cp",
            System.getProperty("java.class.path"),
            ChildWorker.class.getName(),
            db.toString(),
            log.toString(),
            Integer.toString(workers),
            Long.toString(jobMillis),
            Long.toString(leaseMs));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(log.resolveSibling(log.getFileName() + ".out").toFile())
        .start();
  }
}
