package dev.loupe.recipes;

import java.util.List;

/** A recipe (or a form it links) that cannot be deployed, and every reason why. */
public class RecipeProblem extends RuntimeException {

  private final List<String> problems;
  private final String file;

  public RecipeProblem(String file, List<String> problems) {
    super("%s cannot be deployed: %s".formatted(file, String.join("; ", problems)));
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  /** What was refused, as an API field: {@code form} for a Camunda form, else {@code bpmn}. */
  public String field() {
    return file.endsWith(".form") ? "form" : "bpmn";
  }

  public List<String> problems() {
    return problems;
  }
}
