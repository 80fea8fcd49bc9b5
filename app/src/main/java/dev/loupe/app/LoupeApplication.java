package dev.loupe.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Loupe in one process: REST API, recipes' workers, journal relay and read models. */
@SpringBootApplication(scanBasePackages = "dev.loupe")
@EnableScheduling
public class LoupeApplication {

  /**
   * Starts Loupe; a start that fails ends the process with status 1. Spring has logged why and closed the context by
   * then, but a thread it cannot stop would keep the JVM running without serving anything: the embedded Zeebe
   * engine's state monitor is a non-daemon {@link java.util.Timer}.
   */
  public static void main(String[] args) {
    try {
      SpringApplication.run(LoupeApplication.class, args);
    } catch (Throwable failedToStart) {
      System.exit(1);
    }
  }
}
