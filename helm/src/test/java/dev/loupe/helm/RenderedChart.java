package dev.loupe.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.yaml.snakeyaml.Yaml;

/** The manifests {@code helm template} renders from the Loupe chart, with ways to look into them. */
final class RenderedChart {

  static final Path CHART = Path.of("loupe");
  static final String RELEASE = "loupe";
  /** Without a cluster Helm assumes Kubernetes 1.20, older than the chart's kubeVersion allows. */
  static final String KUBERNETES_VERSION = "1.31.0";

  private final List<Map<String, Object>> manifests;

  private RenderedChart(List<Map<String, Object>> manifests) {
    this.manifests = manifests;
  }

  /** Renders the chart as release "loupe"; {@code options} adds values files and --set values. */
  static RenderedChart render(UnaryOperator<TemplateCommand> options) {
    String yaml = options.apply(new Helm(CHART).template()
        .withName(RELEASE)
        .withNamespace("loupe")
        .withKubeVersion(KUBERNETES_VERSION)).call();
    List<Map<String, Object>> manifests = new ArrayList<>();
    StreamSupport.stream(new Yaml().loadAll(yaml).spliterator(), false)
        .filter(Objects::nonNull)
        .forEach(document -> manifests.add(asMap(document)));
    return new RenderedChart(manifests);
  }

  static RenderedChart renderDefaults() {
    return render(command -> command);
  }

  List<String> kinds() {
    return manifests.stream().map(manifest -> (String) manifest.get("kind")).sorted().toList();
  }

  List<Map<String, Object>> all(String kind) {
    return manifests.stream().filter(manifest -> kind.equals(manifest.get("kind"))).toList();
  }

  /** The one manifest of this kind; fails when there is none or more than one. */
  Map<String, Object> only(String kind) {
    List<Map<String, Object>> ofKind = all(kind);
    assertThat(ofKind).as("manifests of kind %s", kind).hasSize(1);
    return ofKind.getFirst();
  }

  Map<String, Object> named(String kind, String name) {
    return all(kind).stream()
        .filter(manifest -> name.equals(get(manifest, "metadata.name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " among " + all(kind)));
  }

  /** The container of a Deployment (Loupe's pods have exactly one). */
  static Map<String, Object> container(Map<String, Object> deployment) {
    List<Object> containers = list(deployment, "spec.template.spec.containers");
    assertThat(containers).hasSize(1);
    return asMap(containers.getFirst());
  }

  /** A container's env entry by name; fails when absent. */
  static Map<String, Object> env(Map<String, Object> container, String name) {
    return list(container, "env").stream()
        .map(RenderedChart::asMap)
        .filter(entry -> name.equals(entry.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name + " in " + container.get("env")));
  }

  /** The value at a dotted path of nested maps, e.g. {@code "spec.template.metadata.annotations"}. */
  static Object get(Map<String, Object> manifest, String path) {
    Object current = manifest;
    for (String key : path.split("\\.")) {
      assertThat(current).as("parent of %s in %s", key, path).isInstanceOf(Map.class);
      current = asMap(current).get(key);
    }
    return current;
  }

  static Map<String, Object> map(Map<String, Object> manifest, String path) {
    Object value = get(manifest, path);
    assertThat(value).as(path).isInstanceOf(Map.class);
    return asMap(value);
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Map<String, Object> manifest, String path) {
    Object value = get(manifest, path);
    assertThat(value).as(path).isInstanceOf(List.class);
    return (List<Object>) value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value) {
    return (Map<String, Object>) value;
  }
}
