package dev.loupe.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The addresses that reach inside Loupe's network rather than the internet: what a client's URL must not point at
 * unless {@code loupe.outbound.allow} names it. An IPv6 form that carries an IPv4 address (IPv4-mapped
 * {@code ::ffff:a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}) is judged as that IPv4 address.
 */
final class InternalAddresses {

  private static final List<AddressRange> INTERNAL = Stream.of(
      "0.0.0.0/8", // "this network", 0.0.0.0 reaches the local host
      "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", // private
      "100.64.0.0/10", // carrier-grade NAT
      "127.0.0.0/8", // loopback
      "169.254.0.0/16", // link-local, with the clouds' metadata service at 169.254.169.254
      "192.0.0.0/24", // IETF protocol assignments
      "198.18.0.0/15", // benchmarking
      "224.0.0.0/4", // multicast
      "240.0.0.0/4", // reserved, with the broadcast address 255.255.255.255
      "::/96", // unspecified ::, loopback ::1 and the deprecated IPv4-compatible ::a.b.c.d
      "64:ff9b:1::/48", // local-use NAT64
      "fc00::/7", // unique local
      "fe80::/10", // link-local
      "fec0::/10", // site-local (deprecated)
      "ff00::/8") // multicast
      .map(AddressRange::parse)
      .toList();
  private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};
  private static final AddressRange NAT64 = AddressRange.parse("64:ff9b::/96");

  private InternalAddresses() {}

  static boolean contains(InetAddress address) {
    InetAddress judged = asIpv4IfEmbedded(address);
    return INTERNAL.stream().anyMatch(range -> range.contains(judged, AddressRange.ANY_PORT));
  }

  /**
   * The IPv4 address an IPv4-mapped or NAT64 IPv6 address carries; any other address as it is. (The JDK's resolver
   * already turns a mapped address into an IPv4 one; an {@link Inet6Address} built from bytes keeps it.)
   */
  static InetAddress asIpv4IfEmbedded(InetAddress address) {
    byte[] bytes = address.getAddress();
    boolean mapped = address instanceof Inet6Address
        && Arrays.equals(bytes, 0, IPV4_MAPPED_PREFIX.length, IPV4_MAPPED_PREFIX, 0, IPV4_MAPPED_PREFIX.length);
    if (!mapped && !NAT64.contains(address, AddressRange.ANY_PORT)) {
      return address;
    }
    try {
      return Inet4Address.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException("four bytes are an IPv4 address", impossible);
    }
  }
}
