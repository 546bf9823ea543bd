package io.ilios;

/** How many jobs the store holds in each status. */
public record JobCounts(
    long pending, long processing, long completed, long failed, long cancelled) {

  public long total() {
    return pending + processing + completed + failed + cancelled;
  }
}
