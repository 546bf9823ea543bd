package io.ilios.spi;

import io.ilios.ConversionMetadata;
import io.ilios.Operation;
import java.util.List;
import java.util.Objects;

/**
 * What a conversion produced, stored in the same transaction as the completion of its job: the
 * pages of the document, its metadata, and one usage record.
 *
 * @param documentId the converted document
 * @param owner its owner, whom the usage record is charged to
 * @param operation how the conversion was asked for
 * @param backend the OCR backend's name
 * @param pages the Markdown of each page, in order
 * @param metadata model, page count, timing, tokens and cost
 */
public record ConversionRecord(
    String documentId,
    String owner,
    Operation operation,
    String backend,
    List<String> pages,
    ConversionMetadata metadata) {

  public ConversionRecord {
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(backend, "backend");
    pages = List.copyOf(pages);
    Objects.requireNonNull(metadata, "metadata");
  }
}
