package dev.loupe.clients;

import dev.loupe.task.AdminAudit;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins' price list of a client, which its monthly bill ({@code GET /api/v1/billing}) prices delivered results with:
 * a unit price per task type and path, in the one currency of {@code loupe.billing.currency}.
 */
@RestController
@RequestMapping("/api/v1/clients/{id}/prices")
class ClientPricesController {

  record PriceRequest(
      @NotBlank @Size(max = 200) String type,
      @NotNull @Pattern(regexp = "automatic|checked|operator") String path,
      @NotNull @DecimalMin("0") @Digits(integer = 8, fraction = 4) BigDecimal unitPrice) {}

  record SetPrices(@NotNull @Size(max = 1000) List<@Valid @NotNull PriceRequest> prices) {}

  record PriceList(String clientId, String currency, List<ClientPrices.Price> prices) {}

  private final ClientPrices prices;
  private final AdminAudit audit;

  ClientPricesController(ClientPrices prices, AdminAudit audit) {
    this.prices = prices;
    this.audit = audit;
  }

  /** The client's unit prices per task type and path. */
  @GetMapping
  PriceList get(@PathVariable String id) {
    return new PriceList(id, prices.currency().getCurrencyCode(), prices.of(id));
  }

  /** Replaces the client's unit prices; a task type and path left out has no price from now on. */
  @PutMapping
  PriceList set(@PathVariable String id, @Valid @RequestBody SetPrices request) {
    List<ClientPrices.Price> set = prices.replace(id, request.prices().stream()
        .map(price -> new ClientPrices.Price(price.type(), price.path(), price.unitPrice()))
        .toList());
    audit.record("PricesSet", AdminAudit.Subject.CLIENT, id, Map.of("currency", prices.currency().getCurrencyCode(),
        "prices", set));
    return new PriceList(id, prices.currency().getCurrencyCode(), set);
  }
}
