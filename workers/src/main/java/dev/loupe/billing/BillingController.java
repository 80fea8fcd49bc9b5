package dev.loupe.billing;

import dev.loupe.security.Callers;
import dev.loupe.task.TaskRejected;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A month's bill from the billing read model: per client, task type and path, the runs billed (delivered results,
 * rejections, cancellations, reprocesses), their images, unit prices and amounts, and totals. Admins see every client's
 * (or one's, {@code client=}); a client's API key sees only its own, and naming another client is refused.
 * {@code format=csv} answers the same as CSV, one row per client × type × path.
 */
@RestController
@RequestMapping("/api/v1/billing")
class BillingController {

  private static final Pattern MONTH = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");
  private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

  private final Bills bills;
  private final Callers callers;

  BillingController(Bills bills, Callers callers) {
    this.bills = bills;
    this.callers = callers;
  }

  /** The bill of a UTC month ({@code YYYY-MM}), as JSON or ({@code format=csv}) as CSV. */
  @GetMapping(produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
  ResponseEntity<?> bill(@RequestParam String month, @RequestParam(required = false) String client,
      @RequestParam(defaultValue = "json") String format) {
    if (!MONTH.matcher(month).matches()) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "month", "must be a month YYYY-MM, such as 2026-11");
    }
    if (!format.equals("json") && !format.equals("csv")) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "format", "must be json or csv");
    }
    Callers.Caller caller = callers.current();
    String billed = client;
    if (caller.client().isPresent()) {
      if (client != null && !client.equals(caller.clientId())) {
        throw new TaskRejected(TaskRejected.Reason.FORBIDDEN, "a client sees only its own bill");
      }
      billed = caller.clientId();
    }
    Bills.Bill bill = bills.of(YearMonth.parse(month), billed);
    return format.equals("csv")
        ? ResponseEntity.ok().contentType(CSV).header("Content-Disposition",
            "attachment; filename=\"loupe-bill-%s.csv\"".formatted(month)).body(Bills.csv(bill))
        : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(bill);
  }
}
