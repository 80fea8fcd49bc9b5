package dev.loupe.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the report says about the machine: cores, CPU, memory, OS, JVM, and how busy it was. */
public final class MachineFacts {

  private MachineFacts() {}

  public static Map<String, String> collect() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("cores (JVM)", Integer.toString(Runtime.getRuntime().availableProcessors()));
    facts.put("CPU", procValue("/proc/cpuinfo", "model name"));
    facts.put("memory", memory(procValue("/proc/meminfo", "MemTotal")));
    facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    facts.put("JVM", System.getProperty("java.vm.name") + " " + Runtime.version() + " ("
        + System.getProperty("java.vm.vendor") + "), max heap "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
    return facts;
  }

  /** The 1-minute load average, or "unknown" off Linux. */
  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** {@code 24683656 kB} as {@code 23.5 GiB}. */
  static String memory(String meminfo) {
    String[] parts = meminfo.split(" ");
    if (parts.length != 2 || !parts[1].equals("kB") || !parts[0].chars().allMatch(Character::isDigit)) {
      return meminfo;
    }
    return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(parts[0]) / (1024.0 * 1024.0));
  }

  private static String procValue(String file, String key) {
    try {
      List<String> lines = Files.readAllLines(Path.of(file));
      return lines.stream()
          .filter(line -> line.startsWith(key))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
