package org.newsroom.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Which address is the client: the first from the right of [X-Forwarded-For..., TCP peer] that is
 * not a trusted proxy. (The wiring into the rate limit is in quota.RateLimitTest.)
 */
class ClientAddressTest {

    private static final ClientAddress BEHIND_INGRESS = new ClientAddress(List.of("10.42.0.0/16", "fd00:42::/32"));

    @Test
    void withoutTrustedProxiesTheTcpPeerIsTheClientWhateverTheHeaderSays() {
        ClientAddress direct = new ClientAddress(List.of());
        assertEquals("10.42.0.7", direct.of("10.42.0.7", List.of("203.0.113.5")));
    }

    @Test
    void anUntrustedPeerIsTheClientAndItsHeaderIsIgnored() {
        assertEquals("198.51.100.7", BEHIND_INGRESS.of("198.51.100.7", List.of("203.0.113.5")));
    }

    @Test
    void theClientIsTheAddressTheTrustedProxySawNotTheOneTheClientWrote() {
        // the client sent "X-Forwarded-For: 203.0.113.5"; the Ingress appended the address it came from
        assertEquals("198.51.100.7", BEHIND_INGRESS.of("10.42.0.3", List.of("203.0.113.5, 198.51.100.7")));
        assertEquals("198.51.100.7", BEHIND_INGRESS.of("10.42.0.3", List.of("203.0.113.5", "198.51.100.7")),
                "several header lines are one list, in order");
    }

    @Test
    void trustedHopsAreSkippedFromTheRight() {
        assertEquals("198.51.100.7", BEHIND_INGRESS.of("10.42.0.3", List.of("203.0.113.5, 198.51.100.7, 10.42.9.9")));
    }

    @Test
    void whenEveryAddressIsTrustedTheLeftmostIsTheClient() {
        assertEquals("10.42.1.1", BEHIND_INGRESS.of("10.42.0.3", List.of("10.42.1.1, 10.42.2.2")));
        assertEquals("10.42.0.3", BEHIND_INGRESS.of("10.42.0.3", List.of()), "no header: the trusted peer itself");
    }

    @Test
    void anEntryThatIsNoAddressEndsTheWalkAtTheHopThatPassedItOn() {
        assertEquals("10.42.2.2", BEHIND_INGRESS.of("10.42.0.3", List.of("203.0.113.5, unknown, 10.42.2.2")));
        assertEquals("10.42.0.3", BEHIND_INGRESS.of("10.42.0.3", List.of("evil.example.com")), "never a DNS name");
        assertEquals("10.42.0.3", BEHIND_INGRESS.of("10.42.0.3", List.of("203.0.113.999")));
        assertEquals("10.42.0.3", BEHIND_INGRESS.of("10.42.0.3", List.of("fe80::1%eth0")));
        assertEquals("198.51.100.7", BEHIND_INGRESS.of("10.42.0.3", List.of("garbage, 198.51.100.7")),
                "garbage left of the client is never read");
        assertEquals("198.51.100.7", BEHIND_INGRESS.of("10.42.0.3", List.of(" , 198.51.100.7 ,")), "empty entries skipped");
    }

    @Test
    void portsAsProxiesMayWriteThemAreDropped() {
        assertEquals("198.51.100.7", BEHIND_INGRESS.of("10.42.0.3", List.of("198.51.100.7:51234")));
        assertEquals("2001:db8::7", BEHIND_INGRESS.of("10.42.0.3", List.of("[2001:db8::7]:51234")));
    }

    @Test
    void ipv6AddressesAreMatchedAndWrittenInOneForm() {
        assertEquals("2001:db8::7", BEHIND_INGRESS.of("fd00:42::3", List.of("2001:db8::5, 2001:DB8:0:0:0:0:0:7")));
        assertEquals("2001:db8::7", BEHIND_INGRESS.of("2001:0db8::7", List.of()));
        assertEquals("198.51.100.7", BEHIND_INGRESS.of("::ffff:10.42.0.3", List.of("::ffff:198.51.100.7")),
                "IPv4-mapped addresses are IPv4");
    }

    @Test
    void prefixLengthsAreHonouredToTheBit() {
        ClientAddress narrow = new ClientAddress(List.of("10.42.0.0/23"));
        assertEquals("198.51.100.7", narrow.of("10.42.1.255", List.of("198.51.100.7")));
        assertEquals("10.42.2.0", narrow.of("10.42.2.0", List.of("198.51.100.7")), "just outside the range");
        ClientAddress single = new ClientAddress(List.of("127.0.0.1", "::1"));
        assertEquals("198.51.100.7", single.of("0:0:0:0:0:0:0:1", List.of("198.51.100.7")));
        assertEquals("127.0.0.2", single.of("127.0.0.2", List.of("198.51.100.7")));
    }

    @Test
    void aMisconfiguredProxyListFailsAtStartNotLater() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("ingress-nginx")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("::ffff:10.0.0.0/64")));
    }
}
