package io.ilios.jmh;

import io.ilios.internal.worker.Handoff;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Round trip between a dispatcher and a worker ("IPC"): a message to the worker and its answer
 * back. Side by side: a worker thread reached through Ilios's {@link Handoff} (what the pool uses)
 * and a worker process reached through a pipe (what the design Ilios replaces used).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandoffBenchmark {

  /** A worker thread that answers every message through a second hand-off. */
  @State(Scope.Benchmark)
  public static class WorkerThread {
    final Handoff<Object> toWorker = new Handoff<>();
    final Handoff<Object> toDispatcher = new Handoff<>();
    private Thread worker;

    @Setup(Level.Trial)
    public void start() throws InterruptedException {
      java.util.concurrent.CountDownLatch bound = new java.util.concurrent.CountDownLatch(1);
      worker =
          new Thread(
              () -> {
                toWorker.bindReceiver();
                bound.countDown();
                Object m;
                while ((m = toWorker.take()) != null) {
                  toDispatcher.put(m);
                }
              },
              "ilios-bench-worker");
      worker.setDaemon(true);
      worker.start();
      bound.await();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      toWorker.close();
      worker.join();
    }
  }

  /** A worker JVM that echoes every byte it reads from its standard input. */
  @State(Scope.Benchmark)
  public static class WorkerProcess {
    Process process;
    OutputStream toWorker;
    InputStream fromWorker;

    @Setup(Level.Trial)
    public void start() throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process =
          new ProcessBuilder(
                  List.of(
                      java, "-cp", System.getProperty("java.class.path"), PipeEcho.class.getName()))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      toWorker = process.getOutputStream();
      fromWorker = process.getInputStream();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException, InterruptedException {
      toWorker.close();
      process.waitFor(10, TimeUnit.SECONDS);
      process.destroyForcibly();
    }
  }

  private static final Object MESSAGE = new Object();

  @Benchmark
  public Object thread(WorkerThread w) {
    w.toDispatcher.bindReceiver();
    w.toWorker.put(MESSAGE);
    return w.toDispatcher.take();
  }

  @Benchmark
  public int process(WorkerProcess w) throws IOException {
    w.toWorker.write(1);
    w.toWorker.flush();
    return w.fromWorker.read();
  }
}
