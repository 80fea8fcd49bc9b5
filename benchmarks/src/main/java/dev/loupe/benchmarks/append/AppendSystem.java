package dev.loupe.benchmarks.append;

import java.util.Arrays;
import java.util.function.Function;
import javax.sql.DataSource;

/** The systems the append benchmark compares, in the order it runs them. */
public enum AppendSystem {
  LOUPE("loupe", "Loupe journal", LoupeAppends::new),
  AXON("axon", "Axon 4 JdbcEventStorageEngine", AxonAppends::new),
  INSERT("insert", "raw multi-row INSERT", RawInsertAppends::new),
  COPY("copy", "raw COPY", RawCopyAppends::new);

  private final String key;
  private final String label;
  private final Function<DataSource, AppendTarget> opener;

  AppendSystem(String key, String label, Function<DataSource, AppendTarget> opener) {
    this.key = key;
    this.label = label;
    this.opener = opener;
  }

  public String key() {
    return key;
  }

  public String label() {
    return label;
  }

  public boolean isRawCeiling() {
    return this == INSERT || this == COPY;
  }

  public AppendTarget open(DataSource database) {
    return opener.apply(database);
  }

  /**
   * Creates every system's schema: Loupe's Flyway migrations, Axon's {@code createSchema} with its PostgreSQL table
   * factory, and for the raw inserts a table like the journal's (same columns, defaults and indexes).
   */
  public static void createSchemas(DataSource database) {
    LoupeAppends.createSchema(database);
    AxonAppends.createSchema(database);
    RawRows.createSchema(database);
  }

  public static AppendSystem byKey(String key) {
    return Arrays.stream(values())
        .filter(system -> system.key.equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "no system " + key + "; known: " + Arrays.stream(values()).map(AppendSystem::key).toList()));
  }
}
