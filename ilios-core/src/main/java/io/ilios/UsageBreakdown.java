package io.ilios;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Usage over a time range, by day (UTC) and by operation. Days and operations without usage are
 * left out. Immutable.
 *
 * @param byDay totals per UTC day, in date order
 * @param byOperation totals per operation
 */
public record UsageBreakdown(
    SortedMap<LocalDate, UsageTotals> byDay, Map<Operation, UsageTotals> byOperation) {

  public UsageBreakdown {
    byDay = Collections.unmodifiableSortedMap(new TreeMap<>(byDay));
    byOperation = Map.copyOf(byOperation);
  }
}
