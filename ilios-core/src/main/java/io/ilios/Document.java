package io.ilios;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored document as it stands now, without its content (read that through {@link
 * Documents#conversion}). Immutable.
 *
 * @param id the document id (a random UUID, unguessable)
 * @param owner the owner it was submitted for
 * @param jobId the id of the job that converts it
 * @param batchId the batch it belongs to, if any
 * @param fileName the file name given at submit (a label only)
 * @param mimeType the type detected from its bytes
 * @param size its size in bytes
 * @param status where it stands
 * @param error why it failed, when {@link DocumentStatus#FAILED}
 * @param retentionDays how long it is kept after {@code createdAt}
 * @param createdAt when it was submitted
 * @param processedAt when its conversion ended
 * @param expiresAt when its retention period ends and it may be archived
 * @param archivedAt when its content and original were deleted
 * @param metadata model, pages, timing, tokens and cost, once converted (kept after archiving)
 */
public record Document(
    String id,
    String owner,
    long jobId,
    Optional<String> batchId,
    String fileName,
    String mimeType,
    long size,
    DocumentStatus status,
    Optional<String> error,
    int retentionDays,
    Instant createdAt,
    Optional<Instant> processedAt,
    Instant expiresAt,
    Optional<Instant> archivedAt,
    Optional<ConversionMetadata> metadata) {

  public Document {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(mimeType, "mimeType");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(processedAt, "processedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(archivedAt, "archivedAt");
    Objects.requireNonNull(metadata, "metadata");
  }
}
