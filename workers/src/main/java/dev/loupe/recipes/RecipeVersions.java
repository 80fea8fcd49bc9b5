package dev.loupe.recipes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every recipe version deployed to Zeebe, kept by Loupe with its BPMN (ADR 0027): the embedded engine forgets its
 * deployments when Loupe stops, so Zeebe cannot be asked for a version's diagram later. Each process id and version
 * names the deployments Zeebe gave that number; the newest of them deployed before a run started is what it ran.
 */
@Repository
public class RecipeVersions {

  /** A kept deployment of a recipe version, without its BPMN. */
  public record RecipeVersion(long deploymentId, String processId, int version, long processDefinitionKey,
      String resourceName, Instant deployedAt, String deployedBy) {}

  private static final String COLUMNS =
      "deployment_id, process_id, version, process_definition_key, resource_name, deployed_at, deployed_by";

  private final JdbcClient jdbc;

  RecipeVersions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Keeps a deployment Zeebe answered, unless the newest one kept for its process id and version has the same BPMN
   * (Zeebe answers a repeated deployment with the version it has): then that one stands. Deployments of one process
   * id are kept one at a time (a transaction's advisory lock), so two of the same BPMN keep one row.
   */
  @Transactional
  public RecipeVersion keep(RecipeBook.DeployedRecipe deployed, String resourceName, byte[] bpmn, String deployedBy,
      Instant at) {
    String xml = new String(bpmn, StandardCharsets.UTF_8);
    String sha256 = sha256(bpmn);
    jdbc.sql("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(:processId))) AS locked")
        .param("processId", deployed.processId())
        .query(Integer.class)
        .single();
    Optional<RecipeVersion> same = jdbc.sql("SELECT " + COLUMNS + " FROM recipe_deployment"
            + " WHERE process_id = :processId AND version = :version AND sha256 = :sha256"
            + " AND deployment_id = (SELECT max(deployment_id) FROM recipe_deployment"
            + " WHERE process_id = :processId AND version = :version)")
        .param("processId", deployed.processId())
        .param("version", deployed.version())
        .param("sha256", sha256)
        .query(RecipeVersions::version)
        .optional();
    return same.orElseGet(() -> jdbc.sql("INSERT INTO recipe_deployment (process_id, version, process_definition_key,"
            + " resource_name, bpmn_xml, sha256, deployed_at, deployed_by)"
            + " VALUES (:processId, :version, :key, :resourceName, :xml, :sha256, :deployedAt, :deployedBy)"
            + " RETURNING " + COLUMNS)
        .param("processId", deployed.processId())
        .param("version", deployed.version())
        .param("key", deployed.processDefinitionKey())
        .param("resourceName", resourceName)
        .param("xml", xml)
        .param("sha256", sha256)
        .param("deployedAt", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .param("deployedBy", deployedBy)
        .query(RecipeVersions::version)
        .single());
  }

  /** Every kept deployment, by process id, then newest version first. */
  public List<RecipeVersion> all() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM recipe_deployment"
            + " ORDER BY process_id, version DESC, deployment_id DESC")
        .query(RecipeVersions::version)
        .list();
  }

  /** The BPMN of a kept deployment. */
  public Optional<String> bpmn(long deploymentId) {
    return jdbc.sql("SELECT bpmn_xml FROM recipe_deployment WHERE deployment_id = :id")
        .param("id", deploymentId)
        .query(String.class)
        .optional();
  }

  /** The newest deployment of the process id and version. */
  public Optional<RecipeVersion> newest(String processId, int version) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM recipe_deployment WHERE process_id = :processId AND version = :version"
            + " ORDER BY deployment_id DESC LIMIT 1")
        .param("processId", processId)
        .param("version", version)
        .query(RecipeVersions::version)
        .optional();
  }

  /** The deployment a run of the process id and version started at {@code started} ran on. */
  public Optional<RecipeVersion> ranBefore(String processId, int version, Instant started) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM recipe_deployment"
            + " WHERE process_id = :processId AND version = :version AND deployed_at <= :started"
            + " ORDER BY deployed_at DESC, deployment_id DESC LIMIT 1")
        .param("processId", processId)
        .param("version", version)
        .param("started", OffsetDateTime.ofInstant(started, ZoneOffset.UTC))
        .query(RecipeVersions::version)
        .optional();
  }

  private static RecipeVersion version(ResultSet row, int number) throws SQLException {
    return new RecipeVersion(row.getLong("deployment_id"), row.getString("process_id"), row.getInt("version"),
        row.getLong("process_definition_key"), row.getString("resource_name"),
        row.getObject("deployed_at", OffsetDateTime.class).toInstant(), row.getString("deployed_by"));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
