package dev.tokenward.enrich;

import dev.tokenward.event.Agent;
import dev.tokenward.event.ClientClass;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies user agents: the rules of {@code user-agents.tsv} first (tools, SDKs, scripts,
 * automation and native apps, which general parsers tend to call robots), then the canonical
 * strings of the major browsers, which need no parser, then yauaa for everything else (other
 * browsers, web views, bots). yauaa takes seconds and over 100 MB to load its rules, so it is
 * loaded on the first user agent that needs it, and not at all when none does. Results are cached
 * by the caller.
 */
public final class ClientClassifier {
    private static final String RULES = "user-agents.tsv";
    /** A rule's agent name that says: the name is what the pattern's first group matched. */
    private static final String NAME_FROM_MATCH = "$1";
    private static final Pattern VERSION = Pattern.compile("[/ v]([0-9]+)[.0-9]*");
    private static final Pattern IOS = Pattern.compile("\\bios\\b|\\bios[ _/][0-9]|-ios/");
    /** Chrome, Edge and Safari as they identify themselves on Windows, macOS, Linux, iOS and Android, and nothing else. */
    private static final Pattern CANONICAL_WEBKIT = Pattern.compile("^Mozilla/5\\.0 \\((Windows NT [0-9.]+; Win64; x64|Macintosh; Intel Mac OS X [0-9_]+"
            + "|X11; Linux x86_64|iPhone; CPU iPhone OS [0-9_]+ like Mac OS X|iPad; CPU OS [0-9_]+ like Mac OS X"
            + "|Linux; Android [0-9.]+; K)\\) AppleWebKit/[0-9.]+ \\(KHTML, like Gecko\\) "
            + "(?:Chrome/([0-9]+)[0-9.]* (?:Mobile )?Safari/[0-9.]+(?: Edg/([0-9]+)[0-9.]*)?"
            + "|Version/([0-9]+)[0-9.]* (?:Mobile/[0-9A-Z]+ )?Safari/[0-9.]+)$");
    private static final Pattern CANONICAL_FIREFOX = Pattern.compile("^Mozilla/5\\.0 \\((Windows NT [0-9.]+; Win64; x64|Macintosh; Intel Mac OS X [0-9.]+"
            + "|X11; Linux x86_64|X11; Ubuntu; Linux x86_64); rv:[0-9.]+\\) Gecko/20100101 Firefox/([0-9]+)[0-9.]*$");

    private final List<Rule> rules;
    private CompletableFuture<UserAgentAnalyzer> yauaa;

    private ClientClassifier(List<Rule> rules, CompletableFuture<UserAgentAnalyzer> yauaa) {
        this.rules = rules;
        this.yauaa = yauaa;
    }

    /** Rules, canonical browsers, then yauaa (loaded when first needed). */
    public static ClientClassifier withYauaa() {
        Logging.quietLog4j();
        return new ClientClassifier(builtInRules(), new CompletableFuture<>());
    }

    /** Rules and a plain browser heuristic only: fast to start, less precise on browsers and bots. */
    public static ClientClassifier rulesOnly() {
        return new ClientClassifier(builtInRules(), null);
    }

