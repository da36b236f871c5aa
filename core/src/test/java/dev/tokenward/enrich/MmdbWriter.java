package dev.tokenward.enrich;

import dev.tokenward.event.IpAddress;
import dev.tokenward.event.IpRange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small MaxMind DB files for tests, following the MaxMind DB File Format Specification 2.0
 * (binary search tree with 32-bit records, data section, metadata), so that the real reader is
 * exercised on data the tests make.
 */
final class MmdbWriter {
    private final int ipVersion;
    private final String databaseType;
    private final Node root = new Node();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    MmdbWriter(int ipVersion, String databaseType) {
        this.ipVersion = ipVersion;
        this.databaseType = databaseType;
    }

    /** Maps a network to a record; insert wider networks before narrower ones inside them. */
    MmdbWriter put(String cidr, Map<String, Object> record) {
        IpRange range = IpRange.parse(cidr).orElseThrow();
        int offset = data.size();
        encode(record, data);
        boolean[] bits = bits(range.base());
        int length = range.base().v4() && ipVersion == 6 ? 96 + range.bits() : range.bits();
        int start = range.base().v4() && ipVersion == 6 ? 0 : 0;
        Node node = root;
        for (int depth = start; depth < length - 1; depth++) {
            int bit = bits[depth] ? 1 : 0;
            Object child = node.children[bit];
            if (!(child instanceof Node)) {
                Node split = new Node();
                split.children[0] = child;
                split.children[1] = child;
                node.children[bit] = split;
                child = split;
            }
            node = (Node) child;
        }
        node.children[bits[length - 1] ? 1 : 0] = offset;
        return this;
    }

    void write(Path file) throws IOException {
        List<Node> nodes = new ArrayList<>();
        Map<Node, Integer> index = new IdentityHashMap<>();
        ArrayDeque<Node> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            index.put(node, nodes.size());
            nodes.add(node);
            for (Object child : node.children) {
                if (child instanceof Node next) {
                    queue.add(next);
                }
            }
        }
        long count = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node node : nodes) {
            for (Object child : node.children) {
                long record = child instanceof Node next ? index.get(next)
                        : child instanceof Integer offset ? count + 16 + offset : count;
                out.write(new byte[] {(byte) (record >>> 24), (byte) (record >>> 16), (byte) (record >>> 8), (byte) record});
            }
        }
        out.write(new byte[16]);
        out.write(data.toByteArray());
        out.write(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.write("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", new Uint16(2));
        metadata.put("binary_format_minor_version", new Uint16(0));
        metadata.put("build_epoch", 1_795_000_000L);
        metadata.put("database_type", databaseType);
        metadata.put("description", Map.of("en", "Tokenward test data"));
        metadata.put("ip_version", new Uint16(ipVersion));
        metadata.put("languages", List.of("en"));
        metadata.put("node_count", (int) count);
        metadata.put("record_size", new Uint16(32));
        encode(metadata, out);
        Files.write(file, out.toByteArray());
    }

    private boolean[] bits(IpAddress address) {
        boolean[] bits = new boolean[ipVersion == 6 ? 128 : 32];
        if (ipVersion == 4) {
            for (int i = 0; i < 32; i++) {
                bits[i] = ((address.low() >>> (31 - i)) & 1) == 1;
            }
            return bits;
        }
        long high = address.v4() ? 0 : address.high();
        long low = address.v4() ? address.low() : address.low();
        for (int i = 0; i < 64; i++) {
            bits[i] = ((high >>> (63 - i)) & 1) == 1;
            bits[64 + i] = ((low >>> (63 - i)) & 1) == 1;
        }
        return bits;
    }

    /** A value to encode as an unsigned 16-bit integer. */
    record Uint16(int value) {
    }

    @SuppressWarnings("unchecked")
    private static void encode(Object value, ByteArrayOutputStream out) {
        if (value instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            control(2, bytes.length, out);
            out.writeBytes(bytes);
        } else if (value instanceof Double d) {
            control(3, 8, out);
            long bits = Double.doubleToLongBits(d);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (bits >>> (8 * i)));
            }
        } else if (value instanceof Uint16 u) {
            control(5, 2, out);
            out.write(u.value() >>> 8);
            out.write(u.value());
        } else if (value instanceof Integer i) {
            control(6, 4, out);
            for (int b = 3; b >= 0; b--) {
                out.write(i >>> (8 * b));
            }
        } else if (value instanceof Long l) {
            extended(9, 8, out);
            for (int b = 7; b >= 0; b--) {
                out.write((int) (l >>> (8 * b)));
            }
        } else if (value instanceof Map<?, ?> map) {
            control(7, map.size(), out);
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                encode(entry.getKey(), out);
                encode(entry.getValue(), out);
            }
        } else if (value instanceof List<?> list) {
            extended(11, list.size(), out);
            list.forEach(item -> encode(item, out));
        } else {
            throw new IllegalArgumentException("cannot encode " + value);
        }
    }

    private static void control(int type, int size, ByteArrayOutputStream out) {
        if (size < 29) {
            out.write((type << 5) | size);
        } else {
            out.write((type << 5) | 29);
            out.write(size - 29);
        }
    }

    private static void extended(int type, int size, ByteArrayOutputStream out) {
        if (size < 29) {
            out.write(size);
            out.write(type - 7);
        } else {
            out.write(29);
            out.write(type - 7);
            out.write(size - 29);
        }
    }

    private static final class Node {
        final Object[] children = new Object[2];
    }
}
