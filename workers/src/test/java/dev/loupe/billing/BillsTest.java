package dev.loupe.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillsTest {

  @Test
  void shouldWriteOneCsvRowPerClientTypeAndPathQuotingWhatHoldsACommaOrAQuote() {
    // given
    Bills.Line priced = new Bills.Line("product-detection", "automatic", 3, 2, 1, 0, 1, 7, new BigDecimal("0.1000"),
        new BigDecimal("0.20"));
    Bills.Line unpriced = new Bills.Line("shelf, \"north\"", "operator", 1, 0, 0, 1, 0, 2, null, new BigDecimal("0.00"));
    Bills.Totals none = new Bills.Totals(0, 0, 0, 0, 0, 0, BigDecimal.ZERO);
    Bills.Bill bill = new Bills.Bill("2026-11", "EUR", List.of(
        new Bills.ClientBill("acme", List.of(priced), none),
        new Bills.ClientBill("(none)", List.of(unpriced), none)), none);

    // when
    String csv = Bills.csv(bill);

    // then
    assertThat(csv).isEqualTo("""
        month,client,type,path,runs,reported,rejected,cancelled,reprocessed,images,unit_price,amount,currency\r
        2026-11,acme,product-detection,automatic,3,2,1,0,1,7,0.1000,0.20,EUR\r
        2026-11,(none),"shelf, ""north""\",operator,1,0,0,1,0,2,,0.00,EUR\r
        """);
  }
}
