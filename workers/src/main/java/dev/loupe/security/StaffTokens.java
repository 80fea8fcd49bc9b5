package dev.loupe.security;

import dev.loupe.task.SecretTokens;
import dev.loupe.task.TaskRejected;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * People's tokens for scripts and harnesses ({@code Authorization: Bearer lpu_...}): checking one costs a SHA-256
 * and a primary-key lookup, where HTTP Basic costs a deliberately slow password hash on every request. A token
 * acts as its user with the user's roles of the moment, and only while the user is enabled.
 */
@Repository
public class StaffTokens {

  /** What every staff token starts with, so a bearer token can be told from a client's API key or a JWT. */
  public static final String PREFIX = "lpu_";

  /** A token as listed: never the token itself, which is shown once, when it is made. */
  public record TokenView(String id, String name, Instant createdAt) {}

  /** A new token: {@code token} is the only time the secret is shown. */
  public record NewToken(String id, String name, String token) {}

  private final JdbcClient jdbc;

  StaffTokens(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * @throws TaskRejected INVALID for a blank or over-long name
   */
  public NewToken create(String username, String name) {
    if (name == null || name.isBlank() || name.length() > 100) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "name", "must be 1 to 100 characters");
    }
    UUID id = UUID.randomUUID();
    String token = SecretTokens.generate(PREFIX);
    jdbc.sql("""
            INSERT INTO staff_token (token_id, username, name, token_sha256)
            VALUES (:id, :username, :name, :sha)
            """)
        .params(Map.of("id", id, "username", username, "name", name, "sha", SecretTokens.sha256(token)))
        .update();
    return new NewToken(id.toString(), name, token);
  }

  public List<TokenView> of(String username) {
    return jdbc.sql("SELECT * FROM staff_token WHERE username = :username ORDER BY created_at")
        .param("username", username)
        .query((row, index) -> new TokenView(row.getString("token_id"), row.getString("name"),
            row.getTimestamp("created_at").toInstant()))
        .list();
  }

  /**
   * @throws TaskRejected NOT_FOUND when the user has no such token
   */
  public void revoke(String username, String tokenId) {
    int removed = jdbc.sql("DELETE FROM staff_token WHERE username = :username AND token_id = :id")
        .params(Map.of("username", username, "id", parse(tokenId)))
        .update();
    if (removed == 0) {
      throw new TaskRejected(TaskRejected.Reason.NOT_FOUND, "no token " + tokenId);
    }
  }

  /** The enabled user a token belongs to, with that user's authorities. */
  Optional<StaffMember> authenticate(String token) {
    List<Map<String, Object>> rows = jdbc.sql("""
            SELECT u.username, a.authority
              FROM staff_token t
              JOIN staff_user u ON u.username = t.username AND u.enabled
              LEFT JOIN staff_authority a ON a.username = u.username
             WHERE t.token_sha256 = :sha
            """)
        .param("sha", SecretTokens.sha256(token))
        .query().listOfRows();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    List<String> authorities = rows.stream()
        .map(row -> (String) row.get("authority"))
        .filter(authority -> authority != null)
        .toList();
    return Optional.of(new StaffMember((String) rows.getFirst().get("username"), authorities));
  }

  /** A user and the authorities Spring Security knows them by. */
  record StaffMember(String username, List<String> authorities) {}

  private static UUID parse(String tokenId) {
    try {
      return UUID.fromString(tokenId);
    } catch (IllegalArgumentException notAnId) {
      throw new TaskRejected(TaskRejected.Reason.NOT_FOUND, "no token " + tokenId);
    }
  }
}
