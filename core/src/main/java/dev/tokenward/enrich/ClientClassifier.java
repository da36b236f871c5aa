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
 * browsers, web views, bots). yauaa takes about a second and 110 MB of heap to load (from the
 * build's {@link YauaaImage}), so it is loaded on the first user agent that needs it, and not at
 * all when none does; with less than
 * {@link #HEAP_FOR_YAUAA} of heap it is not loaded, and a heuristic that gives the same client
 * classes on the test corpora stands in, the run being reported as degraded. Results are cached by
 * the caller.
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

    /** The heap below which yauaa is not loaded: its matchers alone keep 110 MB, and the analytics' state needs the rest. */
    static final long HEAP_FOR_YAUAA = 400L << 20;

    private final List<Rule> rules;
    private CompletableFuture<UserAgentAnalyzer> yauaa;
    private final long heap;
    /** Why yauaa stood aside, once it did; null while it is in use or not yet needed. */
    private String withoutYauaa;
    private long classifiedWithout;

    private ClientClassifier(List<Rule> rules, CompletableFuture<UserAgentAnalyzer> yauaa, long heap) {
        this.rules = rules;
        this.yauaa = yauaa;
        this.heap = heap;
    }

    /** Rules, canonical browsers, then yauaa (loaded when first needed, heap permitting). */
    public static ClientClassifier withYauaa() {
        return withYauaa(Runtime.getRuntime().maxMemory());
    }

    /** The same, as if the heap were {@code heap} bytes. */
    static ClientClassifier withYauaa(long heap) {
        Logging.quietLog4j();
        return new ClientClassifier(builtInRules(), new CompletableFuture<>(), heap);
    }

    /** Rules and a plain browser heuristic only: fast to start, less precise on browsers and bots. */
    public static ClientClassifier rulesOnly() {
        return new ClientClassifier(builtInRules(), null, 0);
    }

    /**
     * When yauaa was wanted but stood aside (a small heap, or it failed to load): how many user
     * agents the heuristic classified instead, and why. Empty otherwise.
     */
    public java.util.Optional<String> degradation() {
        return withoutYauaa == null || classifiedWithout == 0 ? java.util.Optional.empty()
                : java.util.Optional.of(String.format(Locale.ROOT, "%,d user agents classified by rules and a heuristic instead of the "
                + "full parser: %s", classifiedWithout, withoutYauaa));
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
        if (userAgent.length() > 2 && userAgent.charAt(0) == '[' && userAgent.charAt(userAgent.length() - 1) == ']') {
            // CloudTrail's S3 data events write the caller's user agent in brackets: [aws-cli/2.22.35 ...]
            return classify(userAgent.substring(1, userAgent.length() - 1));
        }
        Agent canonical = canonicalBrowser(userAgent);
        if (canonical != null) {
            return canonical;
        }
        UserAgentAnalyzer analyzer = analyzer();
        if (analyzer == null && withoutYauaa != null) {
            classifiedWithout++;
        }
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

    /** yauaa once it has loaded, or null when there is none, the heap is too small for it, or it failed to load. */
    private UserAgentAnalyzer analyzer() {
        if (yauaa == null) {
            return null;
        }
        if (!yauaa.isDone() && heap < HEAP_FOR_YAUAA) {
            withoutYauaa = String.format(Locale.ROOT, "the heap (%d MB) is smaller than the parser and the analytics need (%d MB; "
                    + "raise it with -Xmx, e.g. TOKENWARD_OPTS=-Xmx1g)", heap >> 20, HEAP_FOR_YAUAA >> 20);
            yauaa = null;
            return null;
        }
        if (!yauaa.isDone()) {
            try {
                yauaa.complete(YauaaImage.load());
            } catch (RuntimeException | LinkageError | StackOverflowError | OutOfMemoryError failed) {
                yauaa.completeExceptionally(failed);
            }
        }
        try {
            return yauaa.join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException failed) {
            withoutYauaa = "the parser could not be loaded (" + failed.getCause() + ")";
            yauaa = null;
            return null;
        }
    }

    /**
     * yauaa's verdict in Tokenward's classes. yauaa calls any string it cannot make sense of a
     * "Hacker" (a bare UUID, "Mozilla", a placeholder): that says nothing of the client, and attack
     * tools are named by their own signatures in the rules, so it is unknown here.
     */
    private static Agent fromYauaa(UserAgent parsed, String raw) {
        String agentClass = parsed.getValue(UserAgent.AGENT_CLASS);
        ClientClass clientClass = switch (agentClass) {
            case "Browser" -> ClientClass.BROWSER;
            case "Browser Webview", "Mobile App", "Email Client" -> ClientClass.MOBILE_APP;
            case "Robot", "Robot Mobile", "Robot Imitator", "Cloud Application" -> ClientClass.BOT;
            default -> ClientClass.UNKNOWN;
        };
        String name = known(parsed.getValue(UserAgent.AGENT_NAME));
        String version = known(parsed.getValue(UserAgent.AGENT_VERSION_MAJOR));
        String os = osFamily(known(parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME)));
        return new Agent(clientClass, name, version, os != null ? os : os(raw));
    }

    /**
     * Without yauaa: Mozilla-style strings are browsers (the rules have already taken the tools,
     * apps and robots that wear one), named by their most specific token; anything else is unknown.
     */
    private static Agent browserHeuristic(String userAgent) {
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (!ua.startsWith("mozilla/") && !ua.startsWith("opera/")) {
            return new Agent(ClientClass.UNKNOWN, null, null, os(userAgent));
        }
        String name = ua.contains("edg/") ? "Edge" : ua.contains("opr/") ? "Opera" : ua.contains("firefox/") ? "Firefox"
                : ua.contains("chrome/") || ua.contains("crios/") ? "Chrome" : ua.contains("safari/") ? "Safari" : null;
        return new Agent(ClientClass.BROWSER, name, null, os(userAgent));
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
        if (ua.contains("mac os x") || ua.contains("macintosh") || ua.contains("os/macos") || ua.contains("darwin/")) {
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
