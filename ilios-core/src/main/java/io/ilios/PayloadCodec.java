package io.ilios;

/**
 * How a plain job's payload is stored: as text in the job's row, written when the job is submitted
 * and read back by the worker that runs it, on this node or another.
 *
 * @param <P> the payload type
 */
public interface PayloadCodec<P> {
  /** The payload as stored text. */
  String encode(P payload);

  /**
   * The payload read back.
   *
   * @throws RuntimeException if the text is not a payload of this type: the job then fails for
   *     good, since trying again reads the same text
   */
  P decode(String stored);
}
