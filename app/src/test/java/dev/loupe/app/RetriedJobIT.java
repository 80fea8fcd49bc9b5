package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.task.ClassGroup;
import dev.loupe.task.TaskCommand.CreateTask;
import dev.loupe.task.TaskCommand.RequestAssistance;
import dev.loupe.task.TaskCommand.ResolveModel;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskRepository;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A job Zeebe delivers twice (a retry, or a completion after its timeout) runs its command again under the
 * same cause, the job's key: the journal holds its events once, even with other events appended in between.
 */
@LoupeIntegrationTest
class RetriedJobIT {

  @Autowired private TaskRepository tasks;

  @Test
  void shouldWriteTheEventsOfAJobDeliveredTwiceOnce() {
    // given
    String taskId = UUID.randomUUID().toString();
    tasks.execute(taskId, new CreateTask(taskId, "product-detection",
        new ClassGroup("retried", List.of(new ClassGroup.ObjectClass("cola", "Cola"))),
        List.of(URI.create("http://img/1.jpg")), URI.create("http://127.0.0.1:9/cb"), null), "create:" + taskId, "test");
    TaskRepository.Outcome first = tasks.execute(taskId, new ResolveModel(null), "job:1001", "worker:test");
    tasks.execute(taskId, new RequestAssistance(AssistanceReason.MODEL_NOT_FOUND), "job:1002", "worker:test");

    // when: the first job arrives again after later events were written
    TaskRepository.Outcome again = tasks.execute(taskId, new ResolveModel(null), "job:1001", "worker:test");

    // then
    assertThat(first.written()).isTrue();
    assertThat(again.written()).isFalse();
    assertThat(tasks.history(taskId)).extracting(event -> event.type())
        .containsExactly("TaskCreated", "DetectionRequested", "ModelNotFound", "AssistanceRequested");
  }
}
