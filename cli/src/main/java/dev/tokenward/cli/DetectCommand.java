package dev.tokenward.cli;

import dev.tokenward.config.Config;
import dev.tokenward.config.Durations;
import dev.tokenward.enrich.Enricher;
import dev.tokenward.output.JsonLinesWriter;
import dev.tokenward.runtime.Detection;
import dev.tokenward.runtime.RunStats;
import dev.tokenward.analytic.Severity;
import dev.tokenward.signal.Alert;
import dev.tokenward.signal.AlertFilter;
import dev.tokenward.signal.Incident;
import dev.tokenward.source.Quarantined;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code tokenward detect}: the main job. */
@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads log files and directories (CloudTrail, Okta System Log, Entra ID sign-in and audit logs, Google Cloud "
                + "Audit Logs, Google Workspace, Microsoft 365 audit, Azure Activity Log, Auth0, Duo, OneLogin, 1Password, Bitwarden and LastPass events, Azure Key Vault audit logs, osquery results, Zeek logs, macOS eslogger, Squid and Cloudflare Gateway proxy logs, OCSF Authentication and API Activity; "
                + "plain or compressed with gzip, bzip2, xz or zstd) and writes alerts: a table on a terminal, JSON lines otherwise.",
                "Inside directories, files named *.json, *.jsonl, *.ndjson, *.log, *.csv, *.gz, *.bz2, *.xz, *.zst, *.zip, *.tar, *.tgz or without"
                        + " extension are read; archives (ZIP, tar) are opened into their members."})
final class DetectCommand implements Callable<Integer> {

    @Mixin
    InputOptions common;

    @Option(names = "--out", paramLabel = "FILE", description = "Write alerts here instead of standard output; it must lie outside "
            + "the paths read, and is replaced only when the run succeeds.")
    Path out;

    @Option(names = "--incidents", paramLabel = "FILE", description = "Also write the incidents the alerts were grouped into, "
            + "as JSON lines (merged ones too, saying where they went).")
    Path incidentsFile;

    @Option(names = "--json", description = "JSON lines on standard output even when it is a terminal (where a table is shown "
            + "otherwise).")
    boolean json;

    @Option(names = "--format", paramLabel = "FORMAT", description = "How alerts are written to --out or standard output: "
            + "tokenward (default: Tokenward's alert lines), ocsf (OCSF 1.3.0 Detection Findings, class 2004) or ecs "
            + "(Elastic Common Schema documents).", defaultValue = "tokenward")
    String format;

    @Option(names = "--min-severity", paramLabel = "LEVEL", description = "Write only alerts of this severity or worse: low, "
            + "medium, high, critical.")
    String minSeverity;

    @Option(names = "--from", paramLabel = "TIME", description = "Write only alerts at or after this time (ISO-8601, e.g. "
            + "2026-11-17T00:00:00Z): a reporting window; the analytics still learn from everything read.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Write only alerts before this time.")
    String to;

    @Option(names = "--principal", paramLabel = "NAME", description = "Write only alerts about this principal (repeatable).")
    List<String> principals;

    @Option(names = "--lateness", paramLabel = "DURATION",
            description = "How far out of event-time order records may arrive (e.g. 15m); overrides the configuration.")
    String lateness;

    @Option(names = "--webhook", paramLabel = "URL", description = "Also POST each alert shown, as JSON, to this URL: at least "
            + "once, retried on 5xx, 408, 429 and network failures, never sent again once acknowledged (see --webhook-ledger).")
    java.net.URI webhook;

    @Option(names = "--webhook-secret-env", paramLabel = "VAR", description = "Sign webhook requests (X-Tokenward-Signature: "
            + "sha256=HMAC of TIMESTAMP.BODY) with the secret in this environment variable.")
    String webhookSecretEnv;

    @Option(names = "--webhook-ledger", paramLabel = "FILE", defaultValue = "tokenward-webhook-ledger.txt",
            description = "The ids of alerts the webhook acknowledged (default: ${DEFAULT-VALUE}); a run again sends only the rest.")
    Path webhookLedger;

    @Option(names = "--elastic", paramLabel = "URL", description = "Also index each alert shown into Elasticsearch or "
            + "OpenSearch at this URL as an ECS document (bulk create, _id the alert id): at least once, never twice.")
    java.net.URI elastic;

    @Option(names = "--elastic-index", paramLabel = "NAME", defaultValue = "tokenward-alerts",
            description = "The index or data stream (default: ${DEFAULT-VALUE}).")
    String elasticIndex;

