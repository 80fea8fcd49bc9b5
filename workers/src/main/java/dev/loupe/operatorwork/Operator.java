package dev.loupe.operatorwork;

import dev.loupe.readmodels.tasks.InboxScope;
import dev.loupe.readmodels.tasks.WorkScope;
import dev.loupe.task.TaskState;
import java.util.List;

/**
 * The person working the inbox, as signed in: never a name typed into a request. An admin works on anything and
 * may finish anyone's session; anyone else works on their teams' scopes and finishes only their own sessions.
 */
record Operator(String name, boolean admin, List<WorkScope> scopes) {

  boolean mayWorkOn(TaskState task) {
    return admin || scopes.stream().anyMatch(scope -> scope.takes(task.type(),
        task.classGroup() == null ? null : task.classGroup().key()));
  }

  boolean mayFinish(TaskState task) {
    return admin || name.equals(task.operatorId());
  }

  /** The waiting work this operator's inbox holds. */
  InboxScope inbox() {
    return admin ? InboxScope.all() : InboxScope.of(scopes);
  }
}
