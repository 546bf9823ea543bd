package io.ilios.server;

import io.ilios.Document;
import io.ilios.DocumentListener;
import io.ilios.Ilios;
import io.ilios.testing.IliosFixture;
import java.nio.file.Path;

/**
 * The server in a JVM of its own, for {@link LargeUploadTest}. It says on its standard output
 * {@code port N} once it listens and {@code ended ID STATUS} as each document ends, serves until
 * its standard input closes, then says how large its heap was allowed to be.
 */
public final class LargeUploadChild {
  private LargeUploadChild() {}

  static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    try (IliosFixture fixture = new IliosFixture(data);
        Ilios ilios = fixture.start(fixture.builder().workers(1).maxDocumentSize(2L << 30));
        IliosServer server =
            IliosServer.create(
                    ilios,
                    ServerConfig.builder()
                        .port(0)
                        .maxUploadSize(2L << 30)
                        .uploadDirectory(data.resolve("uploads"))
                        .build())
                .start()) {
      ilios
          .documents()
          .addListener(
              new DocumentListener() {
                @Override
                public void onCompleted(Document d) {
                  say("ended " + d.id() + " " + d.status());
                }

                @Override
                public void onFailed(Document d) {
                  say("ended " + d.id() + " " + d.status() + " " + d.error().orElse(""));
                }
              });
      say("port " + server.port());
      while (System.in.read() >= 0) {
        // serve until the parent closes our input
      }
      say("max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
    }
  }
}
