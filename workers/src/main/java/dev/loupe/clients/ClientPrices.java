package dev.loupe.clients;

import dev.loupe.task.TaskRejected;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * What each client pays for a delivered result, per task type and path (automatic, checked, operator), in one
 * currency ({@code loupe.billing.currency}, EUR by default). Rejected and cancelled runs are never priced.
 */
@Repository
public class ClientPrices {

  /** The paths a price may name: how a run's work was done. */
  public static final Set<String> PATHS = Set.of("automatic", "checked", "operator");

  /** One unit price: a delivered result of the task type, done on the path. */
  public record Price(String type, String path, BigDecimal unitPrice) {}

  private final JdbcClient jdbc;
  private final ClientRegistry clients;
  private final Currency currency;

  ClientPrices(JdbcClient jdbc, ClientRegistry clients,
      @Value("${loupe.billing.currency:EUR}") Currency currency) {
    this.jdbc = jdbc;
    this.clients = clients;
    this.currency = currency;
  }

  /** The currency of every price and bill. */
  public Currency currency() {
    return currency;
  }

  /**
   * The client's prices, by type and path.
   *
   * @throws TaskRejected NOT_FOUND for an unknown client
   */
  public List<Price> of(String clientId) {
    requireClient(clientId);
    return of(List.of(clientId)).getOrDefault(clientId, List.of());
  }

  /** The prices of these clients, by client id; a client without prices has no entry. */
  public Map<String, List<Price>> of(Collection<String> clientIds) {
    Map<String, List<Price>> prices = new LinkedHashMap<>();
    if (clientIds.isEmpty()) {
      return prices;
    }
    jdbc.sql("SELECT * FROM client_price WHERE client_id IN (:ids) ORDER BY client_id, task_type, path")
        .param("ids", clientIds)
        .query(row -> {
          prices.computeIfAbsent(row.getString("client_id"), client -> new ArrayList<>())
              .add(new Price(row.getString("task_type"), row.getString("path"), row.getBigDecimal("unit_price")));
        });
    return prices;
  }

  /**
   * Replaces the client's prices with these.
   *
   * @throws TaskRejected NOT_FOUND for an unknown client; INVALID for an unknown path, a price below 0 or with
   *     more than 4 decimals, or a type and path priced twice
   */
  @Transactional
  public List<Price> replace(String clientId, List<Price> prices) {
    requireClient(clientId);
    Set<String> priced = new HashSet<>();
    for (Price price : prices) {
      if (!PATHS.contains(price.path())) {
        throw new TaskRejected(TaskRejected.Reason.INVALID, "prices",
            "path %s is none of %s".formatted(price.path(), PATHS));
      }
      if (price.unitPrice().signum() < 0 || price.unitPrice().stripTrailingZeros().scale() > 4) {
        throw new TaskRejected(TaskRejected.Reason.INVALID, "prices",
            "unit price %s of %s %s must be 0 or more, with at most 4 decimals"
                .formatted(price.unitPrice(), price.type(), price.path()));
      }
      if (!priced.add(price.type() + "\u0000" + price.path())) {
        throw new TaskRejected(TaskRejected.Reason.INVALID, "prices",
            "%s %s is priced twice".formatted(price.type(), price.path()));
      }
    }
    jdbc.sql("DELETE FROM client_price WHERE client_id = :id").param("id", clientId).update();
    prices.forEach(price -> jdbc.sql("""
            INSERT INTO client_price (client_id, task_type, path, unit_price)
            VALUES (:id, :type, :path, :unitPrice)
            """)
        .params(Map.of("id", clientId, "type", price.type(), "path", price.path(), "unitPrice", price.unitPrice()))
        .update());
    return of(clientId);
  }

  private void requireClient(String clientId) {
    if (clients.find(clientId).isEmpty()) {
      throw new TaskRejected(TaskRejected.Reason.NOT_FOUND, "no client " + clientId);
    }
  }
}
