package dev.loupe.benchmarks.chaos;

import java.time.Duration;

/**
 * {@code ./loupe chaos}'s settings, from {@code --name=value} arguments. The defaults are the run: 2,000
 * tasks and 20 faults, which end within 40 minutes on 2 cores.
 *
 * @param tasks tasks the clients create
 * @param faults faults of every kind in turn ({@link ChaosRun#CYCLE}): the application SIGKILLed or halted at a
 *     fault point, PostgreSQL or Elasticsearch SIGKILLed, the model server stopped; meanwhile the client's callback
 *     receiver is down, answers 500 or is slow in windows of 1 to 2.5 minutes
 * @param rate tasks per second the clients offer
 * @param operators simulated operators claiming and finishing from the inbox
 * @param settle how long, after the load, every task may take to come to rest
 * @param seed the schedule's seed: the same seed, the same fault times and cancellations
 */
record ChaosOptions(int tasks, int faults, double rate, int operators, Duration settle, long seed) {

  static final int DEFAULT_TASKS = 2_000;
  static final int DEFAULT_FAULTS = 20;

  static final String USAGE = """
      usage: ./loupe chaos [--tasks=2000] [--faults=20] [--rate=4] [--operators=6] [--settle=600] [--seed=1]
             ./loupe chaos check [--postgres host:port] [--kafka host:port] [--elasticsearch url]""";

  ChaosOptions {
    if (tasks < 1 || faults < 0 || rate <= 0 || operators < 1 || settle.isNegative()) {
      throw new IllegalArgumentException("tasks and operators at least 1, faults at least 0, a positive rate\n" + USAGE);
    }
  }

  static ChaosOptions parse(String... args) {
    int tasks = DEFAULT_TASKS;
    int faults = DEFAULT_FAULTS;
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
