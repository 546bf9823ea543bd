package io.ilios.spi;

/**
 * The right to finish one attempt of one job. {@code token} is a fencing token: every claim of a
 * job gives it a new, larger token, and the store accepts a completion, failure, release or
 * heartbeat only while the token is still the job's current one.
 */
public record Lease(long jobId, long token) {}