    public Agent classify(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return Agent.UNKNOWN;
        }
        for (Rule rule : rules) {
            Matcher match = rule.pattern().matcher(userAgent);
            if (match.find()) {
                if (rule.name().equals(NAME_FROM_MATCH)) {
                    return new Agent(rule.clientClass(), match.group(1), version(userAgent, match.end(1)), os(userAgent));
                }
                return new Agent(rule.clientClass(), rule.name(), version(userAgent, Math.max(match.start(), match.end() - 1)), os(userAgent));
            }
        }
        Agent canonical = canonicalBrowser(userAgent);
        if (canonical != null) {
            return canonical;
        }
        UserAgentAnalyzer analyzer = analyzer();
        return analyzer == null ? browserHeuristic(userAgent) : fromYauaa(analyzer.parse(userAgent), userAgent);
    }

    /** The major browsers' own strings, read directly; null for anything else. */
    static Agent canonicalBrowser(String userAgent) {
        Matcher webkit = CANONICAL_WEBKIT.matcher(userAgent);
        if (webkit.matches()) {
            String os = os(webkit.group(1));
            if (webkit.group(3) != null) {
                return new Agent(ClientClass.BROWSER, "Edge", webkit.group(3), os);
            }
            if (webkit.group(2) != null) {
                return new Agent(ClientClass.BROWSER, "Chrome", webkit.group(2), os);
            }
            return new Agent(ClientClass.BROWSER, "Safari", webkit.group(4), os);
        }
        Matcher firefox = CANONICAL_FIREFOX.matcher(userAgent);
        if (firefox.matches()) {
            return new Agent(ClientClass.BROWSER, "Firefox", firefox.group(2), os(firefox.group(1)));
        }
        return null;
    }

    /** yauaa once it has loaded, or null when there is none or it failed to load (said once, on standard error). */
    private UserAgentAnalyzer analyzer() {
        if (yauaa == null) {
            return null;
        }
        if (!yauaa.isDone()) {
            try {
                yauaa.complete(UserAgentAnalyzer.newBuilder()
                        .hideMatcherLoadStats()
                        .withoutCache()
                        .withFields(UserAgent.AGENT_CLASS, UserAgent.AGENT_NAME, UserAgent.AGENT_VERSION_MAJOR,
                                UserAgent.OPERATING_SYSTEM_NAME, UserAgent.DEVICE_CLASS)
                        .immediateInitialization()
                        .build());
            } catch (RuntimeException | LinkageError failed) {
                yauaa.completeExceptionally(failed);
            }
        }
        try {
            return yauaa.join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException failed) {
            System.err.println("tokenward: user-agent parser unavailable (" + failed.getCause()
                    + "); classifying user agents by rules alone");
            yauaa = null;
            return null;
        }
    }

    private static Agent fromYauaa(UserAgent parsed, String raw) {
        String agentClass = parsed.getValue(UserAgent.AGENT_CLASS);
        String deviceClass = parsed.getValue(UserAgent.DEVICE_CLASS);
        ClientClass clientClass = switch (agentClass) {
            case "Browser" -> ClientClass.BROWSER;
            case "Browser Webview", "Mobile App", "Email Client" -> ClientClass.MOBILE_APP;
            case "Robot", "Robot Mobile", "Robot Imitator", "Cloud Application" -> ClientClass.BOT;
            case "Hacker" -> ClientClass.ATTACK_TOOL;
            default -> "Hacker".equals(deviceClass) ? ClientClass.ATTACK_TOOL : ClientClass.UNKNOWN;
        };
        String name = known(parsed.getValue(UserAgent.AGENT_NAME));
        String version = known(parsed.getValue(UserAgent.AGENT_VERSION_MAJOR));
        String os = osFamily(known(parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME)));
        return new Agent(clientClass, name, version, os != null ? os : os(raw));
    }

    /** Without yauaa: Mozilla-style strings are browsers, named by their most specific token. */
    private static Agent browserHeuristic(String userAgent) {
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (!ua.startsWith("mozilla/") && !ua.startsWith("opera/")) {
            return new Agent(ClientClass.UNKNOWN, userAgent.split("[/ ;(]", 2)[0], version(userAgent, 0), os(userAgent));
        }
        String name = ua.contains("edg/") ? "Edge" : ua.contains("opr/") ? "Opera" : ua.contains("firefox/") ? "Firefox"
                : ua.contains("chrome/") || ua.contains("crios/") ? "Chrome" : ua.contains("safari/") ? "Safari" : null;
        return new Agent(name == null ? ClientClass.UNKNOWN : ClientClass.BROWSER, name, null, os(userAgent));
    }

    /** The operating system family a user agent names, in the same words whichever parser read it. */
    static String os(String userAgent) {
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (ua.contains("iphone") || ua.contains("ipad") || IOS.matcher(ua).find()) {
            return "iOS";
        }
        if (ua.contains("android")) {
            return "Android";
        }
        if (ua.contains("windows")) {
            return "Windows";
        }
        if (ua.contains("mac os x") || ua.contains("macintosh") || ua.contains("os/macos")) {
            return "macOS";
        }
        if (ua.contains("cros ")) {
            return "ChromeOS";
        }
        if (ua.contains("linux")) {
            return "Linux";
        }
        return null;
    }

    private static String osFamily(String yauaaName) {
        if (yauaaName == null) {
            return null;
        }
        return switch (yauaaName) {
            case "Mac OS", "Mac OS X", "macOS" -> "macOS";
            case "Windows NT", "Windows" -> "Windows";
            case "iOS", "iPadOS" -> "iOS";
            case "Android" -> "Android";
            case "Chrome OS" -> "ChromeOS";
            case "Linux", "Ubuntu", "Fedora" -> "Linux";
            default -> null;
        };
    }

    private static String known(String value) {
        return value == null || value.startsWith("Unknown") || value.equals("??") || value.equals("Hacker") ? null : value;
    }

    private static String version(String userAgent, int from) {
        Matcher version = VERSION.matcher(userAgent);
        return version.find(Math.max(0, Math.min(from, userAgent.length()))) ? version.group(1) : null;
    }

    private static List<Rule> builtInRules() {
        List<Rule> rules = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                ClientClassifier.class.getResourceAsStream(RULES), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                rules.add(new Rule(ClientClass.valueOf(fields[0]), Pattern.compile(fields[1], Pattern.CASE_INSENSITIVE), fields[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in " + RULES, e);
        }
        return List.copyOf(rules);
    }

    private record Rule(ClientClass clientClass, Pattern pattern, String name) {
    }
}
