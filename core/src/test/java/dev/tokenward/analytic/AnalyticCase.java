package dev.tokenward.analytic;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One test case of an analytic, as written in {@code analytics/<id>/<name>.yaml}: ordered events
 * (raw records of any supported format, or normalized events) and the alerts they must raise.
 *
 * @param analytic    the analytic's id (the folder's name)
 * @param file        the case file, for messages
 * @param kind        positive, negative or near-miss
 * @param description what the case shows
 * @param settings    overrides of the analytic's settings, or null
 * @param alongside   other analytics enabled with it, for a judgement that rests on another's alert
 * @param networks    the user's networks for enrichment (as {@code enrichment.networks} of the configuration)
 * @param geo         what the case's geo data says of its addresses; empty for none
 * @param events      the events, each a {@code {<format>: record}} or {@code {event: normalized}}
 * @param expect      the alerts, in time order
 */
record AnalyticCase(String analytic, String file, String kind, String description, JsonNode settings, List<String> alongside,
                    List<dev.tokenward.enrich.NetworkDefinition> networks, List<dev.tokenward.enrich.TestEnrichment.Block> geo,
                    List<JsonNode> events, List<Expected> expect) {

    /**
     * @param analytic   expected analytic id (defaults to the case's)
     * @param principal  exact principal
     * @param credential exact credential, when given
     * @param severity   exact severity
     * @param title      a regular expression the title must contain a match of
     * @param evidence   the evidence, oldest first: each a map that may give source, time, ip, summary (a regex)
     * @param tier       the triage tier, when given
     */
    /**
     * @param containment a pattern one step of the alert's containment plan must contain, or null
     * @param answer      a pattern one of the alert's answers ("question: answer") must contain, or null
     */
    record Expected(String analytic, String principal, String credential, String severity, String title,
                    List<JsonNode> evidence, Integer tier, String containment, String answer) {
    }

    @Override
    public String toString() {
        return analytic + "/" + file.substring(file.lastIndexOf('/') + 1) + " (" + kind + ")";
    }
}
