package dev.loupe.helm;

import static dev.loupe.helm.RenderedChart.container;
import static dev.loupe.helm.RenderedChart.env;
import static dev.loupe.helm.RenderedChart.get;
import static dev.loupe.helm.RenderedChart.list;
import static dev.loupe.helm.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Lints the Loupe chart and checks what it renders, with default values and for a real cluster. */
class LoupeChartTest {

  private static final Path CLUSTER_EXAMPLE = RenderedChart.CHART.resolve("values-cluster-example.yaml");

  @Test
  void passesStrictLint() {
    LintResult lint = new Helm(RenderedChart.CHART).lint().strict().call();

    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
  }

  @Nested
  class WithDefaultValues {

    private static RenderedChart chart;

    @BeforeAll
    static void render() {
      chart = RenderedChart.renderDefaults();
    }

    @Test
    void rendersOneServerPodItsServiceAndTheArchiveClaimButNoIngressNorAutoscaler() {
      assertThat(chart.kinds()).containsExactly("ConfigMap", "Deployment", "PersistentVolumeClaim", "Secret",
          "Service", "ServiceAccount");
    }

    @Test
    void keepsTheArchivedJournalMonthsOnAReadWriteManyClaimThatOutlivesTheRelease() {
      Map<String, Object> claim = chart.named("PersistentVolumeClaim", "loupe-journal-archive");

      assertThat(map(claim, "metadata.annotations")).containsEntry("helm.sh/resource-policy", "keep");
      assertThat(list(claim, "spec.accessModes")).containsExactly("ReadWriteMany");
      assertThat(get(claim, "spec.resources.requests.storage")).isEqualTo("20Gi");
      assertThat(map(chart.only("ConfigMap"), "data"))
          .containsEntry("LOUPE_JOURNAL_ARCHIVE_DIRECTORY", "/var/lib/loupe-archive");
    }

    @Test
    void mountsNoModelRepositoryAndLeavesTrainingUnconfigured() {
      assertThat(map(chart.only("ConfigMap"), "data")).doesNotContainKey("LOUPE_TRAINING_MODEL_REPOSITORY");
      assertThat(list(chart.only("Deployment"), "spec.template.spec.volumes")).map(RenderedChart::asMap)
          .noneMatch(volume -> "model-repository".equals(volume.get("name")));
    }

    @Test
    void configuresTheExternalServers() {
      Map<String, Object> config = map(chart.only("ConfigMap"), "data");

      assertThat(config)
          .containsEntry("CAMUNDA_CLIENT_MODE", "self-managed")
          .containsEntry("CAMUNDA_CLIENT_GRPCADDRESS", "http://camunda-zeebe-gateway:26500")
          .containsEntry("CAMUNDA_CLIENT_RESTADDRESS", "http://camunda-zeebe-gateway:8080")
          .containsEntry("CAMUNDA_CLIENT_PREFERRESTOVERGRPC", "false")
          .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://loupe-db-rw:5432/loupe")
          .containsEntry("SPRING_DATASOURCE_USERNAME", "loupe_app")
          .containsEntry("SPRING_FLYWAY_USER", "loupe_owner")
          .containsEntry("LOUPE_RELAY_USERNAME", "loupe_relay")
          .containsEntry("SPRING_KAFKA_BOOTSTRAPSERVERS", "loupe-kafka-bootstrap:9092")
          .containsEntry("SPRING_ELASTICSEARCH_URIS", "http://loupe-es-http:9200")
          .containsEntry("LOUPE_DATA_DIR", "/var/lib/loupe")
          .containsEntry("LOUPE_SECURITY_STAFFTASKS", "false")
          .containsEntry("MANAGEMENT_SERVER_PORT", "9090")
          .doesNotContainKeys("LOUPE_INFERENCE_URL", "CAMUNDA_CLIENT_AUTH_METHOD", "SPRING_ELASTICSEARCH_USERNAME",
              "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWKSETURI");
    }

