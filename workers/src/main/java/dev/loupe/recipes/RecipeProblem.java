package dev.loupe.recipes;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A recipe (or a form it links) that cannot be deployed, and every reason why. */
public class RecipeProblem extends RuntimeException {

  /**
   * One reason, at the BPMN element it is about ({@code DetectObjectsTask}) so a diagram can mark it; no element when
   * it is about the whole file.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Problem(String elementId, String message) {

    /** A reason about the whole file. */
    public static Problem ofFile(String message) {
      return new Problem(null, message);
    }
  }

  private final List<Problem> problems;
  private final String file;

  public RecipeProblem(String file, List<Problem> problems) {
    super("%s cannot be deployed: %s".formatted(file,
        String.join("; ", problems.stream().map(Problem::message).toList())));
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  /** What was refused, as an API field: {@code form} for a Camunda form, else {@code bpmn}. */
  public String field() {
    return file.endsWith(".form") ? "form" : "bpmn";
  }

  public List<Problem> problems() {
    return problems;
  }
}
