package dev.loupe.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The whole machine's CPU use from {@code /proc/stat}: every process, the other engineers' builds included. */
final class MachineCpu {

  private MachineCpu() {}

  /** {busy, total} jiffies since boot, or {NaN, NaN} off Linux. */
  static double[] ticks() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
      double total = 0;
      for (int i = 1; i < fields.length; i++) {
        total += Double.parseDouble(fields[i]);
      }
      double idle = Double.parseDouble(fields[4]) + (fields.length > 5 ? Double.parseDouble(fields[5]) : 0);
      return new double[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new double[] {Double.NaN, Double.NaN};
    }
  }

  /** The busy share, 0–1, between two {@link #ticks()}. */
  static double busyShare(double[] before, double[] after) {
    double total = after[1] - before[1];
    return total > 0 ? (after[0] - before[0]) / total : Double.NaN;
  }
}
