package io.ilios.internal.convert;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.DocumentSource;
import io.ilios.blob.LocalBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small originals are held in memory only while a submit's budget lasts. */
class UploaderBudgetTest {
  @TempDir Path dir;

  static DocumentSource pdf(int size, String name) {
    String head = "%PDF-1.7\n%";
    String tail = "\n%%EOF\n";
    byte[] bytes =
        (head + "x".repeat(size - head.length() - tail.length()) + tail)
            .getBytes(StandardCharsets.US_ASCII);
    return DocumentSource.of(bytes, name);
  }

  @Test
  void pastTheBudgetOriginalsGoToTheBlobStore() {
    Uploader uploader =
        new Uploader(LocalBlobStore.at(dir), "fake", Set.of(MimeTypes.PDF), 1 << 20, 4096);
    Uploader.Budget budget = new Uploader.Budget(10_000);
    assertThat(uploader.upload(pdf(4096, "a.pdf"), budget).inStore()).isTrue();
    assertThat(uploader.upload(pdf(4000, "b.pdf"), budget).inStore()).isTrue();
    Uploader.Upload third = uploader.upload(pdf(1000, "c.pdf"), budget);
    assertThat(third.inStore()).isFalse();
    assertThat(third.blob()).startsWith("originals/");
    assertThat(third.size()).isEqualTo(1000);
    // A new submit has a budget of its own.
    assertThat(uploader.upload(pdf(1000, "d.pdf"), new Uploader.Budget(10_000)).inStore()).isTrue();
  }
}
