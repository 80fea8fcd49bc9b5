package dev.loupe.billing;

import dev.loupe.clients.ClientPrices;
import dev.loupe.readmodels.billing.BillingCounts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * A month's bill: the billing read model's counts per client, task type and path, priced with each client's unit
 * prices. A line's amount is its delivered results ({@code reported}) times its unit price, rounded to the
 * currency's cents; a line without a price has no unit price and an amount of 0.
 */
@Service
public class Bills {

  /** The month's bill of every client billed in it (or of one), with the grand totals. */
  public record Bill(String month, String currency, List<ClientBill> clients, Totals totals) {}

  /** One client's lines, by task type and path, and their totals. */
  public record ClientBill(String clientId, List<Line> lines, Totals totals) {}

  /** One client × task type × path. */
  public record Line(String type, String path, long runs, long reported, long rejected, long cancelled,
      long reprocessed, long images, BigDecimal unitPrice, BigDecimal amount) {}

  /** Sums of lines. */
  public record Totals(long runs, long reported, long rejected, long cancelled, long reprocessed, long images,
      BigDecimal amount) {

    static Totals of(List<Line> lines, BigDecimal zero) {
      return new Totals(lines.stream().mapToLong(Line::runs).sum(), lines.stream().mapToLong(Line::reported).sum(),
          lines.stream().mapToLong(Line::rejected).sum(), lines.stream().mapToLong(Line::cancelled).sum(),
          lines.stream().mapToLong(Line::reprocessed).sum(), lines.stream().mapToLong(Line::images).sum(),
          lines.stream().map(Line::amount).reduce(zero, BigDecimal::add));
    }
  }

  private final BillingCounts counts;
  private final ClientPrices prices;

  Bills(BillingCounts counts, ClientPrices prices) {
    this.counts = counts;
    this.prices = prices;
  }

  /** The month's bill; only the client's when {@code clientId} is not null. */
  public Bill of(YearMonth month, String clientId) {
    Map<String, List<BillingCounts.Line>> byClient = new LinkedHashMap<>();
    counts.month(month, clientId)
        .forEach(line -> byClient.computeIfAbsent(line.clientId(), client -> new ArrayList<>()).add(line));
    Map<String, List<ClientPrices.Price>> priceLists = prices.of(byClient.keySet());
    int cents = prices.currency().getDefaultFractionDigits();
    BigDecimal zero = BigDecimal.ZERO.setScale(cents);
    List<ClientBill> clients = new ArrayList<>();
    List<Line> all = new ArrayList<>();
    byClient.forEach((client, lines) -> {
      Map<String, BigDecimal> unitPrices = new LinkedHashMap<>();
      priceLists.getOrDefault(client, List.of())
          .forEach(price -> unitPrices.put(price.type() + " " + price.path(), price.unitPrice()));
      List<Line> priced = lines.stream().map(line -> {
        BigDecimal unitPrice = unitPrices.get(line.type() + " " + line.path());
        BigDecimal amount = unitPrice == null ? zero
            : unitPrice.multiply(BigDecimal.valueOf(line.reported())).setScale(cents, RoundingMode.HALF_UP);
        return new Line(line.type(), line.path(), line.runs(), line.reported(), line.rejected(), line.cancelled(),
            line.reprocessed(), line.images(), unitPrice, amount);
      }).toList();
      clients.add(new ClientBill(client, priced, Totals.of(priced, zero)));
      all.addAll(priced);
    });
    return new Bill(month.toString(), prices.currency().getCurrencyCode(), clients, Totals.of(all, zero));
  }

  /**
   * The bill as CSV (RFC 4180, a header row): one row per client × task type × path, with its counts, unit price
   * (empty when none) and amount.
   */
  public static String csv(Bill bill) {
    StringBuilder csv = new StringBuilder("month,client,type,path,runs,reported,rejected,cancelled,reprocessed,"
        + "images,unit_price,amount,currency\r\n");
    for (ClientBill client : bill.clients()) {
      for (Line line : client.lines()) {
        csv.append(String.join(",", bill.month(), field(client.clientId()), field(line.type()), line.path(),
                String.valueOf(line.runs()), String.valueOf(line.reported()), String.valueOf(line.rejected()),
                String.valueOf(line.cancelled()), String.valueOf(line.reprocessed()), String.valueOf(line.images()),
                line.unitPrice() == null ? "" : line.unitPrice().toPlainString(), line.amount().toPlainString(),
                bill.currency()))
            .append("\r\n");
      }
    }
    return csv.toString();
  }

  /** A field quoted when it holds a comma, a quote or a line break; a quote doubled. */
  private static String field(String value) {
    return value.matches("[^,\"\r\n]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
  }
}
