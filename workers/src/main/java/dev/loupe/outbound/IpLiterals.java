package dev.loupe.outbound;

import java.util.regex.Pattern;

/**
 * How a host is written. Only a canonical dotted quad counts as an IPv4 literal: the other forms a URL parser may
 * read as a number ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}) mean different addresses to different
 * parsers, so Loupe refuses them instead of guessing which one the client meant.
 */
final class IpLiterals {

  private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final Pattern DOTTED_QUAD = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
  /** WHATWG URL's "ends in a number": a last label of digits, or of 0x and hex digits, makes the host an IPv4. */
  private static final Pattern ENDS_IN_A_NUMBER = Pattern.compile("(.*\\.)?(\\d+|0[xX][0-9a-fA-F]*)\\.?");

  private IpLiterals() {}

  /** A canonical dotted-quad IPv4 address or an IPv6 address (no zone), which resolve without DNS. */
  static boolean isLiteral(String host) {
    return DOTTED_QUAD.matcher(host).matches() || IPV6.matcher(host).matches();
  }

  /** A host a browser or another URL parser would read as an IPv4 address in one of its non-canonical forms. */
  static boolean isAmbiguousNumber(String host) {
    return !isLiteral(host) && ENDS_IN_A_NUMBER.matcher(host).matches();
  }
}
