package io.ilios.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The worker process of {@link HandoffBenchmark}: echoes each byte from stdin to stdout. */
public final class PipeEcho {
  private PipeEcho() {}

  public static void main(String[] args) throws IOException {
    InputStream in = System.in;
    OutputStream out = System.out;
    for (int b; (b = in.read()) >= 0; ) {
      out.write(b);
      out.flush();
    }
  }
}