    @Option(names = "--elastic-api-key-env", paramLabel = "VAR", description = "The environment variable holding an "
            + "Elasticsearch API key (the encoded id:key), sent as Authorization: ApiKey.")
    String elasticApiKeyEnv;

    @Option(names = "--elastic-ledger", paramLabel = "FILE", defaultValue = "tokenward-elastic-ledger.txt",
            description = "The ids of alerts the cluster acknowledged (default: ${DEFAULT-VALUE}).")
    Path elasticLedger;

    @Option(names = "--splunk", paramLabel = "URL", description = "Also send each alert shown to Splunk's HTTP Event "
            + "Collector at this URL (https://host:8088), counted delivered only once indexer acknowledgement says so.")
    java.net.URI splunk;

    @Option(names = "--splunk-token-env", paramLabel = "VAR", description = "The environment variable holding the HEC token.")
    String splunkTokenEnv;

    @Option(names = "--splunk-index", paramLabel = "NAME", description = "The index (default: the token's own).")
    String splunkIndex;

    @Option(names = "--splunk-ledger", paramLabel = "FILE", defaultValue = "tokenward-splunk-ledger.txt",
            description = "The ids of alerts Splunk acknowledged as indexed (default: ${DEFAULT-VALUE}).")
    Path splunkLedger;

    @Option(names = "--kafka", paramLabel = "BROKERS", description = "Also send each alert shown to Kafka (host:9092[,host:9092...]): "
            + "one record per alert keyed by its id, from an idempotent producer, counted delivered once the broker acknowledged it.")
    String kafka;

    @Option(names = "--kafka-topic", paramLabel = "TOPIC", defaultValue = "tokenward-alerts", description = "The topic (default: ${DEFAULT-VALUE}).")
    String kafkaTopic;

    @Option(names = "--kafka-config", paramLabel = "FILE", description = "Producer settings as a Kafka client properties file "
            + "(security.protocol, ssl.*, sasl.*), as --producer.config takes them.")
    Path kafkaConfig;

    @Option(names = "--kafka-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the brokers and for each acknowledgement, retries included (default: ${DEFAULT-VALUE}).")
    int kafkaTimeoutSeconds;

    @Option(names = "--kafka-ledger", paramLabel = "FILE", defaultValue = "tokenward-kafka-ledger.txt",
            description = "The ids of alerts the broker acknowledged (default: ${DEFAULT-VALUE}).")
    Path kafkaLedger;

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
    boolean noProgress;

    @Option(names = {"-q", "--quiet"}, description = "No notes on standard error other than the summary and errors.")
    boolean quiet;

    @Option(names = "--analytics", paramLabel = "IDS", split = ",",
            description = "Run only these analytics (comma-separated ids; `none` reads and enriches only). Default: all "
                    + "the configuration enables.")
    List<String> only;

    @Option(names = "--stats", paramLabel = "FILE", description = "Also write the run's figures as JSON (events, bytes, "
            + "time, rates, and each analytic's state: entities and serialized bytes), for benchmarks.")
    Path statsFile;

