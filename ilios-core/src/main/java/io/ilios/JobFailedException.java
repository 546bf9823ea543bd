package io.ilios;

/**
 * A plain job's attempt failed, saying whether trying again may help. Handlers throw {@link
 * #permanent(String)} for input that will never work; Ilios throws it for a payload its codec
 * cannot read (permanent) and for a job type with no handler on this node (retried, so that a node
 * that has one may run it).
 */
public final class JobFailedException extends IliosException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public JobFailedException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  /** A failure that trying again cannot fix: the job fails at once. */
  public static JobFailedException permanent(String message) {
    return new JobFailedException(message, false);
  }

  @Override
  public boolean retryable() {
    return retryable;
  }
}
