package dev.loupe.pricetags;

import dev.loupe.detection.DetectionFailed;
import dev.loupe.detection.ImageFetcher;
import dev.loupe.detection.ImageRejections;
import dev.loupe.detection.ImageUnusable;
import dev.loupe.detection.InferenceSlots;
import dev.loupe.pricetags.CtcDecoder.Reading;
import dev.loupe.recipes.JobTypes;
import dev.loupe.recipes.Recipes;
import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.JobCauses;
import dev.loupe.task.ModelRef;
import dev.loupe.task.TaskCommand.ReadTags;
import dev.loupe.task.TaskEvent.TagReading;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads the text of every tag that has no current reading — all of them after detection, only the ones an
 * operator added or moved after a check — with the recogniser ({@code loupe.price-tags.recognizer}); tags nobody
 * changed are not read twice, and a job delivered again finds nothing left to read. Whether the readings need an
 * operator is the next step's decision. An image that can never be used rejects the task (BPMN error
 * {@value JobTypes#IMAGE_UNUSABLE_ERROR}). Decoding and each reading take one of the instance's
 * {@link InferenceSlots}.
 */
@Component
public class ReadTagsWorker {

  private final TaskRepository tasks;
  private final ImageFetcher images;
  private final ObjectProvider<TextRecognizer> recognizer;
  private final ModelRef model;
  private final InferenceSlots slots;

  ReadTagsWorker(
      TaskRepository tasks,
      ImageFetcher images,
      ObjectProvider<TextRecognizer> recognizer,
      InferenceSlots slots,
      @Value("${loupe.price-tags.recognizer:text_recognition}") String recognizerModel,
      @Value("${loupe.price-tags.recognizer-version:1}") String recognizerVersion) {
    this.tasks = tasks;
    this.images = images;
    this.recognizer = recognizer;
    this.model = new ModelRef(recognizerModel, recognizerVersion);
    this.slots = slots;
  }

  @JobWorker(type = JobTypes.READ_TAGS, fetchVariables = {Recipes.TASK_ID, Recipes.RUN_ID}, timeout = 120_000)
  public void readTags(ActivatedJob job, @Variable(name = Recipes.TASK_ID) String taskId) {
    TaskState task = tasks.load(taskId);
    if (task.status() == TaskStatus.REJECTED) {
      throw ImageRejections.again(task);
    }
    TextRecognizer reader = recognizer.getIfAvailable();
    if (reader == null) {
      throw new DetectionFailed("no inference server is configured: set loupe.inference.url (LOUPE_INFERENCE_URL)");
    }
    Map<Integer, BufferedImage> fetched = new HashMap<>();
    List<TagReading> readings = new ArrayList<>();
    for (AnnotatedObject tag : task.unread()) {
      BufferedImage image;
      try {
        image = fetched.computeIfAbsent(tag.imageIndex(), index -> {
          ImageFetcher.Downloaded downloaded = images.download(task.images().get(index));
          return slots.call(() -> images.decode(downloaded));
        });
      } catch (ImageUnusable unusable) {
        throw ImageRejections.reject(tasks, job, taskId, tag.imageIndex(), unusable);
      }
      BufferedImage tagImage = image;
      Reading reading = slots.call(() -> reader.read(model, tagImage, tag.box()));
      readings.add(new TagReading(tag.objectId(), reading.text(), reading.confidence()));
    }
    tasks.execute(taskId, new ReadTags(model, readings), JobCauses.of(job), JobCauses.actor(job));
  }
}
