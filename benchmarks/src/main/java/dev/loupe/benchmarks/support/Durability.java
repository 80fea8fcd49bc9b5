package dev.loupe.benchmarks.support;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the benchmark's PostgreSQL keeps commits, as Loupe's embedded server does ({@code loupe.embedded.postgres.durable}).
 * {@link #DURABLE}, the default: a commit waits for its WAL to reach the disk and survives a crash. {@link #FAST} is
 * zonky's speed mode (no fsync, commits that wait for no disk, no full-page images): for throwaway data only.
 */
public enum Durability {
  DURABLE("durable", "on"),
  FAST("fast", "off");

  private final String key;
  private final String value;

  Durability(String key, String value) {
    this.key = key;
    this.value = value;
  }

  public String key() {
    return key;
  }

  /** {@code fsync}, {@code synchronous_commit} and {@code full_page_writes}, all on or all off. */
  public Map<String, String> serverSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("fsync", value);
    settings.put("synchronous_commit", value);
    settings.put("full_page_writes", value);
    return settings;
  }

  /** The other mode. */
  public Durability other() {
    return this == DURABLE ? FAST : DURABLE;
  }

  public static Durability byKey(String key) {
    return Arrays.stream(values()).filter(mode -> mode.key.equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no durability " + key + "; known: durable, fast"));
  }
}