    @Override
    public Integer call() {
        PrintStream err = Terminal.err();
        Optional<Config> configured = common.config(err);
        if (configured.isEmpty()) {
            return Main.USAGE;
        }
        Config settings = configured.get();
        if (lateness != null) {
            try {
                settings = settings.withLateness(Durations.parse(lateness));
            } catch (IllegalArgumentException e) {
                err.println("tokenward: --lateness: " + e.getMessage());
                return Main.USAGE;
            }
        }
        if (only != null) {
            List<String> unknown = only.stream().filter(id -> !id.equals("none")
                    && dev.tokenward.analytic.Catalog.byId(id).isEmpty()).toList();
            if (!unknown.isEmpty()) {
                err.println("tokenward: --analytics: no such analytic: " + String.join(", ", unknown) + " (known: "
                        + String.join(", ", java.util.Arrays.stream(dev.tokenward.analytic.Catalog.values())
                        .map(dev.tokenward.analytic.Catalog::id).toList()) + ")");
                return Main.USAGE;
            }
            settings = settings.onlyAnalytics(only);
        }
        java.util.function.Function<Alert, Object> shape = switch (format) {
            case "tokenward" -> alert -> alert;
            case "ocsf" -> dev.tokenward.output.OcsfFinding::of;
            case "ecs" -> dev.tokenward.output.EcsAlert::of;
            default -> null;
        };
        if (shape == null) {
            err.println("tokenward: --format: no such format: " + format + " (known: tokenward, ocsf, ecs)");
            return Main.USAGE;
        }
        AlertFilter filter;
        try {
            filter = new AlertFilter(minSeverity == null ? null : Severity.of(minSeverity), time("--from", from), time("--to", to),
                    principals == null ? Set.of() : Set.copyOf(principals));
        } catch (IllegalArgumentException e) {
            err.println("tokenward: " + e.getMessage());
            return Main.USAGE;
        }
        Optional<Inputs> found = common.inputs(err, settings.input());
        if (found.isEmpty()) {
            return Main.USAGE;
        }
        Inputs inputs = found.get();
        List<Outputs.Wanted> wanted = new ArrayList<>();
        if (out != null) {
            wanted.add(new Outputs.Wanted("--out", out, false));
        }
        wanted.add(new Outputs.Wanted("--quarantine", common.quarantine, true));
        if (statsFile != null) {
            wanted.add(new Outputs.Wanted("--stats", statsFile, false));
        }
        if (incidentsFile != null) {
            wanted.add(new Outputs.Wanted("--incidents", incidentsFile, false));
        }
        boolean table = out == null && !json && Terminal.stdoutIsTerminal();
        int[] failed = {Main.FAILED};
        Optional<Outputs> planned = common.outputs(err, inputs, wanted, failed);
        if (planned.isEmpty()) {
            return failed[0];
        }
        long started = System.nanoTime();
        RunStats stats;
        List<Alert> shownAlerts = new ArrayList<>();
        try (Outputs outputs = planned.get()) {
            Enricher enricher;
            try {
                enricher = settings.enrichment().build();
            } catch (UncheckedIOException | IllegalArgumentException e) {
                err.println("tokenward: enrichment: " + e.getMessage());
                return Main.USAGE;
            }
            if (!enricher.geo().hasPlaces() && !quiet) {
                err.println("tokenward: no geolocation data in " + settings.enrichment().geoDirectoryOrDefault()
                        + " (run `tokenward geo update`); places and networks come from the logs alone, and records that give"
                        + " only an address (CloudTrail, Google Cloud, osquery, Zeek) are judged without place or network owner:"
                        + " a stolen long-term key used from abroad goes unseen");
            }
            List<Alert> shown = shownAlerts;
            List<Incident> incidents = new ArrayList<>();
            boolean linesOnTerminal = out == null && !table && Terminal.stdoutIsTerminal();
            try (enricher;
                 JsonLinesWriter<Object> alerts = table ? null : out == null ? JsonLinesWriter.toStream(Main.stdout(), "standard output")
                         : JsonLinesWriter.toFile(outputs.temporary("--out"));
                 JsonLinesWriter<Quarantined> quarantined = JsonLinesWriter.toFile(outputs.temporary("--quarantine"));
                 Terminal progress = Terminal.progress("detect", common.totalBytes(inputs), !noProgress && !linesOnTerminal)) {
                stats = Detection.run(inputs.files(), inputs.notRead(), settings, enricher, alert -> {
                    if (filter.test(alert)) {
                        shown.add(alert);
                        if (alerts != null) {
                            alerts.write(shape.apply(alert));
                        }
                    }
                }, incidents::add, quarantined::write, progress, statsFile != null);
            }
            Set<String> shownIds = shown.stream().map(Alert::id).collect(java.util.stream.Collectors.toSet());
            List<Incident> reported = filter.passesAll() ? incidents
                    : incidents.stream().filter(i -> AlertFilter.shown(i, shownIds)).toList();
            if (incidentsFile != null) {
                try (JsonLinesWriter<Incident> writer = JsonLinesWriter.toFile(outputs.temporary("--incidents"))) {
                    reported.forEach(writer::write);
                }
            }
            if (table) {
                PrintStream screen = new PrintStream(Main.stdout(), true, java.nio.charset.StandardCharsets.UTF_8);
                new HumanView(screen, HumanView.colourWanted()).print(shown, reported);
                screen.flush();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started).minus(stats.measuring());
            Summary.print(err, stats, inputs, took, settings.lateness(), settings.alerts().maxPerHour(), settings.state().maxHeldEvents(),
                    enricher.degradation(),
                    table ? "the table above" : out == null ? "standard output" : out.toString(), common.quarantine);
            if (!filter.passesAll()) {
                err.println("  shown:       " + shown.size() + " alerts pass --min-severity/--from/--to/--principal");
            }
            if (incidentsFile != null) {
                err.println("  incidents:   " + reported.stream().filter(Incident::standing).count() + " (and "
                        + reported.stream().filter(i -> !i.standing()).count() + " merged into them) -> " + incidentsFile);
            }
            if (statsFile != null) {
                Summary.writeJson(outputs.temporary("--stats"), stats, took, enricher.degradation());
            }
            outputs.commit();
        } catch (IOException | UncheckedIOException e) {
            err.println("tokenward: " + e.getMessage() + "; nothing was put in place of earlier output files");
            return Main.FAILED;
        }
        boolean allDelivered = true;
        if (webhook != null) {
            byte[] secret = secret(webhookSecretEnv, "--webhook-secret-env", err);
            allDelivered = secret != NOT_SET && delivered("webhook", webhook, new dev.tokenward.output.WebhookSink(webhook, secret, 5,
                    Duration.ofSeconds(1), java.time.Clock.systemUTC()), webhookLedger, shownAlerts, err);
        }
        if (elastic != null) {
            byte[] key = secret(elasticApiKeyEnv, "--elastic-api-key-env", err);
            allDelivered &= key != NOT_SET && delivered("elastic", elastic, new dev.tokenward.output.ElasticBulkSink(elastic, elasticIndex,
                    key == null ? null : "ApiKey " + new String(key, java.nio.charset.StandardCharsets.UTF_8), 5, Duration.ofSeconds(1)),
                    elasticLedger, shownAlerts, err);
        }
        if (splunk != null) {
            byte[] token = splunkTokenEnv == null ? NOT_SET : secret(splunkTokenEnv, "--splunk-token-env", err);
            if (splunkTokenEnv == null) {
                err.println("tokenward: --splunk needs --splunk-token-env VAR; nothing was sent");
            }
            allDelivered &= token != NOT_SET && delivered("splunk", splunk, new dev.tokenward.output.SplunkHecSink(splunk,
                    new String(token, java.nio.charset.StandardCharsets.UTF_8), splunkIndex, null, 5, Duration.ofSeconds(1),
                    Duration.ofSeconds(60)), splunkLedger, shownAlerts, err);
        }
        if (kafka != null) {
            Map<String, String> producer = kafkaProperties(kafkaConfig, err);
            allDelivered &= producer != null && delivered("kafka", java.net.URI.create("kafka://" + kafka.split(",")[0] + "/" + kafkaTopic),
                    new dev.tokenward.output.KafkaSink(kafka, kafkaTopic, producer,
                    Duration.ofSeconds(Math.max(1, kafkaTimeoutSeconds))), kafkaLedger, shownAlerts, err);
        }
        if (!allDelivered) {
            return Main.FAILED;
        }
        return stats.quarantined() > 0 ? Main.QUARANTINED : Main.OK;
    }

