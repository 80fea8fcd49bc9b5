package dev.loupe.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loupe.recipes.RecipeStarter;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.ClassGroup.ObjectClass;
import dev.loupe.task.Task;
import dev.loupe.task.TaskCommand.CreateTask;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskSubmissionsTest {

  private static final String KEY = "order-7";
  private static final String TASK_ID = TaskSubmissions.taskIdFor("acme", KEY);
  private static final ClassGroup BEVERAGES = new ClassGroup("beverages", List.of(new ObjectClass("cola", "Cola")));
  private static final List<URI> IMAGES = List.of(URI.create("http://img.example/1.jpg"));
  private static final URI CALLBACK = URI.create("http://client.example/callback");

  private final TaskRepository tasks = mock(TaskRepository.class);
  private final RecipeStarter recipes = mock(RecipeStarter.class);
  private final TaskSubmissions submissions = new TaskSubmissions(tasks, mock(CamundaClient.class), recipes);

  @Test
  void shouldAnswerWithTheRecordedTaskWhenZeebeDoesNotTakeItsStartMessage() {
    TaskState created = Task.evolve(TaskState.initial(TASK_ID),
        new TaskCreated(TASK_ID, "product-detection", BEVERAGES, IMAGES, CALLBACK, "acme"));
    when(tasks.creation(TASK_ID)).thenReturn(Optional.empty());
    when(tasks.execute(eq(TASK_ID), any(CreateTask.class), anyString(), anyString()))
        .thenReturn(new TaskRepository.Outcome(created, true));
    doThrow(new ClientStatusException(Status.DEADLINE_EXCEEDED, null)).when(recipes).startFromTheBeginning(created);

    TaskSubmissions.Submitted submitted = submissions.submit(KEY,
        new CreateTask(null, "product-detection", BEVERAGES, IMAGES, CALLBACK, "acme"));

    assertThat(submitted.created()).isTrue();
    assertThat(submitted.task().status()).isEqualTo(TaskStatus.CREATED);
    verify(recipes).startFromTheBeginning(created);
  }
}
