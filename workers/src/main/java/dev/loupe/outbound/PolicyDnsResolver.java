package dev.loupe.outbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Where Apache HttpClient asks for the addresses it is about to connect to, for every connection it opens —
 * the first one and each redirect's: the policy answers, so what is checked is what is connected to.
 */
final class PolicyDnsResolver implements DnsResolver {

  /** Used by callers that do not say the port: only an allow-list entry without a port can match it. */
  private static final int NO_PORT = 0;

  private final OutboundPolicy policy;

  PolicyDnsResolver(OutboundPolicy policy) {
    this.policy = policy;
  }

  @Override
  public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
    return policy.resolve(host, port);
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    return policy.resolve(host, NO_PORT).stream().map(InetSocketAddress::getAddress).toArray(InetAddress[]::new);
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return resolve(host)[0].getCanonicalHostName();
  }
}
