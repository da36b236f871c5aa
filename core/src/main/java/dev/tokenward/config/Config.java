package dev.tokenward.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.Catalog;
import dev.tokenward.analytic.StateLimits;
import dev.tokenward.signal.AlertLimits;
import dev.tokenward.signal.Incidents;
import dev.tokenward.signal.Suppression;
import dev.tokenward.analytic.baseline.BaselineSettings;
import dev.tokenward.enrich.EnrichmentSettings;
import dev.tokenward.source.InputLimits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tokenward's configuration: one YAML file, built once and read-only after. Every analytic takes
 * its settings from {@code analytics.<id>}; what a file leaves out keeps its documented default.
 *
 * <pre>
 * lateness: 15m                 # how far out of order events may arrive
 * analytics:
 *   credential-roaming:
 *     idleExpiry: 72h
 *   mfa-not-satisfied:
 *     enabled: true
 *     exemptPrincipals: ["breakglass-*@example.org"]
 * baseline:
 *   learningPeriod: 14d
 * </pre>
 *
 * @param lateness   allowed lateness of the reorder buffer
 * @param analytics  the enabled analytics with their settings, in catalog order
 * @param enrichment how events are enriched (geolocation, networks, user agents)
 * @param baseline   how the shared per-principal profiles and credential lineage learn and forget
 * @param input      what one input, record or field may cost before it is quarantined or cut
 * @param state      how many entities each analytic and baseline keeps state for
 * @param alerts     how many alerts of one analytic an hour are written one by one before a flood is summarised
 * @param incidents  how alerts are grouped into incidents and campaigns
 * @param suppressions known benign patterns, each scoped to an analytic and an entity, with a reason and an expiry
 */
