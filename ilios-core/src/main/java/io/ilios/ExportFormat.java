package io.ilios;

/** How {@link Documents#exportBatch} writes a batch. */
public enum ExportFormat {
  /**
   * One JSON object per line and document: {@code id}, {@code fileName}, {@code status}, then
   * {@code content} and {@code metadata} when completed, or {@code error} when failed.
   */
  JSONL,
  /**
   * A ZIP archive: one Markdown file per converted document, named from its file name and position
   * in the batch, plus {@code manifest.json} describing every document.
   */
  ZIP
}
