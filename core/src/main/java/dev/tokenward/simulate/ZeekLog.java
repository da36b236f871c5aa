package dev.tokenward.simulate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenward.output.Json;
import dev.tokenward.simulate.MacCatalog.Destination;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The office sensor's Zeek logs, JSON ({@code LogAscii::use_json=T}): {@code conn}, {@code ssl},
 * {@code dns}, {@code dhcp} and {@code http}. The sensor watches the firewall's LAN port, inside the
 * NAT, so it sees the Macs' own addresses, their DHCP exchanges and their queries to the firewall's
 * resolver; it sees nothing of a Mac at home. A record is written when Zeek logs it: a TCP
 * connection when it closes, or five minutes after a Mac that fell asleep stopped talking (the
 * inactivity timeout), a UDP exchange a minute after its last packet. The {@code ja3} and
 * {@code ja4} fields come from packages the sensor only runs on some days.
 */
final class ZeekLog {
    static final String RESOLVER = "10.40.16.1";
    private static final Duration TCP_INACTIVITY = Duration.ofMinutes(5);
    private static final Duration UDP_INACTIVITY = Duration.ofMinutes(1);

    /** A TLS client family's fingerprints and what it negotiates. */
    private record Client(String ja3, String ja4, String curve, String cipher, boolean tls13) {
    }

