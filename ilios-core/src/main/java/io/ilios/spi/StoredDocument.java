package io.ilios.spi;

import io.ilios.Document;
import java.util.Objects;
import java.util.Optional;

/**
 * A document as a {@link JobStore} holds it: the public record plus what only Ilios needs.
 *
 * @param document the document
 * @param blobKey where its original is kept; empty once archived
 * @param batchIndex its position in its batch (0 when not in a batch)
 */
public record StoredDocument(Document document, Optional<String> blobKey, int batchIndex) {
  public StoredDocument {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(blobKey, "blobKey");
  }
}
