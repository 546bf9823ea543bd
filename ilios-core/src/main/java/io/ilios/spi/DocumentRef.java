package io.ilios.spi;

import java.util.Objects;

/**
 * A queued document and the job that converts it, as {@link JobStore#enqueueDocuments} returns
 * them.
 */
public record DocumentRef(String documentId, long jobId) {
  public DocumentRef {
    Objects.requireNonNull(documentId, "documentId");
  }
}