    private static Client client(String family) {
        return switch (family) {
            case "chrome" -> new Client("773906b0efdefa24a7f2b8eb6985bf37", "t13d1516h2_8daaf6152771_d8a2da3f94cd", "X25519MLKEM768",
                    "TLS_AES_128_GCM_SHA256", true);
            case "falcon" -> new Client("3b5074b1b5d032e5620f69f9f700ff0e", "t13d1712h1_5b57614c22b0_3d5424432f57", "x25519",
                    "TLS_AES_256_GCM_SHA384", true);
            case "curl" -> new Client("0a5f0ba9d0fca1b4c3e5b1bea54a5e6c", "t13d3112h2_e8f1e7e78f70_ca4f51f2a5bf", "x25519",
                    "TLS_AES_256_GCM_SHA384", true);
            case "python" -> new Client("6ad8ae7d19cd22f1b9b7d0d3c8be77c0", "t13d4311h1_c866b44c5a26_b5ccb6a5d0b0", "x25519",
                    "TLS_AES_256_GCM_SHA384", true);
            case "go" -> new Client("f6c4d8e39a4cba4b36b61b22ad8b3ac3", "t13d1311h2_f57a46bbacb6_e7c285222651", "x25519",
                    "TLS_AES_128_GCM_SHA256", true);
            case "tls12" -> new Client("b32309a26951912be7dba376398abc3b", "t12d1909h1_d83cc789557e_7af1ed941c26", "secp256r1",
                    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", false);
            default -> new Client("573a9f3f80ca5ed4bd3ffc7bde66e1a4", "t13d2014h2_a09f3c656075_14788d8d241b", "X25519MLKEM768",
                    "TLS_AES_128_GCM_SHA256", true);
        };
    }

    private final Spool spool;
    private final Instant end;

    ZeekLog(Spool spool, Instant end) {
        this.spool = spool;
        this.end = end;
    }

    /** A Mac's TCP connection through the office: conn, and ssl (443) or http (80). */
    void connection(MacConnection c, boolean fingerprints, Rand r) {
        String uid = uid(r);
        boolean http = c.to.port() == 80;
        Instant logged = c.vanished ? c.end.plus(TCP_INACTIVITY) : c.end.plusMillis(r.between(1, 900));
        double seconds = Math.max(0.001, Duration.between(c.start, c.end).toNanos() / 1e9);
        long sent = c.vanished ? c.sent * 9 / 10 : c.sent;
        long received = c.vanished ? c.received * 9 / 10 : c.received;
        ObjectNode conn = head(c.start, uid, c.local, c.localPort, c.remote, c.to.port());
        conn.put("proto", "tcp");
        conn.put("service", http ? "http" : "ssl");
        conn.put("duration", decimal(seconds));
        conn.put("orig_bytes", sent);
        conn.put("resp_bytes", received);
        conn.put("conn_state", c.vanished ? "S1" : "SF");
        conn.put("local_orig", true);
        conn.put("local_resp", false);
        conn.put("missed_bytes", r.chance(0.003) ? r.between(1, 40) * 1448L : 0L);
        conn.put("history", c.vanished ? "ShADad" : r.chance(0.1) ? "ShADadFfR" : "ShADadFf");
        long origPackets = 3 + sent / 1380 + (long) (seconds / 45);
        long respPackets = 2 + received / 1380 + (long) (seconds / 45);
        conn.put("orig_pkts", origPackets);
        conn.put("orig_ip_bytes", sent + origPackets * 52);
        conn.put("resp_pkts", respPackets);
        conn.put("resp_ip_bytes", received + respPackets * 52);
        write(logged, Spool.Stream.ZEEK_CONN, conn);
        if (http) {
            ObjectNode line = head(c.start.plusMillis(r.between(20, 90)), uid, c.local, c.localPort, c.remote, 80);
            line.put("trans_depth", 1);
            line.put("method", "GET");
            line.put("host", c.to.domain());
            line.put("uri", c.uri);
            line.put("version", "1.1");
            line.put("user_agent", c.agent);
            line.put("request_body_len", 0);
            line.put("response_body_len", c.received > 1000 ? c.received - 300 : c.received);
            line.put("status_code", 200);
            line.put("status_msg", "OK");
            line.putArray("tags");
            line.putArray("resp_mime_types").add(c.uri.startsWith("/ocsp") ? "application/ocsp-response" : "text/html");
            write(c.end.plusMillis(r.between(1, 200)), Spool.Stream.ZEEK_HTTP, line);
            return;
        }
        Client client = client(c.client);
        Instant handshake = c.start.plusMillis(r.between(30, 160));
        ObjectNode ssl = head(c.start.plusMillis(r.between(1, 25)), uid, c.local, c.localPort, c.remote, c.to.port());
        ssl.put("version", client.tls13() ? "TLSv13" : "TLSv12");
        ssl.put("cipher", client.cipher());
        ssl.put("curve", client.curve());
        ssl.put("server_name", c.to.domain());
        boolean resumed = client.tls13() && r.chance(0.3);
        ssl.put("resumed", resumed);
        ssl.put("established", true);
        ssl.put("ssl_history", client.tls13() ? "CsiI" : resumed ? "CsIFif" : "CsxknGIFif");
        if (fingerprints) {
            ssl.put("ja3", client.ja3());
            ssl.put("ja4", client.ja4());
        }
        write(handshake, Spool.Stream.ZEEK_SSL, ssl);
    }

    /**
     * A name looked up at the office's resolver: an A query with its own UDP conn (the office LAN
     * has no IPv6, so mDNSResponder suppresses the AAAA query). The answers carry the CNAME chain and a few of the destination's
     * addresses (the pool's other names may hand out the same ones).
     */
    void lookup(Instant at, String client, Destination destination, List<String> addresses, Rand r) {
        for (boolean v6 : new boolean[] {false}) {
            Instant ts = at.plusMillis(v6 ? r.between(0, 3) : 0);
            String uid = uid(r);
            int port = r.between(49152, 65535);
            double rtt = r.chance(0.7) ? 0.0004 + r.unit() * 0.004 : 0.012 + r.unit() * 0.06;
            ObjectNode dns = head(ts, uid, client, port, RESOLVER, 53);
            dns.put("proto", "udp");
            dns.put("trans_id", r.below(65536));
            dns.put("rtt", decimal(rtt));
            dns.put("query", destination.domain());
            dns.put("qclass", 1);
            dns.put("qclass_name", "C_INTERNET");
            dns.put("qtype", v6 ? 28 : 1);
            dns.put("qtype_name", v6 ? "AAAA" : "A");
            dns.put("rcode", 0);
            dns.put("rcode_name", "NOERROR");
            dns.put("AA", false);
            dns.put("TC", false);
            dns.put("RD", true);
            dns.put("RA", true);
            dns.put("Z", 0);
            if (!v6 || !destination.cnames().isEmpty()) {
                ArrayNode answers = dns.putArray("answers");
                ArrayNode ttls = dns.putArray("TTLs");
                for (String cname : destination.cnames()) {
                    answers.add(cname);
                    ttls.add(BigDecimal.valueOf(r.between(20, 3600)).setScale(1, RoundingMode.UNNECESSARY));
                }
                if (!v6) {
                    for (String address : addresses) {
                        answers.add(address);
                        ttls.add(BigDecimal.valueOf(r.between(Math.max(1, destination.ttl() / 3), destination.ttl()))
                                .setScale(1, RoundingMode.UNNECESSARY));
                    }
                }
            }
            dns.put("rejected", false);
            Instant answered = ts.plusNanos((long) (rtt * 1e9));
            write(answered, Spool.Stream.ZEEK_DNS, dns);
            ObjectNode conn = head(ts, uid, client, port, RESOLVER, 53);
            conn.put("proto", "udp");
            conn.put("service", "dns");
            conn.put("duration", decimal(rtt));
            conn.put("orig_bytes", 20 + destination.domain().length() + 10);
            conn.put("resp_bytes", 40 + destination.domain().length() + 28 * destination.cnames().size() + (v6 ? 0 : 16 * addresses.size()));
            conn.put("conn_state", "SF");
            conn.put("local_orig", true);
            conn.put("local_resp", true);
            conn.put("missed_bytes", 0);
            conn.put("history", "Dd");
            conn.put("orig_pkts", 1);
            conn.put("orig_ip_bytes", 48 + destination.domain().length() + 10);
            conn.put("resp_pkts", 1);
            conn.put("resp_ip_bytes", 68 + destination.domain().length() + 28 * destination.cnames().size()
                    + (v6 ? 0 : 16 * addresses.size()));
            write(answered.plus(UDP_INACTIVITY), Spool.Stream.ZEEK_CONN, conn);
        }
    }

    /**
     * A DHCP exchange with the firewall: a full DISCOVER to ACK for a new lease, REQUEST and ACK
     * for one the Mac still holds (on joining or waking), or a unicast renewal from its address.
     *
     * @param hostName the name the Mac sent, or null when it sent none
     * @param held     the address it asked to keep, or null
     * @param renewing a renewal from {@code held}, sent to the server rather than broadcast
     */
    void dhcp(Instant at, String mac, String hostName, String held, String assigned, boolean renewing, Rand r) {
        String uid = uid(r);
        double seconds = held == null ? 0.9 + r.unit() * 2.1 : 0.002 + r.unit() * 0.03;
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("ts", decimal(at.plusNanos(micros(uid) * 1000L)));
        line.putArray("uids").add(uid);
        if (renewing) {
            line.put("client_addr", held);
        }
        line.put("server_addr", RESOLVER);
        line.put("mac", mac);
        if (hostName != null) {
            line.put("host_name", hostName);
        }
        line.put("domain", "corp.tidewateranalytics.com");
        if (held != null && !renewing) {
            line.put("requested_addr", held);
        }
        line.put("assigned_addr", assigned);
        line.put("lease_time", BigDecimal.valueOf(86400).setScale(1, RoundingMode.UNNECESSARY));
        ArrayNode types = line.putArray("msg_types");
        if (held == null) {
            types.add("DISCOVER").add("OFFER");
        }
        types.add("REQUEST").add("ACK");
        line.put("duration", decimal(seconds));
        Instant done = at.plusNanos((long) (seconds * 1e9));
        write(done.plusSeconds(10), Spool.Stream.ZEEK_DHCP, line);
        ObjectNode conn = head(at, uid, renewing ? held : "0.0.0.0", 68, renewing ? RESOLVER : "255.255.255.255", 67);
        conn.put("proto", "udp");
        conn.put("service", "dhcp");
        conn.put("duration", decimal(seconds));
        int messages = held == null ? 2 : 1;
        conn.put("orig_bytes", 300L * messages);
        conn.put("resp_bytes", 300L * messages);
        conn.put("conn_state", "SF");
        conn.put("local_orig", true);
        conn.put("local_resp", true);
        conn.put("missed_bytes", 0);
        conn.put("history", "Dd");
        conn.put("orig_pkts", messages);
        conn.put("orig_ip_bytes", 328L * messages);
        conn.put("resp_pkts", messages);
        conn.put("resp_ip_bytes", 328L * messages);
        write(done.plus(UDP_INACTIVITY), Spool.Stream.ZEEK_CONN, conn);
    }

    private void write(Instant logged, Spool.Stream stream, ObjectNode line) {
        if (logged.isBefore(end)) {
            spool.add(logged, stream, null, null, line);
        }
    }

    private static ObjectNode head(Instant ts, String uid, String origin, int originPort, String responder, int responderPort) {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("ts", decimal(ts.plusNanos(micros(uid) * 1000L)));
        line.put("uid", uid);
        line.put("id.orig_h", origin);
        line.put("id.orig_p", originPort);
        line.put("id.resp_h", responder);
        line.put("id.resp_p", responderPort);
        return line;
    }

    /** The microseconds below the simulation's milliseconds, the same for every record of a connection. */
    private static int micros(String uid) {
        return Math.floorMod(uid.hashCode(), 1000);
    }

    /** Zeek's connection uid: C and 17 base-62 characters. */
    private static String uid(Rand r) {
        return "C" + r.base62(17);
    }

    private static BigDecimal decimal(Instant time) {
        return BigDecimal.valueOf(time.getEpochSecond()).add(BigDecimal.valueOf(time.getNano() / 1000, 6));
    }

    private static BigDecimal decimal(double seconds) {
        return BigDecimal.valueOf(seconds).setScale(6, RoundingMode.HALF_UP);
    }
}
