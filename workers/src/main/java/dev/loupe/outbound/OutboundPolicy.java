package dev.loupe.outbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one rule for every connection Loupe opens to a URL a client gave it: a host is resolved here, and every
 * address it resolves to is checked before anything connects to it, so a name cannot resolve to a public address
 * when checked and to an internal one when used. Refused: an internal address ({@link InternalAddresses}) that
 * {@code loupe.outbound.allow} does not name; a refused port on this machine (the embedded servers', Loupe's own)
 * whatever the allow-list says; a host written as a number other than a dotted quad ({@link IpLiterals}).
 * {@code localhost} and the names under {@code .localhost} are loopback (RFC 6761) without asking DNS.
 */
public final class OutboundPolicy {

  private static final InetAddress[] LOOPBACK = {
      InetAddress.getLoopbackAddress(), address(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})};

  private final List<AddressRange> allowed;
  private final Set<Integer> refusedPorts = ConcurrentHashMap.newKeySet();
  private final HostResolver resolver;

  public OutboundPolicy(OutboundSettings settings, HostResolver resolver) {
    this.allowed = settings.allow().stream().map(AddressRange::parse).toList();
    this.refusedPorts.addAll(settings.refusedPorts());
    this.resolver = resolver;
  }

  /** Refuses a port of this machine from now on: Loupe's own web server's, once it knows which it listens on. */
  public void refusePort(int port) {
    refusedPorts.add(port);
  }

  /**
   * The addresses to connect to for {@code host} (as a URL writes it: brackets and a trailing dot are fine) on
   * {@code port}.
   *
   * @throws OutboundRefused when the policy refuses any of them
   * @throws UnknownHostException when the name does not resolve
   */
  public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
    String name = plain(host);
    List<InetSocketAddress> endpoints = new ArrayList<>();
    for (InetAddress address : addresses(name)) {
      check(host, address, port);
      endpoints.add(new InetSocketAddress(address, port));
    }
    return endpoints;
  }

  private InetAddress[] addresses(String name) throws UnknownHostException {
    if (IpLiterals.isLiteral(name)) {
      return new InetAddress[] {InetAddress.getByName(name)};
    }
    if (IpLiterals.isAmbiguousNumber(name)) {
      throw new OutboundRefused("host %s is a number but not a dotted-quad IPv4 address".formatted(name));
    }
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return LOOPBACK.clone();
    }
    return resolver.resolve(name);
  }

  private void check(String host, InetAddress resolved, int port) throws OutboundRefused {
    InetAddress address = InternalAddresses.asIpv4IfEmbedded(resolved);
    if (refusedPorts.contains(port) && onThisMachine(address)) {
      throw new OutboundRefused("%s:%d (host %s) is a server of Loupe's own (loupe.outbound.refused-ports)"
          .formatted(address.getHostAddress(), port, host));
    }
    if (InternalAddresses.contains(address) && allowed.stream().noneMatch(range -> range.contains(address, port))) {
      throw new OutboundRefused("%s:%d (host %s) is internal and loupe.outbound.allow does not name it"
          .formatted(address.getHostAddress(), port, host));
    }
  }

  /** Loopback, the wildcard address (which connects to this machine), or an address of one of its interfaces. */
  private static boolean onThisMachine(InetAddress address) {
    try {
      return address.isLoopbackAddress() || address.isAnyLocalAddress()
          || NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException unknown) {
      return true;
    }
  }

  private static String plain(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  private static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException("16 bytes are an IPv6 address", impossible);
    }
  }
}