    @Test
    void thePodReadsTheConfigMapAndThePasswordFromTheChartsSecret() {
      Map<String, Object> container = container(chart.only("Deployment"));
      String configMapName = (String) get(chart.only("ConfigMap"), "metadata.name");
      Map<String, Object> secret = chart.only("Secret");

      assertThat(get(container, "envFrom")).isEqualTo(List.of(Map.of("configMapRef", Map.of("name", configMapName))));
      for (String password : List.of("SPRING_DATASOURCE_PASSWORD", "SPRING_FLYWAY_PASSWORD", "LOUPE_RELAY_PASSWORD")) {
        Map<String, Object> passwordRef = map(env(container, password), "valueFrom.secretKeyRef");
        assertThat(passwordRef).as(password).containsEntry("name", get(secret, "metadata.name"));
        assertThat(map(secret, "data")).as(password).containsKey((String) passwordRef.get("key"));
      }
    }

    @Test
    void theSinglePodRunsTheJournalRelayAndIsReplacedNotRolled() {
      Map<String, Object> deployment = chart.only("Deployment");

      assertThat(get(deployment, "spec.replicas")).isEqualTo(1);
      assertThat(get(deployment, "spec.strategy.type")).isEqualTo("Recreate");
      assertThat(env(container(deployment), "LOUPE_RELAY_ENABLED")).containsEntry("value", "true");
    }

    @Test
    void probesHitSpringBootsLivenessAndReadinessGroupsOnTheManagementPort() {
      Map<String, Object> container = container(chart.only("Deployment"));

      assertThat(list(container, "ports")).containsExactly(
          Map.of("name", "http", "containerPort", 8080, "protocol", "TCP"),
          Map.of("name", "management", "containerPort", 9090, "protocol", "TCP"));
      assertThat(map(container, "livenessProbe.httpGet")).containsEntry("path", "/actuator/health/liveness").containsEntry("port", "management");
      assertThat(map(container, "startupProbe.httpGet")).containsEntry("path", "/actuator/health/liveness");
      assertThat(map(container, "readinessProbe.httpGet")).containsEntry("path", "/actuator/health/readiness").containsEntry("port", "management");
    }

    @Test
    void givesNoAdminPasswordSoLoupeGeneratesOne() {
      assertThat(list(container(chart.only("Deployment")), "env"))
          .extracting(variable -> RenderedChart.asMap(variable).get("name"))
          .doesNotContain("LOUPE_ADMIN_PASSWORD");
    }

    @Test
    void setsResourcesAndRunsAsNonRootOnAReadOnlyRootFilesystem() {
      Map<String, Object> deployment = chart.only("Deployment");
      Map<String, Object> container = container(deployment);

      assertThat(map(container, "resources.requests")).containsEntry("cpu", "500m").containsEntry("memory", "1Gi");
      assertThat(map(container, "resources.limits")).containsEntry("memory", "1536Mi");
      assertThat(map(deployment, "spec.template.spec.securityContext")).containsEntry("runAsNonRoot", true);
      assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true);
      assertThat(list(container, "volumeMounts")).extracting(mount -> RenderedChart.asMap(mount).get("mountPath"))
          .containsExactlyInAnyOrder("/var/lib/loupe", "/var/lib/loupe-archive", "/tmp");
    }

    @Test
    void annotatesThePodsForPrometheus() {
      assertThat(map(chart.only("Deployment"), "spec.template.metadata.annotations"))
          .containsEntry("prometheus.io/scrape", "true")
          .containsEntry("prometheus.io/port", "9090")
          .containsEntry("prometheus.io/path", "/actuator/prometheus");
    }

