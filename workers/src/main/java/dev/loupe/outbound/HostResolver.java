package dev.loupe.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into addresses. The system's resolver in production; a test gives a name the addresses it
 * needs (a name that resolves to loopback) without touching {@code /etc/hosts} or DNS.
 */
@FunctionalInterface
public interface HostResolver {

  HostResolver SYSTEM = InetAddress::getAllByName;

  InetAddress[] resolve(String host) throws UnknownHostException;
}
