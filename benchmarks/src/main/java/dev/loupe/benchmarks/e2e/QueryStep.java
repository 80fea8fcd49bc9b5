package dev.loupe.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One query's latency over REST, as a person's browser would ask it: one request at a time, each of the query's
 * variants (other filters, pages, months, operators) in turn. First every variant once, its answer checked against
 * what the data set should give ({@link Check}), then more unmeasured requests up to the warm-up, then the measured
 * samples: call to the whole body read, by the harness's clock.
 */
final class QueryStep {

  private static final Logger log = LoggerFactory.getLogger(QueryStep.class);

  /** Whether an answer is plausible: null when it is, else what is wrong with it. */
  @FunctionalInterface
  interface Check {
    String problem(JsonNode answer);
  }

  /** One request of a query and the check of its answer. */
  record Variant(String path, Check check) {}

  /** A query with its variants; {@code goal}: one of issue 14's, held to its p99. */
  record Query(String name, String endpoint, List<Variant> variants, boolean goal) {

    Query(String name, String endpoint, List<Variant> variants) {
      this(name, endpoint, variants, true);
    }
  }

  /** The variant with the highest median, and that median in ms. */
  static java.util.Map.Entry<String, Double> slowest(Result result) {
    return result.byVariant.entrySet().stream()
        .map(entry -> java.util.Map.entry(entry.getKey(), entry.getValue().percentile(50)))
        .max(java.util.Map.Entry.comparingByValue()).orElse(java.util.Map.entry("", Double.NaN));
  }

  /** What a query measured. */
  static final class Result {
    final Query query;
    final Samples latency = new Samples();
    final List<String> problems = new ArrayList<>();
    /** Each variant's own samples, by path: where a query is slow. */
    final java.util.Map<String, Samples> byVariant = new java.util.LinkedHashMap<>();
    int checked;

    Result(Query query) {
      this.query = query;
    }
  }

  private final LoupeApi api;

  QueryStep(LoupeApi api) {
    this.api = api;
  }

  Result run(Query query, int warmup, int samples) throws IOException, InterruptedException {
    Result result = new Result(query);
    for (Variant variant : query.variants()) {
      String problem = variant.check().problem(api.get(variant.path()));
      result.checked++;
      if (problem != null) {
        result.problems.add(variant.path() + ": " + problem);
        log.warn("{}: {} answered implausibly: {}", query.name(), variant.path(), problem);
      }
    }
    List<Variant> variants = query.variants();
    for (int i = query.variants().size(); i < warmup; i++) {
      api.get(variants.get(i % variants.size()).path());
    }
    for (int i = 0; i < samples; i++) {
      String path = variants.get(i % variants.size()).path();
      long start = System.nanoTime();
      api.get(path);
      double millis = (System.nanoTime() - start) / 1e6;
      result.latency.add(millis);
      result.byVariant.computeIfAbsent(path, p -> new Samples()).add(millis);
    }
    log.info("{}: p50 {} p99 {} max {} ({} samples, {} variants, {} implausible)", query.name(),
        result.latency.format(50), result.latency.format(99), result.latency.format(100), samples,
        variants.size(), result.problems.size());
    return result;
  }
}
