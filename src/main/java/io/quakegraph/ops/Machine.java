package io.quakegraph.ops;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a figure was measured on, as benchmarks, training runs and model cards record it. */
public final class Machine {
  private Machine() {}

  /** A one-line description of the machine: CPU model, cores, memory, JVM. */
  public static String describe() {
    String cpu = "unknown CPU";
    try {
      Path cpuinfo = Path.of("/proc/cpuinfo");
      if (Files.exists(cpuinfo)) {
        cpu =
            Files.readAllLines(cpuinfo).stream()
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst()
                .orElse(cpu);
      }
    } catch (IOException ignored) {
      // The CPU name is decoration; the core count below is what matters.
    }
    long memGiB =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize()
            >> 30;
    // Other processes share the cores; the load average says how much a figure may be depressed.
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return "%s, %d cores, %d GiB, Java %s, 1-min load average %.1f when written"
        .formatted(
            cpu,
            Runtime.getRuntime().availableProcessors(),
            memGiB,
            System.getProperty("java.version"),
            load);
  }
}
