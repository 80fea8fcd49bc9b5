package dev.loupe.models;

import dev.loupe.task.ModelRef;
import dev.loupe.task.QualityPolicy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Class group → model, in two roles: the <em>detector</em> that finds a class group's objects, looked up when a task
 * resolves its model, so registering one switches new tasks of the class group to the automatic path at once, with no
 * restart (running tasks keep theirs); and the <em>classifier</em> that suggests the class of a box, looked up when a
 * detection or an operator's new box asks for a suggestion. A class group may have either, both or neither.
 */
@Repository
public class ModelRegistry {

  private final JdbcClient jdbc;

  ModelRegistry(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<ModelRef> modelFor(String classGroupKey) {
    return find(classGroupKey).map(ModelRegistration::model);
  }

  public Optional<ModelRegistration> find(String classGroupKey) {
    return jdbc.sql("SELECT * FROM model_registration WHERE class_group_key = :key")
        .param("key", classGroupKey)
        .query(ModelRegistry::registration)
        .optional();
  }

  public List<ModelRegistration> all() {
    return jdbc.sql("SELECT * FROM model_registration ORDER BY class_group_key").query(ModelRegistry::registration).list();
  }

  /** Registers the model for the class group, replacing the one registered before. */
  public ModelRegistration register(String classGroupKey, ModelRef model, QualityPolicy quality) {
    return jdbc.sql("""
            INSERT INTO model_registration (class_group_key, model_name, model_version, sampling_rate, min_confidence)
            VALUES (:key, :name, :version, :samplingRate, :minConfidence)
            ON CONFLICT (class_group_key) DO UPDATE
              SET model_name = excluded.model_name, model_version = excluded.model_version,
                  sampling_rate = excluded.sampling_rate, min_confidence = excluded.min_confidence,
                  registered_at = now()
            RETURNING *
            """)
        .param("key", classGroupKey)
        .param("name", model.name())
        .param("version", model.version())
        .param("samplingRate", quality.samplingRate())
        .param("minConfidence", quality.minConfidence())
        .query(ModelRegistry::registration)
        .single();
  }

  /** Whether there was a registration to remove. */
  public boolean unregister(String classGroupKey) {
    return jdbc.sql("DELETE FROM model_registration WHERE class_group_key = :key").param("key", classGroupKey).update() > 0;
  }

  /** The class group's box classifier, if it has one. */
  public Optional<ClassifierRegistration> classifierFor(String classGroupKey) {
    return jdbc.sql("SELECT * FROM classifier_registration WHERE class_group_key = :key")
        .param("key", classGroupKey)
        .query(ModelRegistry::classifier)
        .optional();
  }

  /** Registers the class group's box classifier, replacing the one registered before. */
  public ClassifierRegistration registerClassifier(String classGroupKey, ModelRef model, String features,
      List<String> classes) {
    return jdbc.sql("""
            INSERT INTO classifier_registration (class_group_key, model_name, model_version, features, classes)
            VALUES (:key, :name, :version, :features, :classes)
            ON CONFLICT (class_group_key) DO UPDATE
              SET model_name = excluded.model_name, model_version = excluded.model_version,
                  features = excluded.features, classes = excluded.classes, registered_at = now()
            RETURNING *
            """)
        .param("key", classGroupKey)
        .param("name", model.name())
        .param("version", model.version())
        .param("features", features)
        .param("classes", classes.toArray(String[]::new))
        .query(ModelRegistry::classifier)
        .single();
  }

  private static ClassifierRegistration classifier(ResultSet row, int rowNumber) throws SQLException {
    return new ClassifierRegistration(row.getString("class_group_key"),
        new ModelRef(row.getString("model_name"), row.getString("model_version")), row.getString("features"),
        List.of((String[]) row.getArray("classes").getArray()), row.getTimestamp("registered_at").toInstant());
  }

  private static ModelRegistration registration(ResultSet row, int rowNumber) throws SQLException {
    return new ModelRegistration(row.getString("class_group_key"),
        new ModelRef(row.getString("model_name"), row.getString("model_version")),
        new QualityPolicy(row.getDouble("sampling_rate"), row.getDouble("min_confidence")),
        row.getTimestamp("registered_at").toInstant());
  }
}
