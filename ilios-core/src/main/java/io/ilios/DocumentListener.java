package io.ilios;

/**
 * Told when a document converted by this process ends (by its workers, or synchronously through
 * {@link DocumentConverter}, which tells only of completions: a synchronous conversion that fails
 * stores nothing and throws to its caller), and when a batch's last document ends. Called on one
 * event thread ({@code ilios-events}) after the outcome is stored; a listener that throws is logged
 * and skipped and changes nothing that was stored. Keep listeners quick.
 */
public interface DocumentListener {
  /** The document was converted; its Markdown is stored. */
  default void onCompleted(Document document) {}

  /** The document failed for good; {@link Document#error()} says why. */
  default void onFailed(Document document) {}

  /**
   * Every document of the batch has ended; told once per batch, by the process whose worker ended
   * the last document (a batch whose last documents were cancelled is not announced).
   */
  default void onBatchCompleted(Batch batch) {}
}
