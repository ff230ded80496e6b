package org.newsroom.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.netty.util.NetUtil;
import io.quarkus.arc.Unremovable;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The address of the client behind a request, as far as it can be believed. Each proxy appends the
 * address it received the request from to {@code X-Forwarded-For}, so only the entries written by
 * proxies we trust (the Ingress controller, listed in {@code newsroom.http.trusted-proxies}) are
 * facts; everything left of them is whatever the client chose to send. So the chain
 * [X-Forwarded-For entries..., TCP peer] is read from the right, skipping trusted proxies, and the
 * first address that is not one is the client. With no trusted proxies (the default) the header is
 * ignored and the TCP peer is the client.
 * <p>
 * An entry that is not an IP address (a name, {@code unknown}, garbage) ends the walk: the client
 * is then the trusted hop that passed it on, never a value the client wrote. When every address in
 * the chain is trusted, the leftmost is the client (a call from inside the trusted range).
 * Addresses come out in one canonical form: IPv4 dotted, IPv6 as RFC 5952 ({@code 2001:db8::1}),
 * IPv4-mapped IPv6 as IPv4.
 */
@Singleton
@Unremovable // looked up by Quota.caller, a static method
public class ClientAddress {

    public static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<Range> trusted;

    @Inject
    ClientAddress(@ConfigProperty(name = "newsroom.http.trusted-proxies") Optional<List<String>> trustedProxies) {
        this(trustedProxies.orElse(List.of()));
    }

    /** Trusting these proxies: addresses ({@code 10.1.2.3}, {@code ::1}) or CIDR ranges ({@code 10.42.0.0/16}). */
    public ClientAddress(List<String> trustedProxies) {
        List<Range> ranges = new ArrayList<>();
        for (String proxy : trustedProxies) {
            if (!proxy.isBlank()) {
                ranges.add(Range.parse(proxy.strip()));
            }
        }
        this.trusted = List.copyOf(ranges);
    }

    /** The client of this request; null when it has no TCP peer (never the case over TCP). */
    public String of(HttpServerRequest request) {
        SocketAddress peer = request.connection() == null ? null : request.connection().remoteAddress();
        if (peer == null || peer.hostAddress() == null) {
            return null;
        }
        return of(peer.hostAddress(), request.headers().getAll(FORWARDED_FOR));
    }

    /**
     * The client, given the TCP peer and the {@code X-Forwarded-For} header lines in the order
     * received (several lines count as one list, joined in order).
     */
    public String of(String peer, List<String> forwardedFor) {
        byte[] current = parse(peer);
        if (current == null) {
            return peer; // not an IP socket (a Unix socket path): nothing to compare
        }
        if (trusted.isEmpty() || !isTrusted(current)) {
            return format(current);
        }
        List<String> entries = new ArrayList<>();
        for (String line : forwardedFor) {
            for (String entry : line.split(",")) {
                entries.add(entry.strip());
            }
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).isEmpty()) {
                continue;
            }
            byte[] next = parse(withoutPort(entries.get(i)));
            if (next == null) {
                break; // not an address: nobody we trust wrote it, so the hop that passed it on is the client
            }
            current = next;
            if (!isTrusted(current)) {
                break;
            }
        }
        return format(current);
    }

    private boolean isTrusted(byte[] address) {
        for (Range range : trusted) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** {@code 1.2.3.4:80} and {@code [2001:db8::1]:80} as proxies may write them, without the port. */
    private static String withoutPort(String entry) {
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            return close < 0 ? entry : entry.substring(1, close);
        }
        int colon = entry.indexOf(':');
        if (colon > 0 && colon == entry.lastIndexOf(':')) {
            return entry.substring(0, colon); // one colon: IPv4 with a port (IPv6 has at least two)
        }
        return entry;
    }

    /** The address's 4 or 16 bytes (IPv4-mapped IPv6 as 4); null unless an IP literal (never a DNS lookup). */
    static byte[] parse(String literal) {
        if (literal == null || literal.isEmpty() || literal.indexOf('%') >= 0) {
            return null;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
        if (bytes != null && bytes.length == 16 && isIpv4Mapped(bytes)) {
            byte[] ipv4 = new byte[4];
            System.arraycopy(bytes, 12, ipv4, 0, 4);
            return ipv4;
        }
        return bytes;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static String format(byte[] address) {
        if (address.length == 4) { // dotted, without an InetAddress and its text form per request
            return new StringBuilder(15).append(address[0] & 0xff).append('.').append(address[1] & 0xff).append('.')
                    .append(address[2] & 0xff).append('.').append(address[3] & 0xff).toString();
        }
        try {
            return NetUtil.toAddressString(InetAddress.getByAddress(address));
        } catch (UnknownHostException impossible) { // only for a length other than 4 or 16
            throw new IllegalStateException(impossible);
        }
    }

    /** An address or a CIDR range of them. */
    private record Range(byte[] network, int prefixLength) {

        static Range parse(String text) {
            int slash = text.indexOf('/');
            byte[] network = ClientAddress.parse(slash < 0 ? text : text.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("newsroom.http.trusted-proxies: \"" + text
                        + "\" is neither an IP address nor a CIDR range (such as 10.42.0.0/16)");
            }
            int prefix = network.length * 8;
            if (slash >= 0) {
                String length = text.substring(slash + 1);
                if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > (text.indexOf(':') >= 0 ? 128 : 32)) {
                    throw new IllegalArgumentException("newsroom.http.trusted-proxies: \"" + text
                            + "\" has no prefix length between 0 and " + (text.indexOf(':') >= 0 ? 128 : 32));
                }
                prefix = Integer.parseInt(length);
                if (network.length == 4 && text.indexOf(':') >= 0) {
                    // an IPv4-mapped range (::ffff:10.0.0.0/104) counts in IPv4 bits
                    if (prefix < 96) {
                        throw new IllegalArgumentException("newsroom.http.trusted-proxies: \"" + text
                                + "\" reaches beyond the IPv4-mapped addresses; use a prefix of at least 96");
                    }
                    prefix -= 96;
                }
            }
            return new Range(network, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefixLength / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
