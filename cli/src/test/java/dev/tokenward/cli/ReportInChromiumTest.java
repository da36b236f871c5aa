package dev.tokenward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenward.output.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The HTML report as a person sees it: rendered by headless Chromium (Debian's package, which
 * {@code .ci/run} installs), never skipped when Chromium is missing. Attacker-controlled strings
 * (a user agent carrying an {@code onerror=} payload, a principal name carrying a script) must
 * render as text.
 */
class ReportInChromiumTest {
    private static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();
    private static final String IMG_PAYLOAD = "<img src=x onerror=\"document.title='pwned'\">";
    private static final String SCRIPT_PAYLOAD = "<script>document.title='pwned'</script>";

    @TempDir
    static Path work;
    static Path chromium;

    @BeforeAll
    static void findChromium() {
        String configured = System.getenv("TOKENWARD_CHROMIUM");
        Stream<Path> candidates = configured != null ? Stream.of(Path.of(configured))
                : Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome").map(Path::of);
        chromium = candidates.filter(Files::isExecutable).findFirst().orElse(null);
        if (chromium == null) {
            fail("Chromium is needed to test the HTML report: install Debian's package (apt-get install chromium, as .ci/run does) "
                    + "or point TOKENWARD_CHROMIUM at a Chromium or Chrome binary");
        }
    }

    private static Path detect(Path logs, String name) throws IOException {
        Path config = work.resolve("defaults.yaml");
        Files.writeString(config, "enrichment:\n  geoDirectory: " + work.resolve("no-geo") + "\n  userAgents: rules\n");
        Path alerts = work.resolve(name + ".jsonl");
        Cli result = Cli.run("detect", logs.toString(), "--config", config.toString(), "--out", alerts.toString(),
                "--quarantine", work.resolve(name + "-q.jsonl").toString());
        assertThat(result.exit()).as(result.err()).isIn(0, 3);
        return alerts;
    }

    private static Path report(Path alerts, String name) {
        Path html = work.resolve(name + ".html");
        Cli result = Cli.run("report", alerts.toString(), "--out", html.toString());
        assertThat(result.exit()).as(result.err()).isZero();
        return html;
    }

    /** The document as Chromium built it, after parsing and styling. */
    private static String rendered(Path html, String... more) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + work.resolve("profile")));
        command.addAll(List.of(more));
        command.add(more.length == 0 ? "--dump-dom" : "--hide-scrollbars");
        command.add(html.toUri().toString());
        Process process = new ProcessBuilder(command).redirectError(work.resolve("chromium.log").toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("Chromium finished").isTrue();
        assertThat(process.exitValue()).as("Chromium's exit status; its log: " + Files.readString(work.resolve("chromium.log"))).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void theSamplesReportShowsEveryIncidentWithItsPlaybookAndMap() throws Exception {
        Path html = report(detect(SAMPLES, "samples"), "samples");
        String dom = rendered(html);

        assertThat(count(dom, "<section class=\"incident\"")).isEqualTo(7);
        assertThat(dom).contains("<title>Tokenward report</title>").contains("Tier 2: escalate (6)").contains("Tier 1: first line (1)")
                .contains("Was the token used from an unfamiliar address or place?")
                .contains("Deny the federation token through the IAM user that minted it")
                .contains("MFA fatigue");
        assertThat(count(dom, "<circle")).as("places on the maps").isGreaterThanOrEqualTo(4);

        Path shot = work.resolve("samples.png");
        rendered(html, "--screenshot=" + shot, "--window-size=1280,2000");
        assertThat(Files.size(shot)).as("a screenshot with something on it").isGreaterThan(20_000);
    }

    @Test
    void attackerControlledStringsRenderAsText() throws Exception {
        List<String> lines = Files.readAllLines(detect(SAMPLES, "hostile-source"));
        List<String> hostile = new ArrayList<>();
        for (String line : lines) {
            ObjectNode alert = (ObjectNode) Json.mapper().readTree(line);
            alert.put("principal", "mallory" + SCRIPT_PAYLOAD + "@tidewateranalytics.com");
            alert.put("title", alert.get("title").asText() + " " + IMG_PAYLOAD);
            for (JsonNode evidence : alert.get("evidence")) {
                ((ObjectNode) evidence).put("userAgent", "Mozilla/5.0 " + IMG_PAYLOAD);
                ((ObjectNode) evidence.get("origin")).put("file", "logs/\"><img src=x onerror=alert(1)>.json");
            }
            hostile.add(Json.mapper().writeValueAsString(alert));
        }
        Path alerts = work.resolve("hostile.jsonl");
        Files.write(alerts, hostile);

        String dom = rendered(report(alerts, "hostile"));

        assertThat(dom).contains("<title>Tokenward report</title>").doesNotContain("pwned</title>");
        assertThat(count(dom, "<img")).as("img elements").isZero();
        assertThat(count(dom, "<script")).as("script elements").isZero();
        assertThat(dom).contains("Mozilla/5.0 &lt;img src=x onerror=\"document.title='pwned'\"&gt;")
                .contains("mallory&lt;script&gt;document.title='pwned'&lt;/script&gt;@tidewateranalytics.com");
    }

    @Test
    void aSimulatedOrganisationsReportRenders() throws Exception {
        Path sim = work.resolve("sim");
        Cli simulated = Cli.run("simulate", "--principals", "60", "--days", "5", "--seed", "5", "--out", sim.toString());
        assertThat(simulated.exit()).as(simulated.err()).isZero();
        Path html = report(detect(sim.resolve("logs"), "sim"), "sim");
        String dom = rendered(html);
        assertThat(count(dom, "<section class=\"incident\"")).isGreaterThan(3);
        assertThat(dom).contains("Tier 2: escalate");
    }

    private static int count(String text, String what) {
        Matcher matcher = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }
}
