package dev.loupe.clients;

import dev.loupe.task.QualityPolicy;
import dev.loupe.task.SecretTokens;
import dev.loupe.task.TaskRejected;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The clients Loupe knows: who a request's API key belongs to, which secrets sign a client's callbacks, and the
 * quality check a client asked for per class group. Keys and secrets are 256 random bits; only a key's SHA-256
 * is stored, so a lost key is replaced, not recovered.
 */
@Repository
public class ClientRegistry {

  private static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  /** What every client API key starts with, so a bearer token can be told from a staff token or a JWT. */
  public static final String API_KEY_PREFIX = "lpk_";
  private static final String SECRET_PREFIX = "lps_";

  private final JdbcClient jdbc;

  ClientRegistry(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Registers a client with a new API key and signing secret.
   *
   * @throws TaskRejected INVALID for a malformed id, CONFLICT when the id is taken
   */
  @Transactional
  public ClientCredentials register(String clientId, String name) {
    if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "id",
          "must be 1 to 63 lower-case letters, digits or '-', starting with a letter or digit");
    }
    String apiKey = SecretTokens.generate(API_KEY_PREFIX);
    String secret = SecretTokens.generate(SECRET_PREFIX);
    try {
      Client client = jdbc.sql("""
              INSERT INTO api_client (client_id, name, api_key_sha256, signing_secret)
              VALUES (:id, :name, :key, :secret)
              RETURNING *
              """)
          .params(Map.of("id", clientId, "name", name, "key", SecretTokens.sha256(apiKey), "secret", secret))
          .query(ClientRegistry::client)
          .single();
      return new ClientCredentials(client, apiKey, secret);
    } catch (DuplicateKeyException taken) {
      throw new TaskRejected(TaskRejected.Reason.CONFLICT, "client %s already exists".formatted(clientId));
    }
  }

  public Optional<Client> find(String clientId) {
    return jdbc.sql("SELECT * FROM api_client WHERE client_id = :id").param("id", clientId)
        .query(ClientRegistry::client).optional();
  }

  public List<Client> all() {
    return jdbc.sql("SELECT * FROM api_client ORDER BY client_id").query(ClientRegistry::client).list();
  }

  /** The client this API key belongs to; empty for a key Loupe never gave or has replaced. */
  public Optional<Client> authenticate(String apiKey) {
    return jdbc.sql("SELECT * FROM api_client WHERE api_key_sha256 = :key").param("key", SecretTokens.sha256(apiKey))
        .query(ClientRegistry::client).optional();
  }

  /**
   * Gives the client a new API key; the old one stops working at once.
   *
   * @throws TaskRejected NOT_FOUND for an unknown client
   */
  public ClientCredentials rotateApiKey(String clientId) {
    String apiKey = SecretTokens.generate(API_KEY_PREFIX);
    Client client = jdbc.sql("UPDATE api_client SET api_key_sha256 = :key WHERE client_id = :id RETURNING *")
        .params(Map.of("id", clientId, "key", SecretTokens.sha256(apiKey)))
        .query(ClientRegistry::client).optional()
        .orElseThrow(() -> unknown(clientId));
    return new ClientCredentials(client, apiKey, null);
  }

  /**
   * Gives the client a new signing secret. Callbacks carry a signature with each secret until {@code overlap}
   * has passed, so the client can move to the new one without rejecting a callback.
   *
   * @throws TaskRejected NOT_FOUND for an unknown client
   */
  public ClientCredentials rotateSigningSecret(String clientId, Duration overlap) {
    String secret = SecretTokens.generate(SECRET_PREFIX);
    Client client = jdbc.sql("""
            UPDATE api_client
               SET previous_signing_secret = signing_secret, signing_secret = :secret,
                   previous_secret_valid_until = :validUntil
             WHERE client_id = :id
            RETURNING *
            """)
        .params(Map.of("id", clientId, "secret", secret,
            "validUntil", Timestamp.from(Instant.now().plus(overlap))))
        .query(ClientRegistry::client).optional()
        .orElseThrow(() -> unknown(clientId));
    return new ClientCredentials(client, null, secret);
  }

  /** The secrets that sign the client's callbacks now: the current one first; empty for an unknown client. */
  public List<String> signingSecrets(String clientId) {
    return jdbc.sql("SELECT * FROM api_client WHERE client_id = :id").param("id", clientId)
        .query((row, rowNumber) -> {
          List<String> secrets = new ArrayList<>(List.of(row.getString("signing_secret")));
          Timestamp validUntil = row.getTimestamp("previous_secret_valid_until");
          if (validUntil != null && validUntil.toInstant().isAfter(Instant.now())) {
            secrets.add(row.getString("previous_signing_secret"));
          }
          return List.copyOf(secrets);
        })
        .optional()
        .orElse(List.of());
  }

  /** The quality check the client asked for on this class group's results, if it did. */
  public Optional<QualityPolicy> qualityPolicy(String clientId, String classGroupKey) {
    return jdbc.sql("SELECT * FROM client_quality_policy WHERE client_id = :id AND class_group_key = :key")
        .params(Map.of("id", clientId, "key", classGroupKey))
        .query((row, rowNumber) -> policy(row))
        .optional();
  }

  /** Class group key → the client's quality check. */
  public Map<String, QualityPolicy> qualityPolicies(String clientId) {
    Map<String, QualityPolicy> policies = new TreeMap<>();
    jdbc.sql("SELECT * FROM client_quality_policy WHERE client_id = :id").param("id", clientId)
        .query(row -> {
          policies.put(row.getString("class_group_key"), policy(row));
        });
    return policies;
  }

  /**
   * Sets the client's quality check for a class group, over the one registered with the class group's model.
   *
   * @throws TaskRejected NOT_FOUND for an unknown client
   */
  public void setQualityPolicy(String clientId, String classGroupKey, QualityPolicy policy) {
    if (find(clientId).isEmpty()) {
      throw unknown(clientId);
    }
    jdbc.sql("""
            INSERT INTO client_quality_policy (client_id, class_group_key, sampling_rate, min_confidence)
            VALUES (:id, :key, :samplingRate, :minConfidence)
            ON CONFLICT (client_id, class_group_key) DO UPDATE
              SET sampling_rate = excluded.sampling_rate, min_confidence = excluded.min_confidence
            """)
        .params(Map.of("id", clientId, "key", classGroupKey, "samplingRate", policy.samplingRate(),
            "minConfidence", policy.minConfidence()))
        .update();
  }

  /** Whether there was a policy to remove. */
  public boolean removeQualityPolicy(String clientId, String classGroupKey) {
    return jdbc.sql("DELETE FROM client_quality_policy WHERE client_id = :id AND class_group_key = :key")
        .params(Map.of("id", clientId, "key", classGroupKey))
        .update() > 0;
  }



  private static TaskRejected unknown(String clientId) {
    return new TaskRejected(TaskRejected.Reason.NOT_FOUND, "no client " + clientId);
  }

  private static QualityPolicy policy(ResultSet row) throws SQLException {
    return new QualityPolicy(row.getDouble("sampling_rate"), row.getDouble("min_confidence"));
  }

  private static Client client(ResultSet row, int rowNumber) throws SQLException {
    Timestamp validUntil = row.getTimestamp("previous_secret_valid_until");
    return new Client(row.getString("client_id"), row.getString("name"), row.getTimestamp("created_at").toInstant(),
        validUntil == null ? null : validUntil.toInstant());
  }
}
