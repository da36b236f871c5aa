package dev.tokenward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenward.output.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The main job, end to end, on the bundled samples and on bad input. */
class DetectCommandTest {
    private static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();

    @TempDir
    Path work;

    private final StringWriter err = new StringWriter();

    /** Default settings, but no geo data of this machine's: results must not depend on what was downloaded. */
    private Path defaults() throws IOException {
        Path config = work.resolve("defaults.yaml");
        Files.writeString(config, "enrichment:\n  geoDirectory: " + work.resolve("no-geo") + "\n");
        return config;
    }

    /** The same with rule-based user agents, which start instantly. */
    private Path fast() throws IOException {
        Path config = work.resolve("fast.yaml");
        Files.writeString(config, "enrichment:\n  geoDirectory: " + work.resolve("no-geo") + "\n  userAgents: rules\n");
        return config;
    }

    private int run(String... args) {
        Cli result = Cli.run(args);
        System.out.print(result.out());
        err.write(result.err());
        return result.exit();
    }

    private static List<JsonNode> alerts(Path file) throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            alerts.add(Json.mapper().readTree(line));
        }
        return alerts;
    }

    @Test
    void theSamplesRaiseTheirIncidentsAndNothingElse() throws IOException {
        Path out = work.resolve("alerts.jsonl");
        Path quarantine = work.resolve("quarantine.jsonl");
        int status = run("detect", SAMPLES.toString(), "--out", out.toString(), "--quarantine", quarantine.toString(),
                "--no-progress", "--config", defaults().toString());

        assertThat(status).as(err.toString()).isEqualTo(Main.OK);
        assertThat(quarantine).doesNotExist();
        List<JsonNode> alerts = alerts(out);
        assertThat(alerts).extracting(a -> a.get("analytic").asText() + " " + a.get("principal").asText() + " " + a.get("severity").asText())
                .containsExactlyInAnyOrder(
                        "credential-roaming priya.raman@tidewateranalytics.com critical",
                        "impossible-travel priya.raman@tidewateranalytics.com high",
                        "mfa-not-satisfied arn:aws:iam::482910376154:user/tom.becker medium",
                        "mfa-not-satisfied anna.kowalski@tidewateranalytics.com medium",
                        "failures-then-access anna.kowalski@tidewateranalytics.com high",
                        "oauth-consent-then-use li.wei@tidewateranalytics.com critical",
                        "credential-roaming arn:aws:iam::482910376154:user/tom.becker medium",
                        "new-credential-unusual-api arn:aws:iam::482910376154:user/tom.becker medium",
                        "mass-api-access arn:aws:iam::482910376154:user/tom.becker high",
                        "federation-token-abuse arn:aws:iam::482910376154:user/tom.becker high",
                        "new-credential-unusual-api arn:aws:sts::482910376154:federated-user/aws-support high",
                        "new-credential-unusual-api arn:aws:sts::482910376154:federated-user/aws-support high",
                        "credential-without-authentication arn:aws:iam::482910376154:user/tom.becker medium",
                        "workload-credential-exfiltration arn:aws:sts::482910376154:assumed-role/etl-worker-instance-role/"
                                + "i-0a3f5c9e2b7d41e86 high",
                        "new-credential-unusual-api arn:aws:sts::482910376154:assumed-role/etl-worker-instance-role/"
                                + "i-0a3f5c9e2b7d41e86 medium",
                        "automation-client sarah.mitchell@tidewateranalytics.com high",
                        "credential-store-scraping sarah.mitchell@tidewateranalytics.com high");
        JsonNode roaming = alerts.stream().filter(a -> a.get("analytic").asText().equals("credential-roaming")).findFirst().orElseThrow();
        assertThat(roaming.get("title").asText()).contains("Helsinki");
        assertThat(roaming.get("evidence")).hasSize(2);
        assertThat(roaming.get("evidence").get(0).get("origin").get("file").asText()).contains("samples/okta/");
        assertThat(roaming.get("triage").get("tier").asInt()).isEqualTo(2);
        assertThat(err.toString()).as("the Seattle office is learnt from seven people's MFA sign-ins on three days, and excuses "
                + "anna.kowalski's hop from it to Lagos as travel (failures-then-access finds her MFA fatigue)")
                .contains("learnt:      1 organisation network prefix and 0 mobile carriers (baseline.organisation); "
                        + "1 location alert from before they were known excused by them");
        assertThat(err.toString()).contains("quarantined: none").contains("alerts:      17 (automation-client 1, credential-roaming 2, credential-store-scraping 1, "
                + "credential-without-authentication 1, failures-then-access 1, "
                + "federation-token-abuse 1, impossible-travel 1, mass-api-access 1, mfa-not-satisfied 2, new-credential-unusual-api 4, "
                + "oauth-consent-then-use 1, workload-credential-exfiltration 1)");
    }

    @Test
    void analyticsCanBeChosenAndAnUnknownOneIsRefusedByName() throws IOException {
        Path out = work.resolve("alerts.jsonl");
        assertThat(run("detect", SAMPLES.toString(), "--out", out.toString(), "--no-progress", "--config", fast().toString(),
                "--analytics", "mfa-not-satisfied")).isEqualTo(Main.OK);
        assertThat(alerts(out)).extracting(a -> a.get("analytic").asText()).containsOnly("mfa-not-satisfied").hasSize(2);

        assertThat(run("detect", SAMPLES.toString(), "--out", out.toString(), "--no-progress", "--config", fast().toString(),
                "--analytics", "none")).isEqualTo(Main.OK);
        assertThat(alerts(out)).isEmpty();

        assertThat(run("detect", SAMPLES.toString(), "--no-progress", "--analytics", "impossible-travle"))
                .isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("no such analytic: impossible-travle").contains("credential-roaming");
    }

    @Test
    void alertsCanBeWrittenAsOcsfDetectionFindingsOrEcsDocumentsWithTheSameIds() throws IOException {
        Path plain = work.resolve("alerts.jsonl");
        Path ocsf = work.resolve("findings.jsonl");
        Path ecs = work.resolve("ecs.jsonl");
        for (String[] run : List.of(new String[] {"tokenward", plain.toString()}, new String[] {"ocsf", ocsf.toString()},
                new String[] {"ecs", ecs.toString()})) {
            assertThat(run("detect", SAMPLES.toString(), "--out", run[1], "--no-progress", "--config", fast().toString(),
                    "--analytics", "mfa-not-satisfied", "--format", run[0])).isEqualTo(Main.OK);
        }
        List<String> ids = alerts(plain).stream().map(a -> a.get("id").asText()).toList();
        assertThat(ids).hasSize(2);
        assertThat(alerts(ocsf)).allSatisfy(f -> {
            assertThat(f.get("class_uid").asInt()).isEqualTo(2004);
            assertThat(f.get("type_uid").asInt()).isEqualTo(200401);
            assertThat(f.at("/finding_info/analytic/uid").asText()).isEqualTo("mfa-not-satisfied");
        }).extracting(f -> f.at("/finding_info/uid").asText()).containsExactlyElementsOf(ids);
        assertThat(alerts(ecs)).extracting(d -> d.at("/event/id").asText()).containsExactlyElementsOf(ids);

        assertThat(run("detect", SAMPLES.toString(), "--no-progress", "--format", "cef")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--format: no such format: cef (known: tokenward, ocsf, ecs)");
    }

    @Test
    void alertsDoNotDependOnHowFilesAreNamedOrOrdered() throws IOException {
        Path first = work.resolve("first.jsonl");
        assertThat(run("detect", SAMPLES.toString(), "--out", first.toString(), "--no-progress", "--config", fast().toString()))
                .isEqualTo(Main.OK);

        Path shuffled = work.resolve("shuffled");
        Files.createDirectories(shuffled);
        List<Path> files;
        try (Stream<Path> tree = Files.walk(SAMPLES)) {
            files = tree.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList();
        }
        for (int i = 0; i < files.size(); i++) {
            String name = String.format(java.util.Locale.ROOT, "%03d-%s", files.size() - i, files.get(i).getFileName());
            Files.copy(files.get(i), shuffled.resolve(name));
        }
        Path second = work.resolve("second.jsonl");
        assertThat(run("detect", shuffled.toString(), "--out", second.toString(), "--no-progress", "--config", fast().toString()))
                .isEqualTo(Main.OK);

        assertThat(withoutFileNames(alerts(second))).isEqualTo(withoutFileNames(alerts(first)));
    }

    private static List<JsonNode> withoutFileNames(List<JsonNode> alerts) {
        for (JsonNode alert : alerts) {
            for (JsonNode evidence : alert.get("evidence")) {
                ((ObjectNode) evidence.get("origin")).remove("file");
            }
        }
        return alerts;
    }

    @Test
    void badInputIsQuarantinedAndTheRunCompletes() throws IOException {
        Path logs = work.resolve("logs");
        Files.createDirectories(logs);
        try (Stream<Path> okta = Files.list(SAMPLES.resolve("okta"))) {
            Path source = okta.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
            Files.copy(source, logs.resolve("okta.json"));
        }
        Files.write(logs.resolve("export.json"), new byte[] {0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x00});
        Files.writeString(logs.resolve("truncated.json"), "{\"Records\":[{\"eventVersion\":\"1.09\",\"eventTime\":\"2026-11-17T14:05:02Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"ListBuck");
        Path quarantine = work.resolve("quarantine.jsonl");

        int status = run("detect", logs.toString(), "--out", work.resolve("alerts.jsonl").toString(),
                "--quarantine", quarantine.toString(), "--no-progress", "--config", fast().toString());

        assertThat(status).isEqualTo(Main.QUARANTINED);
        List<JsonNode> entries = alerts(quarantine);
        assertThat(entries).extracting(q -> q.get("file").asText().replaceAll(".*/", "") + ": " + q.get("reason").asText())
                .containsExactlyInAnyOrder(
                        "export.json: a ZIP archive that cannot be opened (damaged or cut short): Archive is not a ZIP archive",
                        "truncated.json: truncated: the file ends inside this record, after 112 bytes of it");
        assertThat(alerts(work.resolve("alerts.jsonl"))).extracting(a -> a.get("analytic").asText()).contains("credential-roaming");
        assertThat(err.toString()).contains("quarantined: 2 records, lines or files");
    }

    @Test
    void lateEventsThatTouchedAnAlertedEntityMakeTheSummarySuggestALateness() throws IOException {
        java.io.ByteArrayOutputStream concatenated = new java.io.ByteArrayOutputStream();
        try (Stream<Path> tree = Files.walk(SAMPLES.resolve("cloudtrail"))) {
            for (Path file : tree.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json.gz")).sorted().toList()) {
                concatenated.write(Files.readAllBytes(file));
            }
        }
        java.io.InputStream stdin = System.in;
        System.setIn(new java.io.ByteArrayInputStream(concatenated.toByteArray()));
        Path stats = work.resolve("stats.json");
        try {
            assertThat(run("detect", "-", "--out", work.resolve("alerts.jsonl").toString(), "--no-progress", "--config", fast().toString(),
                    "--stats", stats.toString())).isEqualTo(Main.OK);
        } finally {
            System.setIn(stdin);
        }
        assertThat(err.toString()).containsPattern("late: +\\d+ events arrived later than the allowed lateness of 15m \\(cloudtrail \\d+; "
                + "the latest about \\d+h behind\\)")
                .containsPattern("\\d+ of them concerned principals or credentials that alerted; their alerts may change with "
                        + "--lateness \\d+[hd]");
        JsonNode figures = Json.mapper().readTree(stats.toFile());
        assertThat(figures.get("late").asLong()).isPositive();
        assertThat(figures.get("lateBySource").get("cloudtrail").asLong()).isEqualTo(figures.get("late").asLong());
        assertThat(figures.get("lateBeforeAlerts").asLong()).isPositive().isLessThanOrEqualTo(figures.get("late").asLong());
    }

    @Test
    void statsGiveTheStatePerPrincipalAndPerCredentialAsEveryHoldersBytesOverTheKeysHoldingAny() throws IOException {
        Path stats = work.resolve("stats.json");
        assertThat(run("detect", SAMPLES.toString(), "--out", work.resolve("alerts.jsonl").toString(), "--no-progress",
                "--config", fast().toString(), "--stats", stats.toString())).isEqualTo(Main.OK);
        JsonNode figures = Json.mapper().readTree(stats.toFile());
        for (String kind : List.of("PRINCIPAL", "CREDENTIAL")) {
            long bytes = 0;
            long largestHolder = 0;
            for (JsonNode held : figures.get("state")) {
                if (held.get("keyedBy").asText().equals(kind)) {
                    bytes += held.get("bytes").asLong();
                    largestHolder = Math.max(largestHolder, held.get("entities").asLong());
                }
            }
            long keys = figures.get("stateKeys").get(kind).asLong();
            assertThat(keys).as("distinct %s keys: at least as many as the largest holder's", kind).isGreaterThanOrEqualTo(largestHolder)
                    .isPositive();
            String figure = kind.equals("PRINCIPAL") ? "stateBytesPerPrincipal" : "stateBytesPerCredential";
            assertThat(figures.get(figure).asLong()).as(figure).isEqualTo(bytes / keys);
        }
    }

    @Test
    void evaluateScoresTheSamplesAgainstTheirGroundTruth() throws IOException {
        Path out = work.resolve("alerts.jsonl");
        assertThat(run("detect", SAMPLES.toString(), "--out", out.toString(), "--no-progress", "--config", fast().toString()))
                .isEqualTo(Main.OK);
        PrintStream stdout = System.out;
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        System.setOut(new PrintStream(report, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = run("evaluate", "--truth", SAMPLES.resolve("truth.jsonl").toString(), "--alerts", out.toString(), "--json");
        } finally {
            System.setOut(stdout);
        }
        assertThat(status).isEqualTo(Main.OK);
        JsonNode json = Json.mapper().readTree(report.toString(StandardCharsets.UTF_8));
        assertThat(json.get("overall").get("storylines").asInt()).isEqualTo(7);
        assertThat(json.get("overall").get("detected").asInt()).isEqualTo(7);
        assertThat(json.get("overall").get("falseAlerts").asInt()).isZero();
        assertThat(json.get("overall").get("precision").asDouble()).isEqualTo(1.0);
        assertThat(json.get("principalDays").asInt()).isEqualTo(24);
    }

    @Test
    void aBadConfigurationIsRefusedWithEveryProblem() throws IOException {
        Path config = work.resolve("tokenward.yaml");
        Files.writeString(config, "lateness: soon\nanalytics:\n  credential-roaming: {maxNetworks: 1}\n  impossible-travels: {}\n");
        int status = run("detect", SAMPLES.toString(), "--config", config.toString(), "--no-progress");
        assertThat(status).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("lateness: not a duration").contains("maxNetworks must be at least 2")
                .contains("analytics.impossible-travels: no such analytic");
    }

    @Test
    void aMissingPathIsAUsageError() {
        assertThat(run("detect", work.resolve("nowhere").toString())).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("no such file or directory");
    }

    @Test
    void coverageReportsWhatEachAnalyticCanUse() throws IOException {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = run("coverage", SAMPLES.toString(), "--config", fast().toString());
        } finally {
            System.setOut(stdout);
        }
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(Main.OK);
        assertThat(report).contains("credential-roaming: can run").contains("mfa-not-satisfied: can run")
                .containsPattern("cloudtrail +\\d+ events +2026-11-16")
                .containsPattern("better with +network\\.asn .*cloudtrail 0% of")
                .contains("! geolocation data is missing")
                .contains("credential-store-scraping: can run").contains("automation-client: can run")
                .contains("What these sources cannot show")
                .containsPattern("onepassword +item use is logged only for items in shared vaults")
                .doesNotContain("fills action.revealed on only");
    }

    @Test
    void alertsKafkaCouldNotTakeFailTheRunAndAreNamedButTheOutputIsWritten() throws IOException {
        Path out = work.resolve("alerts.jsonl");
        Path ledger = work.resolve("kafka-ledger.txt");
        Path producer = work.resolve("producer.properties");
        Files.writeString(producer, "client.dns.lookup=use_all_dns_ips\n");
        int status = run("detect", SAMPLES.toString(), "--out", out.toString(), "--no-progress", "--config", fast().toString(),
                "--analytics", "mfa-not-satisfied", "--kafka", "127.0.0.1:1", "--kafka-topic", "soc.alerts", "--kafka-timeout", "3", "--kafka-config",
                producer.toString(), "--kafka-ledger", ledger.toString());

        assertThat(status).isEqualTo(Main.FAILED);
        assertThat(alerts(out)).hasSize(2);
        assertThat(err.toString()).contains("kafka:       0 delivered, 0 acknowledged before (" + ledger + "), 2 not delivered -> "
                + "kafka://127.0.0.1:1/soc.alerts").contains("    not delivered: ");
        assertThat(Files.readString(ledger)).isEmpty();

        err.getBuffer().setLength(0);
        assertThat(run("detect", SAMPLES.toString(), "--out", out.toString(), "--no-progress", "--config", fast().toString(),
                "--analytics", "mfa-not-satisfied", "--kafka", "127.0.0.1:1", "--kafka-config", work.resolve("missing.properties").toString()))
                .isEqualTo(Main.FAILED);
        assertThat(err.toString()).contains("tokenward: --kafka-config " + work.resolve("missing.properties"));
    }
}
