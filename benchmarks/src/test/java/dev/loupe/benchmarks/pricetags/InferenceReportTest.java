package dev.loupe.benchmarks.pricetags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.benchmarks.report.LatencySummary;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InferenceReportTest {

  private static final Accuracy ALL_READ = new Accuracy(10, 10, 10, 10, 10, 0, 50, 8);

  @Test
  void shouldCompareEachGrpcSystemWithInProcessAtTheSameClients() {
    // given: gRPC 5 % slower per image with 1 client, 25 % fewer images/s with 4
    InferenceReport report = new InferenceReport("", Map.of());
    report.setSize(60, 297);
    report.add(run(InferenceSystem.IN_PROCESS, 1, 100, 10));
    report.add(run(InferenceSystem.GRPC_UNBATCHED, 1, 105, 10.5));
    report.add(run(InferenceSystem.IN_PROCESS, 4, 300, 5));
    report.add(run(InferenceSystem.GRPC_UNBATCHED, 4, 400, 6.25));

    // when
    String markdown = report.markdown();
    String csv = report.csv();

    // then
    assertThat(markdown).contains("| synthetic set of ≥ 200 tags | 60 images, 297 tags | yes |");
    assertThat(markdown).contains("p50 per image, 1 client | +5.0 % (105 ms vs 100 ms) | yes |");
    assertThat(markdown).contains("images/s, 4 clients | +25.0 % (9.60 vs 12.00 images/s) | no |");
    assertThat(csv).startsWith(InferenceReport.CSV_HEADER + "\n");
    assertThat(csv).contains("overhead,grpc-unbatched,1,latency_p50,0.0500,ratio");
    assertThat(csv).contains("overhead,grpc-unbatched,4,throughput,0.2500,ratio");
    assertThat(csv).contains("accuracy,in-process,1,recall,1,ratio");
  }

  /** A run of 60 images read in {@code seconds} with a p50 of {@code p50} ms. */
  private static RunResult run(InferenceSystem system, int clients, double p50, double seconds) {
    return new RunResult(system, clients, 60, (long) (seconds * 1e9), new LatencySummary(60, p50, p50 * 2, p50 * 3, p50),
        Map.of(), Map.of("text_detection", 1.0, "text_recognition", 1.0), ALL_READ);
  }
}
