package io.ilios;

import io.ilios.internal.Checks;
import io.ilios.internal.json.Json;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kind of plain job: the name it has in the queue and how its payload is stored. Declare one per
 * kind of work, once, and use it both to register the handler ({@link IliosBuilder#handle(JobType,
 * JobHandler)}) and to submit ({@link JobQueue#submit(JobType, Object, SubmitOptions)}):
 *
 * <pre>{@code
 * record Resize(String image, int width) {}
 * static final JobType<Resize> RESIZE = JobType.json("resize", Resize.class);
 * }</pre>
 *
 * @param <P> the payload type
 */
public final class JobType<P> {
  /** Names are short and plain, so they read well in the store and in metrics. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

  private final String name;
  private final PayloadCodec<P> codec;

  private JobType(String name, PayloadCodec<P> codec) {
    this.name = Checks.notBlank("name", name, 64);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "job type name must be lower case letters, digits, '.', '_' or '-', starting with a"
              + " letter, at most 64 characters: "
              + name);
    }
    if (name.equals(RESERVED)) {
      throw new IllegalArgumentException("'" + RESERVED + "' is Ilios's own job type");
    }
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /** The name of Ilios's own conversion jobs, which no plain job type may take. */
  static final String RESERVED = "convert";

  /** A type whose payload is stored as JSON (Jackson: records, beans, collections). */
  public static <P> JobType<P> json(String name, Class<P> payload) {
    Objects.requireNonNull(payload, "payload");
    return new JobType<>(
        name,
        new PayloadCodec<>() {
          @Override
          public String encode(P p) {
            return Json.write(Objects.requireNonNull(p, "payload"));
          }

          @Override
          public P decode(String stored) {
            return Json.read(stored, payload);
          }
        });
  }

  /** A type whose payload is a string, stored as it is. */
  public static JobType<String> text(String name) {
    return new JobType<>(
        name,
        new PayloadCodec<>() {
          @Override
          public String encode(String p) {
            return Objects.requireNonNull(p, "payload");
          }

          @Override
          public String decode(String stored) {
            return stored;
          }
        });
  }

  /** A type with a codec of the caller's. */
  public static <P> JobType<P> of(String name, PayloadCodec<P> codec) {
    return new JobType<>(name, codec);
  }

  /** The type's name in the queue ({@link Job#type()}). */
  public String name() {
    return name;
  }

  /** How the payload is stored. */
  public PayloadCodec<P> codec() {
    return codec;
  }

  @Override
  public String toString() {
    return "JobType{" + name + "}";
  }
}
