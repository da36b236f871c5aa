package dev.tokenward.enrich;

import dev.tokenward.event.IpAddress;
import dev.tokenward.event.IpRange;
import dev.tokenward.event.NetworkClass;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides the class of a network: private address space first, then the networks the user
 * configured (by address block, then by autonomous system), then the built-in list of
 * autonomous systems ({@code networks.tsv}: hosting, mobile carriers, privacy relays, commercial
 * VPNs, residential ISPs), then UNKNOWN. The list also names the operator of autonomous systems
 * one company runs as one network.
 */
public final class NetworkClassifier {
    private static final String BUILT_IN = "networks.tsv";

    private final List<Block> blocks = new ArrayList<>();
    private final Map<Long, NetworkDefinition> configuredAsns = new HashMap<>();
    private final Map<Long, Listed> listed;

    public NetworkClassifier(List<NetworkDefinition> configured, Path networkList) {
        for (NetworkDefinition network : configured) {
            for (String cidr : network.cidrs()) {
                blocks.add(new Block(IpRange.parse(cidr).orElseThrow(), network));
            }
            for (Long asn : network.asns()) {
                configuredAsns.put(asn, network);
            }
        }
        blocks.sort((a, b) -> Integer.compare(b.range().bits(), a.range().bits()));
        this.listed = networkList == null ? builtIn() : read(networkList);
    }

    public static NetworkClassifier builtInOnly() {
        return new NetworkClassifier(List.of(), null);
    }

    /** The configured network an address or its autonomous system belongs to. */
    public Optional<NetworkDefinition> configured(IpAddress ip, Long asn) {
        for (Block block : blocks) {
            if (block.range().contains(ip)) {
                return Optional.of(block.network());
            }
        }
        return asn == null ? Optional.empty() : Optional.ofNullable(configuredAsns.get(asn));
    }

    public NetworkClass classify(IpAddress ip, Long asn) {
        if (ip != null && ip.isPrivate()) {
            return NetworkClass.PRIVATE;
        }
        Optional<NetworkDefinition> configured = ip == null ? Optional.empty() : configured(ip, asn);
        if (configured.isPresent()) {
            return configured.get().networkClass();
        }
        Listed known = asn == null ? null : listed.get(asn);
        return known == null ? NetworkClass.UNKNOWN : known.networkClass();
    }

    /**
     * The name the network list gives the company running an autonomous system as one network with
     * others (a security edge's several), or null: what keeps a person moving between them on one
     * network owner.
     */
    public String operator(Long asn) {
        Listed known = asn == null ? null : listed.get(asn);
        return known == null ? null : known.operator();
    }

    private static Map<Long, Listed> builtIn() {
        try (InputStream in = NetworkClassifier.class.getResourceAsStream(BUILT_IN)) {
            return parse(in, BUILT_IN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in " + BUILT_IN, e);
        }
    }

    private static Map<Long, Listed> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the network list " + file, e);
        }
    }

    private static Map<Long, Listed> parse(InputStream in, String origin) throws IOException {
        Map<Long, Listed> classes = new HashMap<>();
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            try {
                String operator = fields.length > 3 && !fields[3].isBlank() ? fields[3].trim() : null;
                classes.put(Long.parseLong(fields[1].trim()), new Listed(NetworkClass.valueOf(fields[0].trim()), operator));
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException(origin + ":" + number + ": expected CLASS<TAB>ASN<TAB>organisation[<TAB>operator]", e);
            }
        }
        return Map.copyOf(classes);
    }

    private record Block(IpRange range, NetworkDefinition network) {
    }

    private record Listed(NetworkClass networkClass, String operator) {
    }
}
