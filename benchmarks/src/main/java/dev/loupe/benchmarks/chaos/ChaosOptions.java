package dev.loupe.benchmarks.chaos;

import java.time.Duration;

/**
 * {@code ./loupe chaos}'s settings, from {@code --name=value} arguments. The defaults are the run: 2,000
 * tasks and 20 faults, which end within 40 minutes on 2 cores.
 *
 * @param tasks tasks the clients create
 * @param faults SIGKILLs of the application, at moments drawn from {@code seed} over the load
 * @param rate tasks per second the clients offer
 * @param operators simulated operators claiming and finishing from the inbox
 * @param settle how long, after the load, every task may take to come to rest
 * @param seed the schedule's seed: the same seed, the same fault times and cancellations
 */
record ChaosOptions(int tasks, int faults, double rate, int operators, Duration settle, long seed) {

  static final String USAGE = """
      usage: ./loupe chaos [--tasks=2000] [--faults=20] [--rate=4] [--operators=6] [--settle=600] [--seed=1]
             ./loupe chaos check [--postgres host:port] [--kafka host:port] [--elasticsearch url]""";

  ChaosOptions {
    if (tasks < 1 || faults < 0 || rate <= 0 || operators < 1 || settle.isNegative()) {
      throw new IllegalArgumentException("tasks and operators at least 1, faults at least 0, a positive rate\n" + USAGE);
    }
  }

  static ChaosOptions parse(String... args) {
    int tasks = 2_000;
    int faults = 20;
    double rate = 4;
    int operators = 6;
    Duration settle = Duration.ofMinutes(10);
    long seed = 1;
    for (String arg : args) {
      String[] option = arg.split("=", 2);
      if (option.length != 2) {
        throw new IllegalArgumentException("not --name=value: " + arg + "\n" + USAGE);
      }
      try {
        switch (option[0]) {
          case "--tasks" -> tasks = Integer.parseInt(option[1]);
          case "--faults" -> faults = Integer.parseInt(option[1]);
          case "--rate" -> rate = Double.parseDouble(option[1]);
          case "--operators" -> operators = Integer.parseInt(option[1]);
          case "--settle" -> settle = Duration.ofSeconds(Long.parseLong(option[1]));
          case "--seed" -> seed = Long.parseLong(option[1]);
          default -> throw new IllegalArgumentException("unknown option " + option[0] + "\n" + USAGE);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number: " + arg + "\n" + USAGE, e);
      }
    }
    return new ChaosOptions(tasks, faults, rate, operators, settle, seed);
  }
}
