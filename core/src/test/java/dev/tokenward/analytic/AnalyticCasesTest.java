package dev.tokenward.analytic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tokenward.config.Config;
import dev.tokenward.config.ConfigException;
import dev.tokenward.enrich.Enricher;
import dev.tokenward.enrich.TestEnrichment;
import dev.tokenward.event.Event;
import dev.tokenward.runtime.Pipeline;
import dev.tokenward.runtime.RunStats;
import dev.tokenward.signal.Alert;
import dev.tokenward.source.Quarantined;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs every analytic test case of the test resources through the real readers and runtime. */
class AnalyticCasesTest {
    private static AnalyticCases loaded;
    private static Enricher enricher;

    @BeforeAll
    static void load() {
        loaded = AnalyticCases.load();
        enricher = TestEnrichment.withoutGeoData();
    }

    static List<AnalyticCase> cases() {
        return AnalyticCases.load().cases;
    }

    @Test
    void everyCaseFileIsWellFormed() {
        assertThat(loaded.problems).as("problems in the analytic test cases").isEmpty();
    }

    @Test
    void everyAnalyticHasPositiveNegativeAndNearMissCases() {
        Map<String, Set<String>> kinds = loaded.cases.stream().collect(Collectors.groupingBy(AnalyticCase::analytic,
                Collectors.mapping(AnalyticCase::kind, Collectors.toSet())));
        for (Catalog analytic : Catalog.values()) {
            assertThat(kinds.getOrDefault(analytic.id(), Set.of())).as("case kinds of " + analytic.id())
                    .containsExactlyInAnyOrder("positive", "negative", "near-miss");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void raisesExactlyTheExpectedAlerts(AnalyticCase c, @org.junit.jupiter.api.io.TempDir java.nio.file.Path geoDirectory)
            throws ConfigException, java.io.IOException {
        List<Quarantined> quarantined = new ArrayList<>();
        List<Event> events = loaded.events(c, quarantined);
        assertThat(quarantined).as("records of the case that did not parse").isEmpty();

        List<Alert> alerts = new ArrayList<>();
        Enricher enrichment = !c.geo().isEmpty() ? TestEnrichment.withGeo(c.geo(), c.networks(), geoDirectory)
                : c.networks().isEmpty() ? enricher : TestEnrichment.withNetworks(c.networks());
        try {
            Pipeline pipeline = new Pipeline(config(c), enrichment, alerts::add, new RunStats());
            events.forEach(pipeline);
            pipeline.finish();
        } finally {
            if (!c.geo().isEmpty()) {
                enrichment.close();
            }
        }
        alerts.sort(Comparator.comparing(Alert::time).thenComparing(Alert::id));

        assertThat(alerts).as(c.description() + "\nalerts raised: " + titles(alerts)).hasSize(c.expect().size());
        for (int i = 0; i < alerts.size(); i++) {
            check(alerts.get(i), c.expect().get(i), "alert " + i);
        }
    }

    /** The case's analytic (and those it names alongside), with the case's settings over its defaults. */
    private static Config config(AnalyticCase c) throws ConfigException {
        ObjectNode analytics = JsonNodeFactory.instance.objectNode();
        for (Catalog analytic : Catalog.values()) {
            analytics.putObject(analytic.id()).put("enabled", analytic.id().equals(c.analytic())
                    || c.alongside().contains(analytic.id()));
        }
        if (c.settings() != null) {
            ((ObjectNode) analytics.get(c.analytic())).setAll((ObjectNode) c.settings());
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("analytics", analytics);
        try {
            return Config.parse(c.file(), new YAMLMapper().writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(Alert alert, AnalyticCase.Expected expected, String which) {
        assertThat(alert.analytic()).as(which + " analytic").isEqualTo(expected.analytic());
        assertThat(alert.principal()).as(which + " principal").isEqualTo(expected.principal());
        assertThat(alert.severity().label()).as(which + " severity of \"" + alert.title() + "\"").isEqualTo(expected.severity());
        assertThat(alert.title()).as(which + " title").containsPattern(Pattern.compile(expected.title()));
        if (expected.credential() != null) {
            assertThat(alert.credential()).as(which + " credential").isEqualTo(expected.credential());
        }
        if (expected.tier() != null) {
            assertThat(alert.triage().tier()).as(which + " triage tier").isEqualTo(expected.tier());
        }
        if (expected.containment() != null) {
            assertThat(alert.triage().containment()).as(which + " containment plan")
                    .anyMatch(step -> Pattern.compile(expected.containment()).matcher(step).find());
        }
        if (expected.answer() != null) {
            assertThat(alert.triage().answers().entrySet()).as(which + " answers")
                    .anyMatch(answer -> Pattern.compile(expected.answer()).matcher(answer.getKey() + ": " + answer.getValue()).find());
        }
        assertThat(alert.evidence()).as(which + " evidence").hasSize(expected.evidence().size());
        for (int e = 0; e < expected.evidence().size(); e++) {
            JsonNode want = expected.evidence().get(e);
            Evidence got = alert.evidence().get(e);
            String where = which + " evidence " + e;
            if (want.has("source")) {
                assertThat(got.source()).as(where + " source").isEqualTo(want.get("source").asText());
            }
            if (want.has("time")) {
                assertThat(got.time()).as(where + " time").isEqualTo(java.time.Instant.parse(want.get("time").asText()));
            }
            if (want.has("ip")) {
                assertThat(got.ip()).as(where + " ip").isEqualTo(want.get("ip").asText());
            }
            if (want.has("summary")) {
                assertThat(got.summary()).as(where + " summary").containsPattern(want.get("summary").asText());
            }
        }
        assertThat(alert.id()).as(which + " id").matches("[0-9a-f]{32}");
        assertThat(alert.attack()).as(which + " ATT&CK references").isNotEmpty();
    }

    private static String titles(List<Alert> alerts) {
        return alerts.stream().map(a -> a.severity().label() + " " + a.title()).collect(Collectors.joining("\n  ", "\n  ", ""));
    }

}
