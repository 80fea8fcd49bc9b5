package dev.loupe.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Loupe in one process: REST API, recipes' workers, journal relay and read models. */
@SpringBootApplication(scanBasePackages = "dev.loupe")
@EnableScheduling
public class LoupeApplication {

  public static void main(String[] args) {
    SpringApplication.run(LoupeApplication.class, args);
  }
}
