package dev.loupe.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.Box;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.Task;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEvent.CallbackDeliveryFailed;
import dev.loupe.task.TaskEvent.ImageRejected;
import dev.loupe.task.TaskEvent.TagReading;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskEvent.TaskResultGenerated;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import dev.loupe.task.UnusableReason;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackMessageTest {

  private static final URI CALLBACK = URI.create("http://127.0.0.1:9/callback");
  private static final URI SHELF = URI.create("http://127.0.0.1:9/shelf.png");
  private static final AnnotatedObject TAG = new AnnotatedObject("o-1", 0, new Box(1, 2, 3, 4), "price-tag");
  private static final TagReading PRICE = new TagReading("o-1", "12.99", 0.97);

  @Test
  void shouldCarryTheGeneratedObjectsAndReadingsOfADoneRun() {
    TaskState task = fold(created(), new TaskResultGenerated(List.of(TAG), List.of(PRICE)));

    CallbackMessage message = CallbackMessage.of(task);

    assertThat(message.status()).isEqualTo(TaskStatus.DONE);
    assertThat(message.result()).isEqualTo(new CallbackMessage.Result(List.of(TAG), List.of(PRICE)));
    assertThat(message.rejection()).isNull();
  }

  @Test
  void shouldSayRejectedWithTheImageAndWhyForARejectedTask() {
    ImageRejected rejection = new ImageRejected(0, SHELF, "answered HTTP 404");
    TaskState task = fold(created(), rejection);

    CallbackMessage message = CallbackMessage.of(task);

    assertThat(message.status()).isEqualTo(TaskStatus.REJECTED);
    assertThat(message.rejection()).isEqualTo(new CallbackMessage.Rejection(0, SHELF, "answered HTTP 404", null, null));
    assertThat(message.result()).isNull();
  }

  @Test
  void shouldSayRejectedWithTheOperatorsReasonAndNoteForAnImageAnOperatorFoundUnusable() {
    TaskState task = fold(created(), new TaskEvent.ImageDeclaredUnusable("ayse", "s-1", 0, SHELF,
        UnusableReason.DARK, "lights off"));

    CallbackMessage message = CallbackMessage.of(task);

    assertThat(message.status()).isEqualTo(TaskStatus.REJECTED);
    assertThat(message.rejection())
        .isEqualTo(new CallbackMessage.Rejection(0, SHELF, "is too dark to use", UnusableReason.DARK, "lights off"));
    assertThat(message.result()).isNull();
  }

  @Test
  void shouldStillSayRejectedWhenTheRejectionsDeliveryFailedBefore() {
    TaskState task = fold(created(), new ImageRejected(0, SHELF, "not an image"),
        new CallbackDeliveryFailed(CALLBACK, 5, "connection refused"));
    assertThat(task.status()).isEqualTo(TaskStatus.DELIVERY_FAILED);

    CallbackMessage message = CallbackMessage.of(task);

    assertThat(message.status()).isEqualTo(TaskStatus.REJECTED);
    assertThat(message.rejection().problem()).isEqualTo("not an image");
  }

  private static TaskCreated created() {
    return new TaskCreated("t-1", "price-tag-reading",
        new ClassGroup("shelf-tags", List.of(new ClassGroup.ObjectClass("price-tag", "Price tag"))), List.of(SHELF),
        CALLBACK, null);
  }

  private static TaskState fold(TaskEvent... events) {
    TaskState state = TaskState.initial("t-1");
    for (TaskEvent event : events) {
      state = Task.evolve(state, event, state.version() + 1);
    }
    return state;
  }
}