    /** The producer settings of a Kafka client properties file; none without one, null (said) when it cannot be read. */
    private static Map<String, String> kafkaProperties(Path file, PrintStream err) {
        if (file == null) {
            return Map.of();
        }
        java.util.Properties properties = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            err.println("tokenward: --kafka-config " + file + ": " + e.getMessage() + "; nothing was sent");
            return null;
        }
        Map<String, String> settings = new java.util.TreeMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        return settings;
    }

    /** Marks a secret option naming a variable that is not set. */
    private static final byte[] NOT_SET = new byte[0];

    /** The secret in the environment variable an option names; null without the option, {@link #NOT_SET} when it is not set. */
    private static byte[] secret(String variable, String option, PrintStream err) {
        if (variable == null) {
            return null;
        }
        String value = System.getenv(variable);
        if (value == null || value.isEmpty()) {
            err.println("tokenward: " + option + ": " + variable + " is not set; nothing was sent");
            return NOT_SET;
        }
        return value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Delivers the alerts shown to a sink; false when some could not be delivered (they are named). */
    private static boolean delivered(String name, java.net.URI where, dev.tokenward.output.AlertSink sink, Path ledgerFile,
                                     List<Alert> alerts, PrintStream err) {
        try (dev.tokenward.output.DeliveryLedger ledger = dev.tokenward.output.DeliveryLedger.open(ledgerFile)) {
            var report = sink.deliver(alerts, ledger);
            err.printf(java.util.Locale.ROOT, "  %-12s %d delivered, %d acknowledged before (%s), %d not delivered -> %s%n", name + ":",
                    report.delivered(), report.skipped(), ledgerFile, report.failed().size(), where);
            report.failed().stream().limit(10).forEach(f -> err.println("    not delivered: " + f));
            return report.failed().isEmpty();
        } catch (IOException | IllegalArgumentException e) {
            err.println("tokenward: --" + name + ": " + e.getMessage());
            return false;
        }
    }

    private static java.time.Instant time(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (java.time.format.DateTimeParseException notADate) {
                throw new IllegalArgumentException(option + ": not an ISO-8601 time or date: " + text);
            }
        }
    }
}
