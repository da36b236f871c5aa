package dev.tokenward.enrich;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tokenward.event.DataTable;
import dev.tokenward.event.IpAddress;
import dev.tokenward.event.IpRange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which cloud provider's network holds an address: the providers' published ranges where loaded
 * (AWS {@code ip-ranges.json}), else the providers' autonomous systems ({@code clouds.tsv}).
 */
final class CloudRanges {
    /** The file name {@code geo update} gives AWS's ranges in the geo directory. */
    static final String AWS_FILE = "aws-ip-ranges.json";
    private static final Map<Long, String> BY_ASN = asns();

    /** One merged block of a provider's addresses; IPv4 in the low word. */
    private record Block(boolean v4, long startHigh, long startLow, long endHigh, long endLow, String provider) {
    }

    private final List<Block> blocks;
    private final Set<String> published;

    private CloudRanges(List<Block> blocks, Set<String> published) {
        this.blocks = blocks;
        this.published = published;
    }

    static CloudRanges none() {
        return new CloudRanges(List.of(), Set.of());
    }

    /** The ranges of the given AWS ip-ranges.json files, skipping those that do not exist. */
    static CloudRanges open(List<Path> awsFiles) throws IOException {
        List<Block> blocks = new ArrayList<>();
        Set<String> published = new TreeSet<>();
        for (Path file : awsFiles) {
            if (file != null && Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    blocks.addAll(readAws(in, file.toString()));
                }
                published.add("AWS");
            }
        }
        blocks.sort(Comparator.comparing(Block::v4).thenComparing(Block::startHigh, Long::compareUnsigned)
                .thenComparing(Block::startLow, Long::compareUnsigned));
        return new CloudRanges(merge(blocks), published);
    }

    /** The provider whose network holds the address, or null. */
    String provider(IpAddress ip, Long asn) {
        int low = 0;
        int high = blocks.size() - 1;
        Block found = null;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            Block block = blocks.get(mid);
            int order = block.v4() != ip.v4() ? (block.v4() ? 1 : -1) : compare(block.startHigh(), block.startLow(), ip.high(), ip.low());
            if (order <= 0) {
                found = block.v4() == ip.v4() ? block : found;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (found != null && compare(ip.high(), ip.low(), found.endHigh(), found.endLow()) <= 0) {
            return found.provider();
        }
        String byAsn = asn == null ? null : BY_ASN.get(asn);
        return byAsn != null && !published.contains(byAsn) ? byAsn : null;
    }

    /** What is loaded, for {@code geo} and {@code coverage}. */
    String describe() {
        return published.isEmpty() ? "cloud networks: by autonomous system (clouds.tsv)"
                : "cloud networks: " + String.join(", ", published) + " published ranges (" + blocks.size() + " blocks), others by autonomous system";
    }

    /** The prefixes of AWS's ip-ranges.json ({@code prefixes[].ip_prefix}, {@code ipv6_prefixes[].ipv6_prefix}), read as a stream. */
    static List<Block> readAws(InputStream in, String origin) throws IOException {
        List<Block> blocks = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(origin + " is not AWS's ip-ranges.json: it is not a JSON object");
            }
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && ("ip_prefix".equals(p.currentName()) || "ipv6_prefix".equals(p.currentName()))) {
                    p.nextToken();
                    Optional<IpRange> range = IpRange.parse(p.getText());
                    if (range.isEmpty()) {
                        throw new IOException(origin + ": not a CIDR block: " + p.getText());
                    }
                    blocks.add(block(range.get(), "AWS"));
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException malformed) {
            throw new IOException(origin + " is not readable JSON: " + malformed.getOriginalMessage(), malformed);
        }
        if (blocks.isEmpty()) {
            throw new IOException(origin + " holds no prefixes: is it AWS's ip-ranges.json?");
        }
        return blocks;
    }

    private static Block block(IpRange range, String provider) {
        IpAddress base = range.base();
        if (base.v4()) {
            long size = range.bits() >= 32 ? 0 : (1L << (32 - range.bits())) - 1;
            return new Block(true, 0, base.low() & ~size, 0, base.low() | size, provider);
        }
        int bits = range.bits();
        long highMask = bits >= 64 ? 0 : bits == 0 ? -1L : -1L >>> bits;
        long lowMask = bits >= 128 ? 0 : bits <= 64 ? -1L : -1L >>> (bits - 64);
        return new Block(false, base.high() & ~highMask, base.low() & ~lowMask, base.high() | highMask, base.low() | lowMask, provider);
    }

    private static List<Block> merge(List<Block> sorted) {
        List<Block> merged = new ArrayList<>();
        for (Block block : sorted) {
            Block last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last.v4() == block.v4() && last.provider().equals(block.provider())
                    && compare(block.startHigh(), block.startLow(), last.endHigh(), last.endLow()) <= 0) {
                if (compare(block.endHigh(), block.endLow(), last.endHigh(), last.endLow()) > 0) {
                    merged.set(merged.size() - 1, new Block(last.v4(), last.startHigh(), last.startLow(), block.endHigh(),
                            block.endLow(), last.provider()));
                }
            } else {
                merged.add(block);
            }
        }
        return List.copyOf(merged);
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int byHigh = Long.compareUnsigned(aHigh, bHigh);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(aLow, bLow);
    }

    private static Map<Long, String> asns() {
        Map<Long, String> byAsn = new HashMap<>();
        for (String[] row : DataTable.read(CloudRanges.class, "clouds.tsv", 2)) {
            byAsn.put(Long.parseLong(row[1]), row[0]);
        }
        return Map.copyOf(byAsn);
    }
}
