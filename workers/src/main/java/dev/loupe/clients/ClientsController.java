package dev.loupe.clients;

import dev.loupe.task.AdminAudit;
import dev.loupe.task.QualityPolicy;
import dev.loupe.task.TaskRejected;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops' registry of clients: registering one gives it an API key and a callback signing secret, shown in that
 * answer only; either can be rotated. A client's quality check per class group overrides the model's.
 */
@RestController
@RequestMapping("/api/v1/clients")
class ClientsController {

  record RegisterClient(@NotBlank @Size(max = 63) String id, @NotBlank @Size(max = 200) String name) {}

  record ClientView(String id, String name, String createdAt, String previousSecretValidUntil) {

    static ClientView of(Client client) {
      return new ClientView(client.clientId(), client.name(), client.createdAt().toString(),
          client.previousSecretValidUntil() == null ? null : client.previousSecretValidUntil().toString());
    }
  }

  /** The one answer that shows a credential; null for the one not changed. */
  record CredentialsView(ClientView client, String apiKey, String signingSecret) {

    static CredentialsView of(ClientCredentials credentials) {
      return new CredentialsView(ClientView.of(credentials.client()), credentials.apiKey(),
          credentials.signingSecret());
    }
  }

  record QualityPolicyRequest(
      @NotNull @DecimalMin("0") @DecimalMax("1") Double samplingRate,
      @NotNull @DecimalMin("0") @DecimalMax("1") Double minConfidence) {}

  private final ClientRegistry clients;
  private final AdminAudit audit;
  private final Duration secretOverlap;

  ClientsController(ClientRegistry clients, AdminAudit audit,
      @Value("${loupe.clients.signing-secret-overlap:PT24H}") Duration secretOverlap) {
    this.clients = clients;
    this.audit = audit;
    this.secretOverlap = secretOverlap;
  }

  @PostMapping
  ResponseEntity<CredentialsView> register(@Valid @RequestBody RegisterClient request) {
    ClientCredentials credentials = clients.register(request.id(), request.name());
    audit.record("ClientRegistered", AdminAudit.Subject.CLIENT, request.id(), Map.of("name", request.name()));
    return ResponseEntity.created(URI.create("/api/v1/clients/" + request.id()))
        .body(CredentialsView.of(credentials));
  }

  @GetMapping
  List<ClientView> all() {
    return clients.all().stream().map(ClientView::of).toList();
  }

  @GetMapping("/{id}")
  ClientView get(@PathVariable String id) {
    return clients.find(id).map(ClientView::of).orElseThrow(() -> unknown(id));
  }

  /** A new API key; the old one stops working at once. */
  @PostMapping("/{id}/api-key")
  CredentialsView rotateApiKey(@PathVariable String id) {
    CredentialsView rotated = CredentialsView.of(clients.rotateApiKey(id));
    audit.record("ApiKeyRotated", AdminAudit.Subject.CLIENT, id, Map.of());
    return rotated;
  }

  /** A new signing secret; the old one goes on signing next to it for {@code loupe.clients.signing-secret-overlap}. */
  @PostMapping("/{id}/signing-secret")
  CredentialsView rotateSigningSecret(@PathVariable String id) {
    CredentialsView rotated = CredentialsView.of(clients.rotateSigningSecret(id, secretOverlap));
    audit.record("SigningSecretRotated", AdminAudit.Subject.CLIENT, id, Map.of("overlap", secretOverlap.toString()));
    return rotated;
  }

  /** Class group key → the client's quality check. */
  @GetMapping("/{id}/quality-policies")
  Map<String, QualityPolicy> qualityPolicies(@PathVariable String id) {
    if (clients.find(id).isEmpty()) {
      throw unknown(id);
    }
    return clients.qualityPolicies(id);
  }

  /** The client's own quality check of a class group's automatic results, over the one registered with the model. */
  @PutMapping("/{id}/quality-policies/{classGroupKey}")
  QualityPolicy setQualityPolicy(@PathVariable String id, @PathVariable String classGroupKey,
      @Valid @RequestBody QualityPolicyRequest request) {
    QualityPolicy policy = new QualityPolicy(request.samplingRate(), request.minConfidence());
    clients.setQualityPolicy(id, classGroupKey, policy);
    audit.record("QualityPolicySet", AdminAudit.Subject.CLIENT, id, Map.of("classGroupKey", classGroupKey,
        "samplingRate", policy.samplingRate(), "minConfidence", policy.minConfidence()));
    return policy;
  }

  @DeleteMapping("/{id}/quality-policies/{classGroupKey}")
  ResponseEntity<Void> removeQualityPolicy(@PathVariable String id, @PathVariable String classGroupKey) {
    if (!clients.removeQualityPolicy(id, classGroupKey)) {
      throw new TaskRejected(TaskRejected.Reason.NOT_FOUND,
          "client %s has no quality policy for class group %s".formatted(id, classGroupKey));
    }
    audit.record("QualityPolicyRemoved", AdminAudit.Subject.CLIENT, id, Map.of("classGroupKey", classGroupKey));
    return ResponseEntity.noContent().build();
  }

  private static TaskRejected unknown(String id) {
    return new TaskRejected(TaskRejected.Reason.NOT_FOUND, "no client " + id);
  }
}
