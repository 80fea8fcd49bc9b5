package dev.loupe.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A block of addresses, optionally narrowed to one port: {@code 10.0.0.0/8}, {@code 127.0.0.1:8080},
 * {@code [::1]}, {@code fc00::/7}, {@code [fd00::/8]:443}. An entry of {@code loupe.outbound.allow}, and the shape of
 * the blocks Loupe refuses by default.
 *
 * @param port the only port the range covers, or {@link #ANY_PORT}
 */
record AddressRange(InetAddress network, int prefixLength, int port) {

  static final int ANY_PORT = -1;
  private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]+)](?::(\\d{1,5}))?");
  private static final Pattern IPV4 = Pattern.compile("([0-9./]+)(?::(\\d{1,5}))?");

  AddressRange {
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix /%d does not fit %s".formatted(prefixLength, network));
    }
  }

  /**
   * Reads an entry: an IPv4 or IPv6 address or CIDR block, written as an IP literal (no host name: a name would
   * be resolved once, at start-up, and could point elsewhere later), with an optional {@code :port}; an IPv6 range
   * with a port goes in brackets.
   */
  static AddressRange parse(String entry) {
    String text = entry.strip();
    Matcher bracketed = BRACKETED.matcher(text);
    Matcher ipv4 = IPV4.matcher(text);
    if (bracketed.matches()) {
      return of(bracketed.group(1), bracketed.group(2), entry);
    }
    if (ipv4.matches()) {
      return of(ipv4.group(1), ipv4.group(2), entry);
    }
    if (text.contains(":")) {
      return of(text, null, entry);
    }
    throw new IllegalArgumentException("'%s' is not an IP address or CIDR block".formatted(entry));
  }

  private static AddressRange of(String cidr, String port, String entry) {
    int slash = cidr.indexOf('/');
    String address = slash < 0 ? cidr : cidr.substring(0, slash);
    if (!IpLiterals.isLiteral(address)) {
      throw new IllegalArgumentException("'%s' is not an IP address or CIDR block".formatted(entry));
    }
    try {
      InetAddress network = InetAddress.getByName(address);
      int bits = network.getAddress().length * 8;
      return new AddressRange(network, slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1)),
          port == null ? ANY_PORT : Integer.parseInt(port));
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("'%s' is not an IP address or CIDR block".formatted(entry), e);
    }
  }

  /** Whether the address (an IPv4 one as IPv4, however it is written) and port fall in this range. */
  boolean contains(InetAddress address, int port) {
    if (this.port != ANY_PORT && this.port != port) {
      return false;
    }
    byte[] candidate = address.getAddress();
    byte[] mask = network.getAddress();
    if (candidate.length != mask.length) {
      return false;
    }
    int whole = prefixLength / 8;
    for (int i = 0; i < whole; i++) {
      if (candidate[i] != mask[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int bits = 0xff << (8 - rest) & 0xff;
    return (candidate[whole] & bits) == (mask[whole] & bits);
  }

  @Override
  public String toString() {
    String range = network.getHostAddress() + "/" + prefixLength;
    return port == ANY_PORT ? range : "[" + range + "]:" + port;
  }
}
