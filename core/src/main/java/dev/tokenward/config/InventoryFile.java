package dev.tokenward.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tokenward.analytic.host.InventoryEntry;
import dev.tokenward.analytic.host.ServiceCensus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The inventory of approved background services, as YAML:
 *
 * <pre>
 * services:
 *   - name: Jamf Pro agent
 *     label: com.jamfsoftware.task.1
 *     path: /usr/local/jamf/bin/jamf
 *     teamId: 483DWKW443
 *     destinations: ["*.jamfcloud.com"]
 *     schedule: {interval: 15m, tolerance: 0.25}
 *     owner: endpoint-team@example.com
 *     review: 2027-03-01
 * </pre>
 *
 * Read for {@code detect --inventory}, drafted from observed history by {@code inventory learn}.
 */
public final class InventoryFile {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule().addDeserializer(Duration.class, new Durations.Deserializer()))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    /** How long a drafted entry stands before it is to be reviewed. */
    private static final int REVIEW_DAYS = 90;

    private InventoryFile() {
    }

    /** The entries of an inventory file; every problem found, named with the file and entry. */
    public static List<InventoryEntry> load(Path file) throws ConfigException {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot be read as YAML: " + e.getMessage().split("\n")[0]));
        }
        JsonNode services = root == null ? null : root.get("services");
        if (services == null || !services.isArray()) {
            throw new ConfigException(List.of(file + ": expected a list under 'services:'"));
        }
        List<InventoryEntry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            try {
                entries.add(YAML.treeToValue(services.get(i), InventoryEntry.class));
            } catch (IOException | IllegalArgumentException e) {
                problems.add(file + ": services[" + i + "]: " + e.getMessage().split("\n")[0]);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return List.copyOf(entries);
    }

    /**
     * A draft inventory of what the census saw, for a person to review: every service with its label,
     * executable, signer, destinations and schedule; unsigned, rare and script services are marked.
     */
    public static String draft(ServiceCensus census) {
        StringBuilder yaml = new StringBuilder(4096);
        yaml.append("# Drafted by `tokenward inventory learn` from background services calling out on ").append(census.hosts())
                .append(" hosts");
        if (census.first() != null) {
            yaml.append(", ").append(census.first()).append(" to ").append(census.last());
        }
        yaml.append(".\n# Review every entry before using it: what ran during these days is not approved by having run.\n");
        yaml.append("services:\n");
        LocalDate review = census.last() == null ? null : census.last().atZone(ZoneOffset.UTC).toLocalDate().plusDays(REVIEW_DAYS);
        for (ServiceCensus.Service service : census.services().values()) {
            List<String> cautions = new ArrayList<>();
            if (service.unsigned()) {
                cautions.add("UNSIGNED code");
            }
            if (service.hosts.size() <= 2 && census.hosts() >= 10) {
                cautions.add("on only " + service.hosts.size() + " of " + census.hosts() + " hosts");
            }
            if (service.signers.size() > 1) {
                cautions.add("signed by several: " + String.join(", ", service.signers));
            }
            for (String caution : cautions) {
                yaml.append("  # REVIEW: ").append(caution).append('\n');
            }
            yaml.append("  - name: ").append(quote(service.label != null ? service.label : service.identity)).append('\n');
            if (service.label != null) {
                yaml.append("    label: ").append(quote(service.label)).append('\n');
            }
            if (!service.paths.isEmpty()) {
                yaml.append("    path: ").append(quote(service.paths.first())).append('\n');
            }
            if (!service.signingIds.isEmpty()) {
                yaml.append("    signingId: ").append(quote(service.signingIds.first())).append('\n');
            }
            String team = service.signers.stream().filter(s -> s.startsWith("team ")).map(s -> s.substring(5)).findFirst().orElse(null);
            if (team != null) {
                yaml.append("    teamId: ").append(quote(team)).append('\n');
            }
            yaml.append("    destinations: [").append(String.join(", ", collapse(service.destinations).stream().map(InventoryFile::quote)
                    .toList())).append("]\n");
            Long interval = service.declaredInterval != null && !service.keepAlive ? service.declaredInterval : service.learntInterval();
            if (interval != null && interval > 0) {
                yaml.append("    schedule: {interval: ").append(duration(interval)).append(", tolerance: 0.25}")
                        .append(service.declaredInterval != null ? "   # its launchd StartInterval" : "   # the usual gap between its runs")
                        .append('\n');
            }
            yaml.append("    owner: null   # who answers for it\n");
            if (review != null) {
                yaml.append("    review: ").append(review).append('\n');
            }
            yaml.append("    # seen on ").append(service.hosts.size()).append(" hosts, ").append(service.firstSeen).append(" to ")
                    .append(service.lastSeen).append('\n');
        }
        return yaml.toString();
    }

    /** Names written as {@code *.parent} where four or more share a parent domain. */
    static List<String> collapse(TreeSet<String> names) {
        java.util.Map<String, List<String>> byParent = new java.util.TreeMap<>();
        for (String name : names) {
            int dot = name.indexOf('.');
            String parent = dot > 0 && name.indexOf('.', dot + 1) > 0 ? name.substring(dot + 1) : name;
            byParent.computeIfAbsent(parent, p -> new ArrayList<>()).add(name);
        }
        List<String> out = new ArrayList<>();
        byParent.forEach((parent, members) -> {
            if (members.size() >= 4) {
                out.add("*." + parent);
            } else {
                out.addAll(members);
            }
        });
        return out;
    }

    private static String duration(long seconds) {
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** For messages: an entry's name, or what identifies it. */
    public static String nameOf(InventoryEntry entry) {
        String name = entry.name() != null ? entry.name() : entry.label() != null ? entry.label()
                : entry.signingId() != null ? entry.signingId() : entry.path();
        return name;
    }
}
