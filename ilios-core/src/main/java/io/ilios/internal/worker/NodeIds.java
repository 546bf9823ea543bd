package io.ilios.internal.worker;

import io.ilios.spi.JobQueueStore;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names this process in the store ({@code ilios-PID-RANDOM@HOST}), and finds jobs left running by
 * processes of this host that no longer exist: after a crash or a {@code kill -9}, the next Ilios
 * that starts workers here rescues them at once instead of waiting for their leases to expire.
 */
public final class NodeIds {
  private static final Logger log = LoggerFactory.getLogger(NodeIds.class);

  private NodeIds() {}

  /** A new id for this process. */
  public static String forThisProcess() {
    String random = UUID.randomUUID().toString().substring(0, 8);
    return "ilios-" + ProcessHandle.current().pid() + "-" + random + "@" + host();
  }

  /**
   * Rescues the running jobs whose lease holder is a process of this host that is gone. A process
   * id in use again by another program keeps its jobs until their leases expire, as before. Returns
   * how many jobs were rescued.
   */
  public static int rescueStranded(JobQueueStore store, Instant now) {
    String here = host();
    int rescued = 0;
    for (String holder : store.leaseHolders()) {
      Optional<Long> pid = pidOnHost(holder, here);
      if (pid.isPresent()
          && pid.get() != ProcessHandle.current().pid()
          && ProcessHandle.of(pid.get()).map(p -> !p.isAlive()).orElse(true)) {
        int n = store.rescueHeldBy(holder, now);
        if (n > 0) {
          log.info("{} jobs of stopped process {} ({}) rescued", n, pid.get(), holder);
        }
        rescued += n;
      }
    }
    return rescued;
  }

  /** The process id in {@code holder} when it names a process of host {@code here}. */
  static Optional<Long> pidOnHost(String holder, String here) {
    int at = holder.lastIndexOf('@');
    if (!holder.startsWith("ilios-") || at < 0 || !holder.substring(at + 1).equals(here)) {
      return Optional.empty();
    }
    int dash = holder.indexOf('-', "ilios-".length());
    if (dash < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(holder.substring("ilios-".length(), dash)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static String host() {
    return Host.NAME;
  }

  /** Looked up once per process: a host name lookup may be slow where DNS is. */
  private static final class Host {
    static final String NAME = lookUp();

    private static String lookUp() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (Exception e) {
        return "unknown-host"; // no rescue by process id then; leases still expire
      }
    }
  }
}
