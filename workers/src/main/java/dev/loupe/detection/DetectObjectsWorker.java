package dev.loupe.detection;

import dev.loupe.faults.FaultPoints;
import dev.loupe.recipes.JobTypes;
import dev.loupe.recipes.Recipes;
import dev.loupe.task.DetectedObject;
import dev.loupe.task.ImageSize;
import dev.loupe.task.JobCauses;
import dev.loupe.task.TaskCommand.MarkModelNotServed;
import dev.loupe.task.TaskCommand.RecordDetection;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs the task's model on each of its images through the inference port and records what it found
 * (ObjectsDetected), with each image's size as decoded (ImagesMeasured, the first time). Objects of classes outside
 * the class group are dropped. A model the server does not know is a business outcome: ModelNotFound, and the BPMN error {@value JobTypes#MODEL_NOT_FOUND_ERROR} sends the task
 * to an operator. So is an image that can never be used: ImageRejected, and the BPMN error
 * {@value JobTypes#IMAGE_UNUSABLE_ERROR} reports the rejection to the client. A model that cannot run, or an
 * image server that fails for now, fails the job: Zeebe retries it, then raises an incident. An image is downloaded
 * first, then decoded, detected and post-processed in one of the instance's {@link InferenceSlots}. The box
 * classifier's suggestions are a step of their own, before an operator checks the objects (SuggestClassesWorker,
 * ADR 0036).
 */
@Component
public class DetectObjectsWorker {

  private final TaskRepository tasks;
  private final ImageFetcher images;
  private final ObjectProvider<ObjectDetector> detector;
  private final InferenceSlots slots;

  DetectObjectsWorker(TaskRepository tasks, ImageFetcher images, ObjectProvider<ObjectDetector> detector,
      InferenceSlots slots) {
    this.tasks = tasks;
    this.images = images;
    this.detector = detector;
    this.slots = slots;
  }

  @JobWorker(type = JobTypes.DETECT_OBJECTS, fetchVariables = {Recipes.TASK_ID, Recipes.RUN_ID}, timeout = 120_000)
  public void detectObjects(ActivatedJob job, @Variable(name = Recipes.TASK_ID) String taskId) {
    TaskState task = tasks.load(taskId);
    if (task.status() == TaskStatus.REJECTED) {
      throw ImageRejections.again(task);
    }
    if (task.status() != TaskStatus.DETECTION_REQUESTED) {
      return;
    }
    ObjectDetector model = detector.getIfAvailable();
    if (model == null) {
      throw new DetectionFailed("no inference server is configured: set loupe.inference.url (LOUPE_INFERENCE_URL)");
    }
    List<DetectedObject> found = new ArrayList<>();
    List<ImageSize> sizes = new ArrayList<>();
    for (int imageIndex = 0; imageIndex < task.images().size(); imageIndex++) {
      List<Detection> detections;
      try {
        ImageFetcher.Downloaded image = images.download(task.images().get(imageIndex));
        FaultPoints.reach(FaultPoints.MODEL_SERVER_OUTAGE);
        int index = imageIndex;
        Decoded decoded = slots.call(() -> {
          BufferedImage pixels = images.decode(image);
          List<Detection> kept = model.detect(task.model(), pixels, task.classGroup()).stream()
              .filter(detection -> task.classGroup().hasClass(detection.classId()))
              .toList();
          return new Decoded(new ImageSize(index, pixels.getWidth(), pixels.getHeight()), kept);
        });
        sizes.add(decoded.size());
        detections = decoded.detections();
      } catch (ModelNotServed notServed) {
        tasks.execute(taskId, new MarkModelNotServed(), JobCauses.of(job), JobCauses.actor(job));
        throw CamundaError.bpmnError(JobTypes.MODEL_NOT_FOUND_ERROR, notServed.getMessage());
      } catch (ImageUnusable unusable) {
        throw ImageRejections.reject(tasks, job, taskId, imageIndex, unusable);
      }
      for (Detection detection : detections) {
        found.add(new DetectedObject("det-" + imageIndex + "-" + found.size(), imageIndex, detection.box(),
            detection.classId(), detection.confidence()));
      }
    }
    tasks.execute(taskId, new RecordDetection(found, sizes), JobCauses.of(job), JobCauses.actor(job));
  }

  /** What the model found on an image (of the class group's classes), and the image's size as it was decoded. */
  private record Decoded(ImageSize size, List<Detection> detections) {}
}
