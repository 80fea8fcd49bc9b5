package dev.loupe.operatorwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.CompleteJobResponse;
import io.camunda.client.impl.CamundaClientFutureImpl;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorTaskCompleterTest {

  private static final String TASK_ID = "t-1";
  private static final long JOB_KEY = 42L;

  private final TaskRepository tasks = mock(TaskRepository.class);
  private final OperatorWorkItems workItems = mock(OperatorWorkItems.class);
  private final CamundaClient camunda = mock(CamundaClient.class, RETURNS_DEEP_STUBS);
  private final CamundaClientFutureImpl<CompleteJobResponse, Object> answer = new CamundaClientFutureImpl<>();
  private final OperatorTaskCompleter completer = new OperatorTaskCompleter(tasks, workItems, camunda);

  OperatorTaskCompleterTest() {
    TaskState finished = mock(TaskState.class);
    when(finished.status()).thenReturn(TaskStatus.OPERATOR_FINISHED);
    when(tasks.load(TASK_ID)).thenReturn(finished);
    when(workItems.jobKeyOf(TASK_ID)).thenReturn(Optional.of(JOB_KEY));
    when(camunda.newCompleteCommand(anyLong()).variables(anyMap()).send()).thenReturn(answer);
  }

  @Test
  void shouldForgetTheWorkItemWhenZeebeAnswersThatTheJobIsGoneAlready() {
    answer.completeExceptionally(new StatusRuntimeException(Status.NOT_FOUND));

    assertThat(completer.completeIfWaiting(TASK_ID).toCompletableFuture()).isCompleted();
    verify(workItems).forget(TASK_ID, JOB_KEY);
  }

  @Test
  void shouldKeepTheWorkItemAndRaiseTheRefusalToTheOperatorsRequestWhenZeebeRefusesTheCompletion() {
    answer.completeExceptionally(new StatusRuntimeException(Status.RESOURCE_EXHAUSTED));

    assertThatThrownBy(() -> completer.handOn(TASK_ID)).isInstanceOf(RuntimeException.class)
        .satisfies(refused -> assertThat(Status.fromThrowable(refused).getCode())
            .isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    verify(workItems, never()).forget(TASK_ID, JOB_KEY);
  }

  @Test
  void shouldRecogniseNotFoundAsTheClientWrapsIt() {
    assertThat(OperatorTaskCompleter.alreadyCompleted(new ClientStatusException(Status.NOT_FOUND, null))).isTrue();
    assertThat(OperatorTaskCompleter.alreadyCompleted(new ClientStatusException(Status.UNAVAILABLE, null)))
        .isFalse();
  }
}
