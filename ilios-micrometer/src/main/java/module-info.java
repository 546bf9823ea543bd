/** Micrometer meters for an Ilios: {@link io.ilios.micrometer.IliosMetrics}. */
// Micrometer ships an Automatic-Module-Name, no descriptor; its types are part of this API.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.ilios.micrometer {
  requires transitive io.ilios.core;
  requires transitive micrometer.core;

  exports io.ilios.micrometer;
}