public record Config(Duration lateness, List<Analytic<?>> analytics, EnrichmentSettings enrichment, BaselineSettings baseline,
                     InputLimits input, StateLimits state, AlertLimits alerts, Incidents.Settings incidents,
                     List<Suppression> suppressions) {
    public static final Duration DEFAULT_LATENESS = Duration.ofMinutes(15);
    private static final List<String> TOP_LEVEL = List.of("lateness", "analytics", "enrichment", "baseline", "input", "state", "alerts", "incidents",
            "suppressions");
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule().addDeserializer(Duration.class, new Durations.Deserializer()))
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public Config {
        analytics = List.copyOf(analytics);
        enrichment = enrichment == null ? EnrichmentSettings.DEFAULTS : enrichment;
        baseline = baseline == null ? BaselineSettings.DEFAULTS : baseline;
        input = input == null ? InputLimits.DEFAULTS : input;
        state = state == null ? StateLimits.DEFAULTS : state;
        alerts = alerts == null ? AlertLimits.DEFAULTS : alerts;
        incidents = incidents == null ? Incidents.Settings.DEFAULTS : incidents;
        suppressions = suppressions == null ? List.of() : List.copyOf(suppressions);
    }

    public Config(Duration lateness, List<Analytic<?>> analytics, EnrichmentSettings enrichment) {
        this(lateness, analytics, enrichment, null, null, null, null, null, null);
    }

    public Config withLateness(Duration allowed) {
        return new Config(allowed, analytics, enrichment, baseline, input, state, alerts, incidents, suppressions);
    }

    /** Only the analytics with these ids (an empty list: none). */
    public Config onlyAnalytics(java.util.Collection<String> ids) {
        return new Config(lateness, analytics.stream().filter(a -> ids.contains(a.spec().id())).toList(), enrichment, baseline, input,
                state, alerts, incidents, suppressions);
    }

    /** The same, with {@code replacement} in place of the enabled analytic of its id. */
    public Config withAnalytic(Analytic<?> replacement) {
        List<Analytic<?>> replaced = analytics.stream().map(a -> a.spec().id().equals(replacement.spec().id()) ? replacement : a)
                .collect(Collectors.toList());
        return new Config(lateness, replaced, enrichment, baseline, input, state, alerts, incidents, suppressions);
    }

    public Config withEnrichment(EnrichmentSettings settings) {
        return new Config(lateness, analytics, settings, baseline, input, state, alerts, incidents, suppressions);
    }

    public Config withState(StateLimits limits) {
        return new Config(lateness, analytics, enrichment, baseline, input, limits, alerts, incidents, suppressions);
    }

    /** Every analytic with its defaults. */
    public static Config defaults() {
        return new Config(DEFAULT_LATENESS, Arrays.stream(Catalog.values()).map(Catalog::withDefaults).toList(),
                EnrichmentSettings.DEFAULTS);
    }

    public static Config load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        return parse(file.toString(), text);
    }

    /** Parses a configuration, collecting every problem as {@code origin: path: message}. */
    public static Config parse(String origin, String yaml) throws ConfigException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(origin + ": not valid YAML: " + e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return defaults();
        }
        List<String> problems = new ArrayList<>();
        if (!root.isObject()) {
            throw new ConfigException(List.of(origin + ": the configuration must be a mapping of settings"));
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!TOP_LEVEL.contains(name)) {
                problems.add(origin + ": " + name + ": unknown setting (known: " + String.join(", ", TOP_LEVEL) + ")");
            }
        });
        Duration lateness = DEFAULT_LATENESS;
        if (root.hasNonNull("lateness")) {
            try {
                lateness = Durations.parse(root.get("lateness").asText());
                if (lateness.isNegative()) {
                    problems.add(origin + ": lateness: must not be negative");
                }
            } catch (IllegalArgumentException e) {
                problems.add(origin + ": lateness: " + e.getMessage());
            }
        }
        Map<String, JsonNode> sections = new LinkedHashMap<>();
        JsonNode analytics = root.get("analytics");
        if (analytics != null && !analytics.isNull()) {
            if (!analytics.isObject()) {
                problems.add(origin + ": analytics: must be a mapping from analytic id to its settings");
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = analytics.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> section = it.next();
                    if (Catalog.byId(section.getKey()).isEmpty()) {
                        problems.add(origin + ": analytics." + section.getKey() + ": no such analytic (known: "
                                + Arrays.stream(Catalog.values()).map(Catalog::id).collect(Collectors.joining(", ")) + ")");
                    } else {
                        sections.put(section.getKey(), section.getValue());
                    }
                }
            }
        }
        List<Analytic<?>> enabled = new ArrayList<>();
        for (Catalog analytic : Catalog.values()) {
            JsonNode section = sections.get(analytic.id());
            Analytic<?> built = build(origin, analytic.entry(), section, problems);
            if (built != null) {
                enabled.add(built);
            }
        }
        EnrichmentSettings enrichment = section(origin, root, "enrichment", EnrichmentSettings.class, EnrichmentSettings.DEFAULTS, problems);
        BaselineSettings baseline = section(origin, root, "baseline", BaselineSettings.class, BaselineSettings.DEFAULTS, problems);
        InputLimits input = section(origin, root, "input", InputLimits.class, InputLimits.DEFAULTS, problems);
        StateLimits state = section(origin, root, "state", StateLimits.class, StateLimits.DEFAULTS, problems);
        for (String id : state.limits().keySet()) {
            if (Catalog.byId(id).isEmpty() && !StateLimits.BASELINES.contains(id)) {
                problems.add(origin + ": state.limits." + id + ": no such analytic or baseline (known: "
                        + Arrays.stream(Catalog.values()).map(Catalog::id).collect(Collectors.joining(", ")) + ", "
                        + String.join(", ", StateLimits.BASELINES) + ")");
            }
        }
        AlertLimits alerts = section(origin, root, "alerts", AlertLimits.class, AlertLimits.DEFAULTS, problems);
        Incidents.Settings incidents = section(origin, root, "incidents", Incidents.Settings.class, Incidents.Settings.DEFAULTS, problems);
        List<Suppression> suppressions = Suppression.parse(origin, root.get("suppressions"), id -> Catalog.byId(id).isPresent(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Config(lateness, enabled, enrichment, baseline, input, state, alerts, incidents, suppressions);
    }

    /** A top-level section read as its settings record: the defaults when absent; its problems collected. */
    private static <T> T section(String origin, JsonNode root, String name, Class<T> type, T defaults, List<String> problems) {
        JsonNode section = root.get(name);
        if (section == null || section.isNull()) {
            return defaults;
        }
        try {
            return YAML.treeToValue(section, type);
        } catch (JsonProcessingException e) {
            problems.add(origin + ": " + name + settingPath(e) + ": " + plain(e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
            problems.add(origin + ": " + name + ": " + e.getMessage());
        }
        return defaults;
    }

    private static Analytic<?> build(String origin, Catalog.Entry<?> entry, JsonNode section, List<String> problems) {
        String path = origin + ": analytics." + entry.id();
        if (section == null || section.isNull()) {
            return entry.withDefaults();
        }
        if (!section.isObject()) {
            problems.add(path + ": must be a mapping of settings");
            return null;
        }
        ObjectNode settings = YAML.valueToTree(entry.defaults());
        ObjectNode given = section.deepCopy();
        JsonNode enabled = given.remove("enabled");
        if (enabled != null && !enabled.isBoolean()) {
            problems.add(path + ".enabled: must be true or false");
        }
        Set<String> known = Arrays.stream(entry.settingsType().getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).collect(Collectors.toCollection(java.util.TreeSet::new));
        for (Iterator<String> names = given.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(path + "." + name + ": unknown setting (known: enabled, " + String.join(", ", known) + ")");
                names.remove();
            }
        }
        settings.setAll(given);
        try {
            Object bound = YAML.treeToValue(settings, entry.settingsType());
            return enabled != null && !enabled.asBoolean(true) ? null : entry.with(bound);
        } catch (JsonProcessingException e) {
            problems.add(path + settingPath(e) + ": " + plain(e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
            problems.add(path + ": " + e.getMessage());
        }
        return null;
    }

    /** Jackson's message without its preamble about types and constructors. */
    private static String plain(String message) {
        String first = message.split("\n")[0];
        int problem = first.indexOf("problem: ");
        if (problem >= 0) {
            return first.substring(problem + "problem: ".length());
        }
        int value = first.indexOf("\": ");
        return first.startsWith("Cannot deserialize") && value >= 0 ? first.substring(value + 3) : first;
    }

    private static String settingPath(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return "." + mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
        }
        return "";
    }
}
