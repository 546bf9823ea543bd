package io.ilios.server;

import io.ilios.Ilios;
import io.ilios.blob.LocalBlobStore;
import io.ilios.store.SqliteJobStore;
import io.ilios.testing.FakeOcrBackend;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server in a JVM of its own, for {@link LargeUploadTest}: writes its port to a file, serves
 * until its standard input closes, then says how large its heap was allowed to be.
 */
public final class LargeUploadChild {
  private LargeUploadChild() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    try (SqliteJobStore store = SqliteJobStore.open(data.resolve("ilios.db"));
        Ilios ilios =
            Ilios.builder()
                .store(store)
                .blobs(LocalBlobStore.at(data.resolve("blobs")))
                .tempDirectory(data.resolve("tmp"))
                .ocr(new FakeOcrBackend())
                .workers(1)
                .maxDocumentSize(2L << 30)
                .build();
        IliosServer server =
            IliosServer.create(
                    ilios,
                    ServerConfig.builder()
                        .port(0)
                        .maxUploadSize(2L << 30)
                        .uploadDirectory(data.resolve("uploads"))
                        .build())
                .start()) {
      Files.writeString(data.resolve("port.tmp"), Integer.toString(server.port()));
      Files.move(data.resolve("port.tmp"), data.resolve("port"));
      while (System.in.read() >= 0) {
        // serve until the parent closes our input
      }
      System.out.println("max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
    }
  }
}
