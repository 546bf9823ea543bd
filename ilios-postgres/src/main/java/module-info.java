/**
 * The job store on PostgreSQL, for several application nodes sharing one queue: {@code SKIP LOCKED}
 * claims, fencing tokens, {@code LISTEN/NOTIFY} wake-ups, leases on the database's clock.
 */
@SuppressWarnings("requires-automatic") // the PostgreSQL driver ships an Automatic-Module-Name
module io.ilios.postgres {
  requires transitive io.ilios.core;
  requires transitive java.sql;
  requires org.postgresql.jdbc;
  requires com.zaxxer.hikari;
  requires org.slf4j;

  exports io.ilios.postgres;
}
