package dev.loupe.task;

import dev.loupe.task.TaskEvent.ClassScore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a model's objects with the operator's checked ones: per class, pairs on the same image are matched
 * greedily by IoU (highest first) when their IoU reaches the threshold. Matched: true positive; a model object
 * left over: false positive; an operator object left over: false negative.
 */
public final class GroundTruth {

  private GroundTruth() {}

  private record Pair(int predicted, int truth, double iou) {}

  public static List<ClassScore> compare(List<AnnotatedObject> predicted, List<AnnotatedObject> truth,
      double iouThreshold) {
    Set<String> classes = new TreeSet<>();
    predicted.forEach(object -> classes.add(object.classId()));
    truth.forEach(object -> classes.add(object.classId()));
    List<ClassScore> scores = new ArrayList<>();
    for (String classId : classes) {
      List<AnnotatedObject> p = predicted.stream().filter(object -> object.classId().equals(classId)).toList();
      List<AnnotatedObject> t = truth.stream().filter(object -> object.classId().equals(classId)).toList();
      int matched = matches(p, t, iouThreshold);
      scores.add(new ClassScore(classId, matched, p.size() - matched, t.size() - matched));
    }
    return scores;
  }

  private static int matches(List<AnnotatedObject> predicted, List<AnnotatedObject> truth, double iouThreshold) {
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < predicted.size(); i++) {
      for (int j = 0; j < truth.size(); j++) {
        if (predicted.get(i).imageIndex() != truth.get(j).imageIndex()) {
          continue;
        }
        double iou = iou(predicted.get(i).box(), truth.get(j).box());
        if (iou >= iouThreshold) {
          pairs.add(new Pair(i, j, iou));
        }
      }
    }
    pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
    Set<Integer> usedPredicted = new HashSet<>();
    Set<Integer> usedTruth = new HashSet<>();
    for (Pair pair : pairs) {
      if (!usedPredicted.contains(pair.predicted()) && !usedTruth.contains(pair.truth())) {
        usedPredicted.add(pair.predicted());
        usedTruth.add(pair.truth());
      }
    }
    return usedPredicted.size();
  }

  /** Intersection over union of two boxes. */
  public static double iou(Box a, Box b) {
    double width = Math.min(a.x() + a.w(), b.x() + b.w()) - Math.max(a.x(), b.x());
    double height = Math.min(a.y() + a.h(), b.y() + b.h()) - Math.max(a.y(), b.y());
    if (width <= 0 || height <= 0) {
      return 0;
    }
    double intersection = width * height;
    return intersection / (a.w() * a.h() + b.w() * b.h() - intersection);
  }
}
