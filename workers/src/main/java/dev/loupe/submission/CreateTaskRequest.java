package dev.loupe.submission;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A client's request for a task: what to look for on which images, and where to send the result. */
record CreateTaskRequest(
    @NotBlank String type,
    @NotNull @Valid ClassGroupRequest classGroup,
    @NotEmpty @Size(max = 100) List<@NotNull @HttpUrl String> images,
    @NotNull @HttpUrl String callbackUrl) {

  record ClassGroupRequest(
      @NotBlank String key,
      @NotEmpty List<@NotNull @Valid ClassRequest> classes) {}

  record ClassRequest(@NotBlank String id, @NotBlank String name) {}
}
