package io.ilios.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ilios.NotFoundException;
import io.ilios.internal.wire.Shapes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ilios status}: the status of a document or a batch, as JSON. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Prints the status of a document or a batch as JSON.")
final class StatusCommand implements Callable<Integer> {
  @Mixin Settings settings;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "A document id or a batch id.")
  String id;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Settings.Session s = settings.open(0, spec.commandLine().getErr())) {
      ObjectNode json;
      try {
        json = Shapes.document(s.ilios().documents().get(settings.owner, id));
      } catch (NotFoundException notDocument) {
        try {
          json = Shapes.batch(s.ilios().documents().batch(settings.owner, id));
        } catch (NotFoundException notBatch) {
          throw new IllegalArgumentException(
              "no document or batch " + id + " for owner " + settings.owner);
        }
      }
      out.println(Shapes.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }
    return 0;
  }
}
