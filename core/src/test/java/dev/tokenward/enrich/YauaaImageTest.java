package dev.tokenward.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.output.Json;
import dev.tokenward.source.FormatSamplesTest;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The analyzer read back from the build's image is yauaa's own, built from its rules. */
class YauaaImageTest {
    /** User agents that reach yauaa in real logs: browsers beyond the canonical ones, web views, apps, robots, tools. */
    private static final Set<String> USER_AGENTS = Set.of(
            "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/118.0.5993.111 Mobile Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 YaBrowser/24.1.0.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/444.0.0.41.110]",
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)",
            "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17126; Pro)",
            "Outlook-iOS/723.4027091.prod.iphone (4.2401.0)",
            "python-requests/2.31.0",
            "curl/8.5.0",
            "okhttp/4.12.0",
            "Go-http-client/2.0",
            "Mozilla/5.0");

    private static UserAgentAnalyzer fromRules;
    private static UserAgentAnalyzer fromImage;

    @BeforeAll
    static void loadBoth() {
        Logging.quietLog4j();
        fromRules = YauaaImage.build();
        fromImage = YauaaImage.fromImage();
    }

    @Test
    void theBuildLeavesAnImageOfTheCurrentVersions() {
        assertThat(fromImage).as("the image %s beside YauaaImage, stamped %s (written by the build's process-classes step)",
                YauaaImage.RESOURCE, YauaaImage.stamp()).isNotNull();
    }

    @Test
    void theImageParsesAsTheRulesDo() throws IOException {
        Set<String> userAgents = new TreeSet<>(USER_AGENTS);
        Optional<Path> corpus = FormatSamplesTest.corpus();
        if (corpus.isPresent()) {
            userAgents.addAll(userAgentsIn(corpus.get()));
        }
        assertThat(fromImage).isNotNull();
        for (String userAgent : userAgents) {
            assertThat(fields(fromImage.parse(userAgent))).as(userAgent).isEqualTo(fields(fromRules.parse(userAgent)));
        }
        assertThat(fields(fromImage.parse(
                "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36")))
                .isEqualTo(Map.of(UserAgent.AGENT_CLASS, "Browser", UserAgent.AGENT_NAME, "SamsungBrowser",
                        UserAgent.AGENT_VERSION_MAJOR, "25", UserAgent.OPERATING_SYSTEM_NAME, "Android"));
    }

    @Test
    void anImageOfOtherVersionsIsPassedOver() {
        assertThat(YauaaImage.read(image(YauaaImage.stamp().replace("yauaa ", "yauaa 0.")))).isNull();
    }

    @Test
    void aCutImageIsPassedOver() {
        byte[] whole = image(YauaaImage.stamp()).readAllBytes();
        assertThat(YauaaImage.read(new ByteArrayInputStream(whole))).isNotNull();
        assertThat(YauaaImage.read(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length / 2)))).isNull();
    }

    @Test
    void withoutAUsableImageTheAnalyzerIsBuiltFromTheRules() {
        UserAgentAnalyzer built = YauaaImage.load(new ByteArrayInputStream(new byte[0]));
        assertThat(built).isNotSameAs(fromImage).isNotSameAs(fromRules);
        for (String userAgent : USER_AGENTS) {
            assertThat(fields(built.parse(userAgent))).as(userAgent).isEqualTo(fields(fromRules.parse(userAgent)));
        }
    }

    private static ByteArrayInputStream image(String stamp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        YauaaImage.write(fromRules, stamp, out);
        return new ByteArrayInputStream(out.toByteArray());
    }

    private static Map<String, String> fields(UserAgent parsed) {
        return Map.of(UserAgent.AGENT_CLASS, parsed.getValue(UserAgent.AGENT_CLASS),
                UserAgent.AGENT_NAME, parsed.getValue(UserAgent.AGENT_NAME),
                UserAgent.AGENT_VERSION_MAJOR, parsed.getValue(UserAgent.AGENT_VERSION_MAJOR),
                UserAgent.OPERATING_SYSTEM_NAME, parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME));
    }

    /** Every text the corpus's records hold under a user-agent member, whatever the product calls it. */
    private static Set<String> userAgentsIn(Path corpus) throws IOException {
        Set<String> found = new TreeSet<>();
        try (BufferedReader lines = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                collect(Json.mapper().readTree(line).get("event"), found);
            }
        }
        return found;
    }

    private static void collect(JsonNode node, Set<String> found) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                String name = member.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
                if (member.getValue().isTextual() && name.endsWith("useragent")) {
                    found.add(member.getValue().asText());
                } else {
                    collect(member.getValue(), found);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, found));
        }
    }
}
