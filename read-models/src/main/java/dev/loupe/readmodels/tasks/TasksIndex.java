package dev.loupe.readmodels.tasks;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.loupe.readmodels.VersionedIndex;
import java.io.IOException;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * The {@code tasks} alias and the versioned index behind it ({@code tasks-v1}); created at start-up when
 * missing. A field added to the mapping is added to an existing index at start-up (documents indexed before
 * simply lack it); a changed field needs a new index version, rebuilt from the journal, then the alias moves.
 */
@Component
class TasksIndex implements InitializingBean {

  static final String ALIAS = "tasks";
  static final String INDEX = "tasks-v1";

  private static final String MAPPING = """
      {
        "dynamic": "strict",
        "properties": {
          "id": {"type": "keyword"},
          "type": {"type": "keyword"},
          "status": {"type": "keyword"},
          "classGroup": {
            "properties": {
              "key": {"type": "keyword"},
              "classes": {"type": "object", "enabled": false}
            }
          },
          "images": {"type": "keyword", "index": false},
          "createdAt": {"type": "date"},
          "updatedAt": {"type": "date"},
          "version": {"type": "long"},
          "operatorId": {"type": "keyword"},
          "assistanceReason": {"type": "keyword"},
          "priority": {"type": "integer"},
          "objects": {"type": "object", "enabled": false},
          "result": {"type": "object", "enabled": false},
          "clientId": {"type": "keyword"},
          "rejection": {"type": "object", "enabled": false}
        }
      }
      """;

  private final ElasticsearchClient elasticsearch;

  TasksIndex(ElasticsearchClient elasticsearch) {
    this.elasticsearch = elasticsearch;
  }

  @Override
  public void afterPropertiesSet() throws IOException {
    VersionedIndex.ensure(elasticsearch, INDEX, ALIAS, MAPPING);
  }
}
