package io.ilios;

/**
 * A record does not exist, or belongs to another owner. The two cases are indistinguishable on
 * purpose, so that ids cannot be probed across owners.
 */
public final class NotFoundException extends IliosException {
  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String id;

  public NotFoundException(String kind, String id) {
    super(kind + " " + id + " not found");
    this.kind = kind;
    this.id = id;
  }

  /** What was looked up, for example {@code "job"}. */
  public String kind() {
    return kind;
  }

  /** The id that was looked up. */
  public String id() {
    return id;
  }
}
