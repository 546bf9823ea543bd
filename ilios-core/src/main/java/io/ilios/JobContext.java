package io.ilios;

/**
 * Which job a {@link JobHandler} is running.
 *
 * @param id the job's id, the same on every attempt (a key for idempotent work)
 * @param owner the owner it was submitted for
 * @param attempt this attempt's number, from 1
 */
public record JobContext(long id, String owner, int attempt) {}
