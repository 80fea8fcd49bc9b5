package dev.loupe.operatorwork;

import dev.loupe.readmodels.tasks.WorkScope;
import dev.loupe.task.TaskRejected;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who works on what: a team is given task types and/or class groups ({@link WorkScope}), and its members see the
 * waiting tasks it is given. An operator may be in several teams; in none, they see nothing. Admins manage teams.
 */
@Repository
public class Teams {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  /** A team: its work, and its members' usernames. */
  public record Team(String name, List<String> taskTypes, List<String> classGroups, List<String> members) {}

  private final JdbcClient jdbc;

  Teams(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<Team> all() {
    return jdbc.sql(SELECT + " GROUP BY t.name ORDER BY t.name").query(Teams::team).list();
  }

  /**
   * @throws TaskRejected NOT_FOUND for an unknown team
   */
  public Team get(String name) {
    return jdbc.sql(SELECT + " WHERE t.name = :name GROUP BY t.name").param("name", name).query(Teams::team).optional()
        .orElseThrow(() -> new TaskRejected(TaskRejected.Reason.NOT_FOUND, "no team " + name));
  }

  /**
   * Creates the team, or replaces its work and members.
   *
   * @throws TaskRejected INVALID for a malformed name
   */
  @Transactional
  public Team put(String name, List<String> taskTypes, List<String> classGroups, List<String> members) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "name",
          "must be 1 to 63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    jdbc.sql("""
            INSERT INTO team (name, task_types, class_groups) VALUES (:name, :types, :groups)
            ON CONFLICT (name) DO UPDATE SET task_types = excluded.task_types, class_groups = excluded.class_groups
            """)
        .params(Map.of("name", name, "types", distinct(taskTypes), "groups", distinct(classGroups)))
        .update();
    jdbc.sql("DELETE FROM team_member WHERE team = :name").param("name", name).update();
    for (String member : distinct(members)) {
      jdbc.sql("INSERT INTO team_member (team, username) VALUES (:name, :member)")
          .params(Map.of("name", name, "member", member))
          .update();
    }
    return get(name);
  }

  /**
   * @throws TaskRejected NOT_FOUND for an unknown team
   */
  public void remove(String name) {
    if (jdbc.sql("DELETE FROM team WHERE name = :name").param("name", name).update() == 0) {
      throw new TaskRejected(TaskRejected.Reason.NOT_FOUND, "no team " + name);
    }
  }

  /** The work of every team the person is in. */
  public List<WorkScope> scopesOf(String username) {
    return jdbc.sql("""
            SELECT t.task_types, t.class_groups
              FROM team t JOIN team_member m ON m.team = t.name
             WHERE m.username = :username
            """)
        .param("username", username)
        .query((row, index) -> new WorkScope(strings(row.getArray("task_types")),
            strings(row.getArray("class_groups"))))
        .list();
  }

  /**
   * Per task type, how many people are in a team given that type, or given class groups only (any type of them): who
   * may be given its work. One query; a type nobody works on is absent.
   */
  public Map<String, Long> membersPerTaskType(Collection<String> taskTypes) {
    Map<String, Long> members = new TreeMap<>();
    jdbc.sql("""
            SELECT w.task_type, count(DISTINCT m.username) AS members
              FROM unnest(:taskTypes) AS w(task_type)
              JOIN team t ON w.task_type = ANY(t.task_types) OR (t.task_types = '{}' AND t.class_groups <> '{}')
              JOIN team_member m ON m.team = t.name
             GROUP BY w.task_type
            """)
        .param("taskTypes", taskTypes.toArray(String[]::new))
        .query((row, index) -> Map.entry(row.getString("task_type"), row.getLong("members")))
        .list()
        .forEach(entry -> members.put(entry.getKey(), entry.getValue()));
    return members;
  }

  private static final String SELECT = """
      SELECT t.name, t.task_types, t.class_groups,
             coalesce(array_agg(m.username ORDER BY m.username) FILTER (WHERE m.username IS NOT NULL), '{}') AS members
        FROM team t LEFT JOIN team_member m ON m.team = t.name
      """;

  private static Team team(ResultSet row, int index) throws SQLException {
    return new Team(row.getString("name"), strings(row.getArray("task_types")), strings(row.getArray("class_groups")),
        strings(row.getArray("members")));
  }

  private static List<String> strings(Array array) throws SQLException {
    return Arrays.asList((String[]) array.getArray());
  }

  private static String[] distinct(List<String> values) {
    if (values == null) {
      return new String[0];
    }
    if (values.stream().anyMatch(value -> value == null || value.isBlank())) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "teams", "names must not be blank");
    }
    return values.stream().distinct().sorted().toArray(String[]::new);
  }
}