    @Test
    void theServiceExposesPort8080OfThePods() {
      Map<String, Object> service = chart.only("Service");
      Map<String, Object> podLabels = map(chart.only("Deployment"), "spec.template.metadata.labels");

      assertThat(list(service, "spec.ports")).containsExactly(Map.of("name", "http", "port", 8080, "targetPort", "http", "protocol", "TCP"));
      assertThat(podLabels).containsAllEntriesOf(map(service, "spec.selector"));
    }
  }

  @Nested
  class WithTheClusterExampleValues {

    private static RenderedChart chart;

    @BeforeAll
    static void render() {
      chart = RenderedChart.render(command -> command.withValuesFile(CLUSTER_EXAMPLE));
    }

    @Test
    void pointsLoupeAtTheServersOfTheCluster() {
      assertThat(map(chart.only("ConfigMap"), "data"))
          .containsEntry("CAMUNDA_CLIENT_GRPCADDRESS", "http://camunda-zeebe-gateway.camunda.svc:26500")
          .containsEntry("CAMUNDA_CLIENT_RESTADDRESS", "http://camunda-zeebe-gateway.camunda.svc:8080")
          .containsEntry("CAMUNDA_CLIENT_AUTH_METHOD", "basic")
          .containsEntry("CAMUNDA_CLIENT_AUTH_USERNAME", "loupe")
          .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://loupe-db-rw.loupe.svc:5432/loupe")
          .containsEntry("SPRING_KAFKA_BOOTSTRAPSERVERS", "loupe-kafka-bootstrap.kafka.svc:9092")
          .containsEntry("SPRING_ELASTICSEARCH_URIS", "http://loupe-es-http.loupe.svc:9200")
          .containsEntry("SPRING_ELASTICSEARCH_USERNAME", "elastic")
          .containsEntry("LOUPE_INFERENCE_URL", "triton.loupe.svc:8001");
    }

    @Test
    void readsEveryCredentialFromTheExistingSecretsAndCreatesNoSecretOfItsOwn() {
      Map<String, Object> container = container(chart.named("Deployment", "loupe"));

      assertThat(map(env(container, "SPRING_DATASOURCE_PASSWORD"), "valueFrom.secretKeyRef"))
          .isEqualTo(Map.of("name", "loupe-db-app", "key", "password"));
      assertThat(map(env(container, "SPRING_FLYWAY_PASSWORD"), "valueFrom.secretKeyRef"))
          .isEqualTo(Map.of("name", "loupe-db-owner", "key", "password"));
      assertThat(map(env(container(chart.named("Deployment", "loupe-relay")), "LOUPE_RELAY_PASSWORD"),
          "valueFrom.secretKeyRef")).isEqualTo(Map.of("name", "loupe-db-relay", "key", "password"));
      assertThat(map(env(container, "CAMUNDA_CLIENT_AUTH_PASSWORD"), "valueFrom.secretKeyRef"))
          .isEqualTo(Map.of("name", "loupe-camunda", "key", "password"));
      assertThat(map(env(container, "SPRING_ELASTICSEARCH_PASSWORD"), "valueFrom.secretKeyRef"))
          .isEqualTo(Map.of("name", "loupe-es-elastic-user", "key", "elastic"));
      assertThat(map(env(container, "LOUPE_ADMIN_PASSWORD"), "valueFrom.secretKeyRef"))
          .isEqualTo(Map.of("name", "loupe-admin", "key", "password"));
      assertThat(map(env(container, "LOUPE_CALLBACKS_SIGNINGSECRET"), "valueFrom.secretKeyRef"))
          .isEqualTo(Map.of("name", "loupe-callbacks", "key", "signing-secret"));
      assertThat(chart.all("Secret")).isEmpty();
    }

    @Test
    void signsPeopleInThroughTheOidcProvider() {
      assertThat(map(chart.only("ConfigMap"), "data"))
          .containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI",
              "https://keycloak.example.com/realms/loupe")
          .containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWKSETURI",
              "https://keycloak.example.com/realms/loupe/protocol/openid-connect/certs")
          .containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES", "loupe")
          .containsEntry("LOUPE_SECURITY_JWT_ROLESCLAIM", "realm_access.roles")
          .containsEntry("LOUPE_SECURITY_STAFFTASKS", "false");
    }

    @Test
    void kedaScalesTheServerPodsOnTheDemandWhileOnePodRunsTheRelay() {
      Map<String, Object> server = chart.named("Deployment", "loupe");
      Map<String, Object> relay = chart.named("Deployment", "loupe-relay");
      Map<String, Object> scaledObject = chart.only("ScaledObject");

      assertThat(map(server, "spec")).doesNotContainKey("replicas");
      assertThat(get(server, "spec.strategy.type")).isEqualTo("RollingUpdate");
      assertThat(env(container(server), "LOUPE_RELAY_ENABLED")).containsEntry("value", "false");
      assertThat(get(relay, "spec.replicas")).isEqualTo(1);
      assertThat(get(relay, "spec.strategy.type")).isEqualTo("Recreate");
      assertThat(env(container(relay), "LOUPE_RELAY_ENABLED")).containsEntry("value", "true");
      assertThat(list(container(server), "env")).extracting(entry -> RenderedChart.asMap(entry).get("name"))
          .doesNotContain("LOUPE_RELAY_PASSWORD");
      assertThat(map(scaledObject, "spec.scaleTargetRef")).containsEntry("kind", "Deployment").containsEntry("name", "loupe");
      assertThat(map(scaledObject, "spec")).containsEntry("minReplicaCount", 2).containsEntry("maxReplicaCount", 6);
      assertThat(chart.all("HorizontalPodAutoscaler")).as("KEDA makes its own").isEmpty();
    }

    @Test
    void everyPodMountsTheOneArchiveClaimAndTheOneModelRepositoryClaimTheTrainerWritesInto() {
      Map<String, Object> claim = chart.named("PersistentVolumeClaim", "loupe-model-repository");
      assertThat(map(claim, "metadata.annotations")).containsEntry("helm.sh/resource-policy", "keep");
      assertThat(list(claim, "spec.accessModes")).containsExactly("ReadWriteMany");
      assertThat(map(chart.only("ConfigMap"), "data"))
          .containsEntry("LOUPE_TRAINING_MODEL_REPOSITORY", "/var/lib/loupe-models");
      for (Map<String, Object> deployment : chart.all("Deployment")) {
        assertThat(list(deployment, "spec.template.spec.volumes")).map(RenderedChart::asMap)
            .contains(Map.of("name", "journal-archive",
                "persistentVolumeClaim", Map.of("claimName", "loupe-journal-archive")))
            .contains(Map.of("name", "model-repository",
                "persistentVolumeClaim", Map.of("claimName", "loupe-model-repository")));
        assertThat(list(container(deployment), "volumeMounts")).map(RenderedChart::asMap)
            .contains(Map.of("name", "journal-archive", "mountPath", "/var/lib/loupe-archive"))
            .contains(Map.of("name", "model-repository", "mountPath", "/var/lib/loupe-models"));
      }
      assertThat(chart.all("Deployment")).hasSize(2);
    }

    @Test
    void theServiceSelectsTheServerPodsOnly() {
      Map<String, Object> selector = map(chart.only("Service"), "spec.selector");

      assertThat(map(chart.named("Deployment", "loupe"), "spec.template.metadata.labels")).containsAllEntriesOf(selector);
      assertThat(map(chart.named("Deployment", "loupe-relay"), "spec.template.metadata.labels"))
          .doesNotContainEntry("app.kubernetes.io/component", selector.get("app.kubernetes.io/component"));
    }

    @Test
    void theIngressRoutesTheHostToTheService() {
      Map<String, Object> ingress = chart.only("Ingress");
      Map<String, Object> rule = RenderedChart.asMap(list(ingress, "spec.rules").getFirst());
      Map<String, Object> path = RenderedChart.asMap(list(rule, "http.paths").getFirst());

      assertThat(rule).containsEntry("host", "loupe.example.com");
      assertThat(map(path, "backend.service")).isEqualTo(Map.of("name", "loupe", "port", Map.of("name", "http")));
      assertThat(get(ingress, "spec.ingressClassName")).isEqualTo("nginx");
    }
  }

  @Test
  void credentialsGivenAsValuesGoIntoTheChartsSecret() {
    RenderedChart chart = RenderedChart.render(command -> command
        .set("camunda.auth.method", "oidc")
        .set("camunda.auth.clientId", "loupe")
        .set("camunda.auth.secret", "client-secret")
        .set("postgresql.password", "db-password")
        .set("postgresql.owner.password", "owner-password")
        .set("postgresql.replication.password", "relay-password"));
    Map<String, Object> container = container(chart.only("Deployment"));
    Map<String, Object> secretData = map(chart.only("Secret"), "data");

    assertThat(map(chart.only("ConfigMap"), "data")).containsEntry("CAMUNDA_CLIENT_AUTH_CLIENTID", "loupe");
    assertThat(map(env(container, "CAMUNDA_CLIENT_AUTH_CLIENTSECRET"), "valueFrom.secretKeyRef"))
        .isEqualTo(Map.of("name", "loupe", "key", "camunda-auth-secret"));
    assertThat(decoded(secretData, "camunda-auth-secret")).isEqualTo("client-secret");
    assertThat(decoded(secretData, "postgresql-password")).isEqualTo("db-password");
    assertThat(decoded(secretData, "postgresql-owner-password")).isEqualTo("owner-password");
    assertThat(decoded(secretData, "postgresql-replication-password")).isEqualTo("relay-password");
  }

  @Test
  void mountsExistingArchiveAndModelRepositoryClaimsAndCreatesNone() {
    RenderedChart chart = RenderedChart.render(command -> command
        .set("journalArchive.existingClaim", "shared-nfs-archive")
        .set("modelRepository.enabled", "true")
        .set("modelRepository.existingClaim", "triton-models"));

    assertThat(chart.all("PersistentVolumeClaim")).isEmpty();
    assertThat(list(chart.only("Deployment"), "spec.template.spec.volumes")).map(RenderedChart::asMap)
        .contains(Map.of("name", "journal-archive",
            "persistentVolumeClaim", Map.of("claimName", "shared-nfs-archive")))
        .contains(Map.of("name", "model-repository",
            "persistentVolumeClaim", Map.of("claimName", "triton-models")));
  }

  @Test
  void setsTheInferenceConcurrencyOnlyWhenGiven() {
    RenderedChart chart = RenderedChart.render(command -> command
        .set("inference.url", "triton.loupe.svc:8001")
        .set("inference.concurrency", 16));

    assertThat(map(chart.only("ConfigMap"), "data")).containsEntry("LOUPE_INFERENCE_CONCURRENCY", "16");
    assertThat(map(RenderedChart.renderDefaults().only("ConfigMap"), "data"))
        .doesNotContainKey("LOUPE_INFERENCE_CONCURRENCY");
  }

  @Test
  void aConfigurationChangeRollsThePods() {
    String checksumPath = "spec.template.metadata.annotations";
    Object defaults = map(RenderedChart.renderDefaults().only("Deployment"), checksumPath).get("checksum/config");
    Object changed = map(RenderedChart.render(command -> command.set("kafka.bootstrapServers", "other-kafka:9092"))
        .only("Deployment"), checksumPath).get("checksum/config");

    assertThat(changed).isNotNull().isNotEqualTo(defaults);
  }

  @Test
  void refusesToScaleWhileTheServerPodsRunTheRelay() {
    assertThatThrownBy(() -> RenderedChart.render(command -> command.set("autoscaling.mode", "hpa")))
        .hasMessageContaining("relay.dedicatedDeployment=true");
    assertThatThrownBy(() -> RenderedChart.render(command -> command.set("autoscaling.mode", "keda")))
        .hasMessageContaining("relay.dedicatedDeployment=true");
    assertThatThrownBy(() -> RenderedChart.render(command -> command.set("replicaCount", 2)))
        .hasMessageContaining("relay.dedicatedDeployment=true");
  }

  /** The values choose one way to scale: a CPU HorizontalPodAutoscaler or KEDA's ScaledObject, never both. */
  @Nested
  class Autoscaling {

    private static RenderedChart scaled(String mode) {
      return RenderedChart.render(command -> command
          .set("relay.dedicatedDeployment", true)
          .set("autoscaling.mode", mode));
    }

    @Test
    void hpaModeRendersACpuAutoscalerOfTheServerPodsAndNoScaledObject() {
      RenderedChart chart = scaled("hpa");
      Map<String, Object> autoscaler = chart.only("HorizontalPodAutoscaler");

      assertThat(chart.all("ScaledObject")).isEmpty();
      assertThat(map(autoscaler, "spec.scaleTargetRef")).containsEntry("name", "loupe");
      assertThat(map(RenderedChart.asMap(list(autoscaler, "spec.metrics").getFirst()), "resource"))
          .containsEntry("name", "cpu");
      assertThat(map(chart.named("Deployment", "loupe"), "spec")).doesNotContainKey("replicas");
    }

    @Test
    void kedaModeRendersAScaledObjectWithAPrometheusTriggerOnTheJobDemandAndNoCpuAutoscaler() {
      RenderedChart chart = scaled("keda");
      Map<String, Object> scaledObject = chart.only("ScaledObject");
      Map<String, Object> trigger = RenderedChart.asMap(list(scaledObject, "spec.triggers").getFirst());

      assertThat(chart.all("HorizontalPodAutoscaler")).isEmpty();
      assertThat(get(scaledObject, "apiVersion")).isEqualTo("keda.sh/v1alpha1");
      assertThat(map(scaledObject, "spec.scaleTargetRef")).containsEntry("kind", "Deployment").containsEntry("name", "loupe");
      assertThat(trigger).containsEntry("type", "prometheus");
      assertThat(map(trigger, "metadata"))
          .containsEntry("serverAddress", "http://prometheus-operated.monitoring.svc:9090")
          .containsEntry("threshold", "8")
          .containsEntry("query", "(sum(max by (type) (loupe_demand_queued{kind=\"job\",namespace=\"loupe\"}"
              + " + loupe_demand_in_process{kind=\"job\",namespace=\"loupe\"})) or vector(0)) + 8");
      assertThat(get(scaledObject, "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown"
          + ".stabilizationWindowSeconds")).isEqualTo(300);
      assertThat(map(chart.named("Deployment", "loupe"), "spec")).doesNotContainKey("replicas");
    }

    @Test
    void kedaTakesTheServerThresholdSpareAndSelectorFromTheValues() {
      RenderedChart chart = RenderedChart.render(command -> command
          .set("relay.dedicatedDeployment", true)
          .set("autoscaling.mode", "keda")
          .set("autoscaling.keda.serverAddress", "http://prometheus.example:9090")
          .set("autoscaling.keda.jobsPerPod", 16)
          .set("autoscaling.keda.spareJobs", 4)
          .set("autoscaling.keda.metricSelector", "app=\"loupe\""));
      Map<String, Object> trigger = RenderedChart.asMap(list(chart.only("ScaledObject"), "spec.triggers").getFirst());

      assertThat(map(trigger, "metadata"))
          .containsEntry("serverAddress", "http://prometheus.example:9090")
          .containsEntry("threshold", "16")
          .containsEntry("query", "(sum(max by (type) (loupe_demand_queued{kind=\"job\",app=\"loupe\"}"
              + " + loupe_demand_in_process{kind=\"job\",app=\"loupe\"})) or vector(0)) + 4");
    }

    @Test
    void kedaTakesAWholeQueryInsteadWhenGiven() {
      RenderedChart chart = RenderedChart.render(command -> command
          .set("relay.dedicatedDeployment", true)
          .set("autoscaling.mode", "keda")
          .set("autoscaling.keda.query", "sum(loupe_demand_queued)"));

      assertThat(map(RenderedChart.asMap(list(chart.only("ScaledObject"), "spec.triggers").getFirst()), "metadata"))
          .containsEntry("query", "sum(loupe_demand_queued)");
    }

    @Test
    void refusesAnUnknownModeAndTheEnabledSwitchItReplaces() {
      assertThatThrownBy(() -> scaled("vpa")).hasMessageContaining("autoscaling.mode must be none, hpa or keda");
      assertThatThrownBy(() -> RenderedChart.render(command -> command
          .set("relay.dedicatedDeployment", true)
          .set("autoscaling.enabled", true)))
          .hasMessageContaining("autoscaling.enabled is replaced by autoscaling.mode");
    }
  }

  @Test
  void givesAStoppingPodTimeToFinishTheJobsItHoldsBeforeItsRequests() {
    RenderedChart chart = RenderedChart.renderDefaults();

    assertThat(get(chart.only("Deployment"), "spec.template.spec.terminationGracePeriodSeconds")).isEqualTo(180);
    assertThat(map(chart.only("ConfigMap"), "data"))
        .containsEntry("LOUPE_WORKERS_DRAINTIMEOUT", "120s")
        .containsEntry("SERVER_SHUTDOWN", "graceful");
  }

  @Test
  void refusesAGracePeriodShorterThanTheLongestJobTimeoutAndTheRequestsDrain() {
    assertThatThrownBy(() -> RenderedChart.render(command -> command.set("terminationGracePeriodSeconds", 120)))
        .hasMessageContaining("terminationGracePeriodSeconds must be at least 160");
    assertThat(get(RenderedChart.render(command -> command
            .set("terminationGracePeriodSeconds", 100)
            .set("workers.longestJobTimeoutSeconds", 60))
        .only("Deployment"), "spec.template.spec.terminationGracePeriodSeconds")).isEqualTo(100);
  }

  private static String decoded(Map<String, Object> secretData, String key) {
    return new String(Base64.getDecoder().decode((String) secretData.get(key)), StandardCharsets.UTF_8);
  }
}
