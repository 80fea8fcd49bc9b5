package dev.loupe.helm;

import static dev.loupe.helm.RenderedChart.asMap;
import static dev.loupe.helm.RenderedChart.container;
import static dev.loupe.helm.RenderedChart.get;
import static dev.loupe.helm.RenderedChart.list;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Triton Deployment that ../README.md tells a cluster to apply (Triton is not part of the chart): the pinned
 * release whose status codes the embedded model server copies (ADR 0029), explicit model control, which Loupe's
 * ModelControl needs, and gRPC health probes.
 */
class TritonManifestTest {

  private static final Path README = Path.of("README.md");
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

  @Test
  void shouldRunThePinnedTritonReleaseInExplicitModelControlMode() throws IOException {
    Map<String, Object> triton = container(tritonDeployment());

    assertThat(triton.get("image")).isEqualTo("nvcr.io/nvidia/tritonserver:25.01-py3");
    assertThat(list(triton, "args")).contains("--model-control-mode=explicit", "--load-model=*")
        .noneMatch(arg -> arg.toString().contains("poll"));
  }

  @Test
  void shouldProbeTritonsGrpcHealthService() throws IOException {
    Map<String, Object> triton = container(tritonDeployment());

    assertThat(get(triton, "readinessProbe.grpc.port")).isEqualTo(8001);
    assertThat(get(triton, "startupProbe.grpc.port")).isEqualTo(8001);
  }

  private static Map<String, Object> tritonDeployment() throws IOException {
    List<Map<String, Object>> manifests = new ArrayList<>();
    Matcher block = YAML_BLOCK.matcher(Files.readString(README));
    while (block.find()) {
      StreamSupport.stream(new Yaml().loadAll(block.group(1)).spliterator(), false)
          .filter(Objects::nonNull)
          .map(RenderedChart::asMap)
          .forEach(manifests::add);
    }
    return manifests.stream()
        .filter(manifest -> "Deployment".equals(manifest.get("kind")))
        .filter(manifest -> "triton".equals(asMap(manifest.get("metadata")).get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment named triton in " + README.toAbsolutePath()));
  }
}
