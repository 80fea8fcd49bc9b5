package dev.loupe.app;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.loupe.submission.CreateAdmission;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

class ApiProblemsTest {

  @RestController
  static class FullInstance {
    @PostMapping("/api/v1/tasks")
    String create() {
      throw new CreateAdmission.AtCapacity(7);
    }
  }

  private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new FullInstance())
      .setControllerAdvice(new ApiProblems())
      .build();

  @Test
  void shouldAnswer429WithRetryAfterAndAProblemWhenCreationsAreAtCapacity() throws Exception {
    mvc.perform(post("/api/v1/tasks").contentType(MediaType.APPLICATION_JSON).content("{}"))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().string("Retry-After", "1"))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.title").value("At capacity"))
        .andExpect(jsonPath("$.status").value(429))
        .andExpect(jsonPath("$.detail").value(containsString("7 task creations at once")));
  }
}
