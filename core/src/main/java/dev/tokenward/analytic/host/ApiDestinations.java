package dev.tokenward.analytic.host;

import dev.tokenward.event.DataTable;
import dev.tokenward.event.IpAddress;
import dev.tokenward.event.IpRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The cloud and web APIs a background service may call ({@code api-destinations.tsv}): by domain
 * (the domain and its subdomains, the longest match winning), by address block where the service
 * publishes its ranges (Telegram, Dropbox), or, for an unnamed address (a host off the sensor's
 * network, whose DNS nobody logs), by the autonomous system that announces it (AS16509 is AWS),
 * each with its category. Extending it is an edit of data; a
 * deployment adds its own through the analytic's {@code extraDestinations} setting.
 */
final class ApiDestinations {
    /** Where stolen tokens and files are sent: a call there counts for more. */
    static final Set<String> EXFILTRATION = Set.of("messaging", "paste", "tunnel", "file-drop");

    /** What a destination is: the table's pattern it matched, its category and the service. */
    record Match(String pattern, String category, String service) {
        boolean exfiltration() {
            return EXFILTRATION.contains(category);
        }
    }

    private final Map<String, Match> domains = new HashMap<>();
    private final List<Map.Entry<IpRange, Match>> ranges = new ArrayList<>();
    private final Map<Long, Match> owners = new HashMap<>();

    ApiDestinations(List<String> extra) {
        for (String[] row : DataTable.read(ApiDestinations.class, "api-destinations.tsv", 3)) {
            add(row[0], row[1], row[2]);
        }
        for (String line : extra) {
            String[] row = line.trim().split("\\s+", 3);
            add(row[0], row.length > 1 ? row[1] : "saas-api", row.length > 2 ? row[2] : row[0]);
        }
    }

    private void add(String pattern, String category, String service) {
        Match match = new Match(pattern.toLowerCase(Locale.ROOT), category, service);
        var range = IpRange.parse(pattern);
        if (pattern.matches("AS\\d+")) {
            owners.put(Long.parseLong(pattern.substring(2)), match);
        } else if (pattern.contains("/") && range.isPresent()) {
            ranges.add(Map.entry(range.get(), match));
        } else {
            domains.put(match.pattern(), match);
        }
    }

    /**
     * What the destination is: by its name (longest matching suffix), else its address (a published
     * range), else the autonomous system announcing it (a cloud's or a service's own network); null
     * when it is no API of the table.
     */
    Match of(String name, IpAddress ip, Long asn) {
        if (name != null) {
            String candidate = name.toLowerCase(Locale.ROOT);
            while (true) {
                Match match = domains.get(candidate);
                if (match != null) {
                    return match;
                }
                int dot = candidate.indexOf('.');
                if (dot < 0) {
                    break;
                }
                candidate = candidate.substring(dot + 1);
            }
        }
        if (ip != null) {
            for (Map.Entry<IpRange, Match> range : ranges) {
                if (range.getKey().contains(ip)) {
                    return range.getValue();
                }
            }
        }
        return name == null && asn != null ? owners.get(asn) : null;
    }
}
