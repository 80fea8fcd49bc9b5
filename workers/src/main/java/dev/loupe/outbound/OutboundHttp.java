package dev.loupe.outbound;

import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP clients for URLs clients give Loupe, all under the {@link OutboundPolicy}: every connection's
 * addresses come from it, with the connect and read timeouts of {@code loupe.outbound.*}. No proxy (the policy
 * must see the address connected to), no cookies, and no automatic retry (the recipe's retries are the only
 * count of tries).
 */
public final class OutboundHttp implements AutoCloseable {

  private final CloseableHttpClient followingRedirects;
  private final CloseableHttpClient notFollowingRedirects;

  public OutboundHttp(OutboundPolicy policy, OutboundSettings settings) {
    this.followingRedirects = client(policy, settings, true);
    this.notFollowingRedirects = client(policy, settings, false);
  }

  /** Follows up to {@code loupe.outbound.max-redirects} redirects; each hop's host is checked when it connects. */
  public CloseableHttpClient followingRedirects() {
    return followingRedirects;
  }

  /** Hands a redirect back as the answer. */
  public CloseableHttpClient notFollowingRedirects() {
    return notFollowingRedirects;
  }

  @Override
  public void close() {
    followingRedirects.close(CloseMode.GRACEFUL);
    notFollowingRedirects.close(CloseMode.GRACEFUL);
  }

  private static CloseableHttpClient client(OutboundPolicy policy, OutboundSettings settings, boolean redirects) {
    Timeout read = timeout(settings.readTimeout().toMillis());
    return HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(new PolicyDnsResolver(policy))
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(timeout(settings.connectTimeout().toMillis()))
                .setSocketTimeout(read)
                .build())
            .setMaxConnPerRoute(20)
            .setMaxConnTotal(100)
            .build())
        .setDefaultRequestConfig(RequestConfig.custom()
            .setRedirectsEnabled(redirects)
            .setMaxRedirects(settings.maxRedirects())
            .setResponseTimeout(read)
            .build())
        .disableAutomaticRetries()
        .disableCookieManagement()
        .build();
  }

  private static Timeout timeout(long millis) {
    return Timeout.of(millis, TimeUnit.MILLISECONDS);
  }
}
