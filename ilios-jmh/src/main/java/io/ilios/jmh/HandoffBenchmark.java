package io.ilios.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilios.internal.worker.Handoff;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

/**
 * A job handed to a worker and its result handed back ("IPC"), as the two designs do it. The job
 * carries a payload of {@code bytes} characters and the worker returns page Markdown of the same
 * size. Through Ilios's {@link Handoff} a worker thread gets the job object and returns a result
 * object: references cross, nothing is copied. A worker process (what the original service used)
 * gets the job as JSON over its standard input and writes its result as JSON to its standard
 * output, each a length-prefixed frame; both sides parse what they read, as they must to use it.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandoffBenchmark {

  /** A job as the dispatcher hands it over. */
  public record Job(long id, String fileName, String payload) {}

  /** What a worker returns: the page Markdown of the job. */
  public record PageResult(long id, String markdown) {}

  static final ObjectMapper JSON = new ObjectMapper();

  /** What the worker does, in both designs: the page it returns is as large as the job. */
  static PageResult work(Job job) {
    return new PageResult(job.id(), job.payload());
  }

  @State(Scope.Benchmark)
  public static class Payload {
    @Param({"0", "4096", "65536", "1048576"})
    int bytes;

    Job job;

    @Setup(Level.Trial)
    public void make() {
      job = new Job(42, "scan.pdf", "# Page\n".repeat(bytes / 7 + 1).substring(0, bytes));
    }
  }

  /** A worker thread that answers every job through a second hand-off. */
  @State(Scope.Benchmark)
  public static class WorkerThread {
    final Handoff<Job> toWorker = new Handoff<>();
    final Handoff<PageResult> toDispatcher = new Handoff<>();
    private Thread worker;

    @Setup(Level.Trial)
    public void start() throws InterruptedException {
      CountDownLatch bound = new CountDownLatch(1);
      worker =
          new Thread(
              () -> {
                toWorker.bindReceiver();
                bound.countDown();
                Job j;
                while ((j = toWorker.take()) != null) {
                  toDispatcher.put(work(j));
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

  /** A worker JVM ({@link PipeWorker}) reading jobs from its standard input. */
  @State(Scope.Benchmark)
  public static class WorkerProcess {
    Process process;
    DataOutputStream toWorker;
    DataInputStream fromWorker;

    @Setup(Level.Trial)
    public void start() throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process =
          new ProcessBuilder(
                  List.of(
                      java,
                      "-cp",
                      System.getProperty("java.class.path"),
                      PipeWorker.class.getName()))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      toWorker = new DataOutputStream(new java.io.BufferedOutputStream(process.getOutputStream()));
      fromWorker = new DataInputStream(new java.io.BufferedInputStream(process.getInputStream()));
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException, InterruptedException {
      toWorker.close();
      process.waitFor(10, TimeUnit.SECONDS);
      process.destroyForcibly();
    }
  }

  @Benchmark
  public PageResult thread(WorkerThread w, Payload p) {
    w.toDispatcher.bindReceiver();
    w.toWorker.put(p.job);
    return w.toDispatcher.take();
  }

  @Benchmark
  public PageResult process(WorkerProcess w, Payload p) throws IOException {
    writeFrame(w.toWorker, JSON.writeValueAsBytes(p.job));
    return JSON.readValue(readFrame(w.fromWorker), PageResult.class);
  }

  static void writeFrame(DataOutputStream out, byte[] frame) throws IOException {
    out.writeInt(frame.length);
    out.write(frame);
    out.flush();
  }

  static byte[] readFrame(DataInputStream in) throws IOException {
    byte[] frame = new byte[in.readInt()];
    in.readFully(frame);
    return frame;
  }

  /** The worker process: reads each job as JSON, does it, writes the result as JSON. */
  public static final class PipeWorker {
    private PipeWorker() {}

    public static void main(String[] args) throws IOException {
      DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(System.in));
      DataOutputStream out =
          new DataOutputStream(new java.io.BufferedOutputStream(System.out, 1 << 16));
      while (true) {
        byte[] frame;
        try {
          frame = readFrame(in);
        } catch (java.io.EOFException end) {
          return;
        }
        Job job = JSON.readValue(frame, Job.class);
        writeFrame(out, JSON.writeValueAsBytes(work(job)));
      }
    }
  }
}
