package dev.loupe.outbound;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code loupe.outbound.*}: what Loupe may fetch or call when a client hands it a URL (task images, callbacks).
 *
 * @param allow internal addresses Loupe may reach all the same (CIDR blocks, optionally {@code :port}); empty: none
 * @param refusedPorts ports of this machine (loopback, the wildcard address, its interfaces' addresses) refused
 *     in every case, allow-list or not: the embedded servers' ports; Loupe's own web server port is added at start
 * @param connectTimeout how long a connection may take to open
 * @param readTimeout how long an answer may pause between two reads (a server that accepts and never answers)
 * @param maxRedirects how many redirects an image download follows, each to a host checked again
 * @param maxImageSize the most an image may weigh; a bigger one is refused while it streams in
 */
@ConfigurationProperties("loupe.outbound")
public record OutboundSettings(
    @DefaultValue List<String> allow,
    @DefaultValue Set<Integer> refusedPorts,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("20s") Duration readTimeout,
    @DefaultValue("5") int maxRedirects,
    @DefaultValue("20MB") DataSize maxImageSize) {}
