package dev.loupe.readmodels.quality;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.loupe.readmodels.VersionedIndex;
import java.io.IOException;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/** The {@code model-evaluations} alias and the versioned index behind it ({@link VersionedIndex}). */
@Component
class ModelEvaluationsIndex implements InitializingBean {

  static final String ALIAS = "model-evaluations";
  static final String INDEX = "model-evaluations-v1";

  private static final String MAPPING = """
      {
        "dynamic": "strict",
        "properties": {
          "evaluationId": {"type": "keyword"},
          "taskId": {"type": "keyword"},
          "kind": {"type": "keyword"},
          "model": {"type": "keyword"},
          "modelVersion": {"type": "keyword"},
          "evaluatedAt": {"type": "date"},
          "classId": {"type": "keyword"},
          "truePositives": {"type": "integer"},
          "falsePositives": {"type": "integer"},
          "falseNegatives": {"type": "integer"},
          "judged": {"type": "integer"},
          "correct": {"type": "integer"},
          "characterErrors": {"type": "integer"},
          "characters": {"type": "integer"},
          "boxChanged": {"type": "integer"}
        }
      }
      """;

  private final ElasticsearchClient elasticsearch;

  ModelEvaluationsIndex(ElasticsearchClient elasticsearch) {
    this.elasticsearch = elasticsearch;
  }

  @Override
  public void afterPropertiesSet() throws IOException {
    VersionedIndex.ensure(elasticsearch, INDEX, ALIAS, MAPPING);
  }
}
