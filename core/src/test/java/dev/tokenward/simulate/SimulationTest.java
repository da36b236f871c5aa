package dev.tokenward.simulate;

import dev.tokenward.enrich.Enricher;
import dev.tokenward.evaluate.GroundTruth;
import dev.tokenward.evaluate.Storyline;
import dev.tokenward.event.Event;
import dev.tokenward.runtime.Detection;
import dev.tokenward.runtime.RunStats;
import dev.tokenward.source.InputFile;
import dev.tokenward.source.Quarantined;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SimulationTest {
    private static final Simulation SMALL = new Simulation(40, 4, 11, LocalDate.of(2026, 11, 2));
    private static final List<String> IDENTITY_AND_CLOUD = List.of("okta", "entra", "cloudtrail", "1password", "gcp");

    @TempDir
    static Path shared;
    private static Path out;
    private static Simulation.Result result;
    private static GroundTruth truth;
    private static List<Event> events;
    private static List<Quarantined> quarantined;

    @BeforeAll
    static void simulateOnce() throws Exception {
        out = shared.resolve("sim");
        result = SMALL.run(out, day -> { });
        truth = GroundTruth.read(out.resolve("truth.jsonl"));
        events = new ArrayList<>();
        quarantined = new ArrayList<>();
        List<InputFile> inputs;
        try (Stream<Path> files = Files.walk(out.resolve("logs"))) {
            inputs = files.filter(Files::isRegularFile).filter(f -> !fleet(out.resolve("logs").relativize(f))).sorted()
                    .map(InputFile::of).toList();
        }
        RunStats stats = Detection.scan(inputs, List.of(), dev.tokenward.source.InputLimits.DEFAULTS, Enricher.disabled(), events::add,
                quarantined::add, (read, total, n) -> { });
        assertThat(stats.events()).isEqualTo(IDENTITY_AND_CLOUD.stream().mapToLong(s -> result.recordsBySource().get(s)).sum());
    }

    @Test
    void theSameSettingsWriteTheSameBytesAndAnotherSeedDoesNot(@TempDir Path again) throws Exception {
        SMALL.run(again.resolve("a"), day -> { });
        new Simulation(40, 4, 12, SMALL.start()).run(again.resolve("b"), day -> { });

        assertThat(digest(again.resolve("a"))).isEqualTo(digest(out));
        assertThat(digest(again.resolve("b"))).isNotEqualTo(digest(out));
    }

    @Test
    void everyStorylineKindAndHardCaseClassIsGeneratedWithTheAnalyticsExpectedOfIt() {
        Set<String> kinds = truth.storylines().stream().filter(s -> !fleet(s)).map(Storyline::kind).collect(Collectors.toSet());
        List<String> expected = new ArrayList<>(Arrays.stream(Storylines.Kind.values()).map(k -> k.id).toList());
        expected.addAll(Arrays.stream(HardCases.Case.values()).map(c -> c.id).toList());
        assertThat(kinds).containsExactlyInAnyOrderElementsOf(expected);
        for (Storyline storyline : truth.storylines()) {
            assertThat(storyline.principals()).as(storyline.storyline()).isNotEmpty();
            if (fleet(storyline)) {
                continue;
            }
            HardCases.Case hardCase = hardCase(storyline);
            if (hardCase != null) {
                assertThat(storyline.decoy()).as(storyline.storyline()).isTrue();
                assertThat(storyline.analytics()).as(storyline.storyline()).isEmpty();
                assertThat(storyline.accepted()).as(storyline.storyline()).isEmpty();
                assertThat(hardCase.variants).as(storyline.storyline()).contains(storyline.variant());
                continue;
            }
            Storylines.Kind kind = Arrays.stream(Storylines.Kind.values()).filter(k -> k.id.equals(storyline.kind()))
                    .findFirst().orElseThrow();
            assertThat(storyline.analytics()).as(storyline.storyline()).isEqualTo(kind.analytics);
            assertThat(storyline.accepted()).as(storyline.storyline()).isEqualTo(kind.accepted);
            assertThat(java.util.Collections.disjoint(storyline.accepted(), storyline.analytics())).as(storyline.storyline()).isTrue();
            assertThat(storyline.decoy()).as(storyline.storyline()).isEqualTo(kind.analytics.isEmpty());
        }
        assertThat(truth.principalDays()).isEqualTo((40L + GoogleCloud.principals()) * 4).isEqualTo(result.principalDays());
    }

    @Test
    void aTwoHundredPersonFortnightHasEveryKindEveryClassAndEveryVariant(@TempDir Path big) throws Exception {
        new Simulation(200, 14, 7, SMALL.start()).run(big, day -> { });
        List<Storyline> storylines = GroundTruth.read(big.resolve("truth.jsonl")).storylines();
        java.util.Map<String, Set<String>> variants = storylines.stream().collect(Collectors.groupingBy(Storyline::kind,
                Collectors.mapping(s -> s.variant() == null ? "" : s.variant(), Collectors.toSet())));
        for (Storylines.Kind kind : Storylines.Kind.values()) {
            assertThat(variants).as(kind.id).containsKey(kind.id);
            for (String variant : kind.variants) {
                assertThat(variants.get(kind.id)).as(kind.id).anyMatch(v -> v.startsWith(variant));
            }
        }
        for (HardCases.Case hardCase : HardCases.Case.values()) {
            assertThat(variants.get(hardCase.id)).as(hardCase.id).containsAll(hardCase.variants);
        }
        Set<String> infrastructures = storylines.stream().filter(s -> !s.decoy() && s.variant() != null)
                .map(s -> s.variant().substring(s.variant().indexOf('+') + 1)).collect(Collectors.toSet());
        assertThat(infrastructures).containsAll(Arrays.stream(Infrastructure.Variant.values()).map(v -> v.id).toList());
        assertThat(storylines).as("an unissued session used in the first two days").anyMatch(s -> s.kind().equals("unissued-session-use")
                && s.start().isBefore(SMALL.start().plusDays(2).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
    }

    @Test
    void everyRecordReadsWithoutQuarantineInEachProductsLayout() throws IOException {
        assertThat(quarantined).isEmpty();
        assertThat(result.recordsBySource()).containsOnlyKeys("okta", "entra", "cloudtrail", "1password", "gcp", "osquery", "zeek",
                "eslogger");
        assertThat(IDENTITY_AND_CLOUD).allSatisfy(source -> assertThat(result.recordsBySource().get(source)).isGreaterThan(1000L));
        try (Stream<Path> files = Files.walk(out.resolve("logs"))) {
            List<String> names = files.filter(Files::isRegularFile).map(p -> out.resolve("logs").relativize(p).toString()).toList();
            assertThat(names).anyMatch(n -> n.matches("cloudtrail/AWSLogs/o-7k2m9x4q1z/482910376154/CloudTrail/us-east-1/2026/11/0\\d/"
                    + "482910376154_CloudTrail_us-east-1_2026110\\dT\\d{4}Z_[0-9A-Za-z]{16}\\.json\\.gz"));
            assertThat(names).anyMatch(n -> n.matches("entra/insights-logs-auditlogs/resourceId=/tenants/[0-9a-f-]{36}/providers/"
                    + "Microsoft\\.aadiam/y=2026/m=11/d=0\\d/h=\\d\\d/m=00/PT1H\\.json"));
            assertThat(names).contains("okta/system-log-2026-11-02.json");
        }
    }

    @Test
    void eachStorylineIsInTheLogsFromItsStartToItsEnd() {
        for (Storyline storyline : truth.storylines()) {
            if (storyline.decoy() && storyline.credentials().isEmpty() || fleet(storyline)) {
                continue;
            }
            Set<dev.tokenward.event.IpAddress> addresses = events.stream().filter(e -> usesCredential(e, storyline))
                    .filter(e -> e.client() != null && e.client().ip() != null).map(e -> e.client().ip()).collect(Collectors.toSet());
            List<Event> own = events.stream().filter(e -> belongs(e, storyline, addresses)).toList();
            assertThat(own).as("events of %s", storyline.storyline()).isNotEmpty();
            Instant first = own.stream().map(Event::time).min(Instant::compareTo).orElseThrow();
            Instant last = own.stream().map(Event::time).max(Instant::compareTo).orElseThrow();
            assertThat(Duration.between(storyline.start(), first).abs()).as("start of %s", storyline.storyline())
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(Duration.between(last, storyline.end()).abs()).as("end of %s", storyline.storyline())
                    .isLessThan(Duration.ofSeconds(1));
            for (String credential : storyline.credentials()) {
                assertThat(own).as("%s uses %s", storyline.storyline(), credential)
                        .anyMatch(e -> e.credential() != null && credential.equals(e.credential().id())
                                || credential.equals(app(e)));
            }
        }
    }

    /**
     * A person is in one place: the command line of a case worked from the laptop (temporary
     * credentials, a mistyped role, the new sandbox account, last evening's session token) comes
     * from a network the same laptop's browser used within three hours, whether that day has it at
     * home, in the office or on the person's own VPN.
     */
    @Test
    void aDeskBoundCasesCommandLineComesFromTheNetworkItsLaptopIsOn() {
        Set<String> deskBound = Set.of("cli-temporary-credentials", "role-assumption-refused", "trail-grows", "session-before-logs");
        int judged = 0;
        for (Storyline storyline : truth.storylines()) {
            if (!storyline.decoy() || !deskBound.contains(storyline.kind())) {
                continue;
            }
            String person = storyline.principals().stream().map(SimulationTest::login).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null);
            if (person == null) {
                continue;
            }
            List<Event> browser = events.stream().filter(e -> e.principal() != null && e.principal().name().startsWith(person)
                    && e.client() != null && e.client().ip() != null && e.client().userAgent() != null
                    && e.client().userAgent().matches("Mozilla/5\\.0 \\((Windows|Macintosh).*")).toList();
            for (Event call : events) {
                if (!call.source().equals("cloudtrail") || call.principal() == null
                        || !storyline.principals().contains(call.principal().name())
                        || call.time().isBefore(storyline.start()) || call.time().isAfter(storyline.end())
                        || call.client() == null || call.client().ip() == null) {
                    continue;
                }
                Set<dev.tokenward.event.IpAddress> near = browser.stream()
                        .filter(e -> Duration.between(e.time(), call.time()).abs().compareTo(Duration.ofHours(3)) <= 0)
                        .map(e -> e.client().ip()).collect(Collectors.toSet());
                if (!near.isEmpty()) {
                    assertThat(near).as("%s at %s", storyline.storyline(), call.time()).contains(call.client().ip());
                    judged++;
                }
            }
        }
        assertThat(judged).isPositive();
    }

    /** The login prefix ({@code name@}) of the person a principal is: an IAM user, a role session named for them, or a login. */
    private static String login(String principal) {
        if (principal.startsWith("arn:aws:iam::") && principal.contains(":user/")) {
            return principal.substring(principal.indexOf(":user/") + 6) + "@";
        }
        String name = principal.substring(principal.lastIndexOf('/') + 1);
        return name.contains("@") ? name.substring(0, name.indexOf('@') + 1) : null;
    }

    @Test
    void aStorylinesPrincipalsAreTheNamesItsEventsCarry() {
        Set<String> principals = events.stream().filter(e -> e.principal() != null).map(e -> e.principal().name())
                .collect(Collectors.toSet());
        for (Storyline storyline : truth.storylines().stream().filter(s -> !fleet(s)).toList()) {
            assertThat(principals).as(storyline.storyline()).containsAll(storyline.principals()).containsAll(storyline.bystanders());
        }
    }

    @Test
    void aSprayNamesTheAccountWhosePasswordWorkedAndTheOthersAsBystandersFromRotatingAddresses() {
        List<Storyline> sprays = truth.storylines().stream().filter(s -> s.kind().equals("password-spray-then-session")).toList();
        assertThat(sprays).isNotEmpty();
        for (Storyline spray : sprays) {
            assertThat(spray.principals()).as(spray.storyline()).hasSize(1);
            assertThat(spray.bystanders()).as(spray.storyline()).isNotEmpty().doesNotContainAnyElementsOf(spray.principals());
            Set<String> prefixes = events.stream().filter(e -> e.principal() != null && e.client() != null
                            && spray.bystanders().contains(e.principal().name()))
                    .filter(e -> !e.time().isBefore(spray.start()) && !e.time().isAfter(spray.end()))
                    .map(e -> e.client().ip().prefix()).collect(Collectors.toSet());
            assertThat(prefixes).as("%s sprays from several /24s", spray.storyline()).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aSecretAddedToAnApplicationIsLoggedAsEntraLogsItAndTheAppSignsInWithIt() throws IOException {
        Storyline secret = truth.storylines().stream().filter(s -> s.kind().equals("entra-app-secret-added")).findFirst().orElseThrow();
        List<String> audits;
        try (Stream<Path> files = Files.walk(out.resolve("logs/entra/insights-logs-auditlogs"))) {
            audits = files.filter(Files::isRegularFile).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(line -> line.contains("Certificates and secrets management")).toList();
        }
        assertThat(audits).isNotEmpty().allSatisfy(line -> assertThat(line)
                .contains("\"activityDisplayName\":\"Update application \u2013 Certificates and secrets management \""));
        String keyId = secret.credentials().get(0);
        assertThat(audits).anyMatch(line -> line.contains("KeyIdentifier=" + keyId + ",KeyType=Password,KeyUsage=Verify"));
        assertThat(events).anyMatch(e -> e.credential() != null && keyId.equals(e.credential().id())
                && !e.time().isBefore(secret.start()) && !e.time().isAfter(secret.end()));
    }

    @Test
    void everyAttackNamesItsVariant() {
        Set<String> infrastructures = Arrays.stream(Infrastructure.Variant.values()).map(v -> v.id).collect(Collectors.toSet());
        for (Storyline storyline : truth.storylines()) {
            if (storyline.decoy() || fleet(storyline)) {
                continue;
            }
            assertThat(storyline.variant()).as(storyline.storyline()).isNotBlank();
            Storylines.Kind kind = Arrays.stream(Storylines.Kind.values()).filter(k -> k.id.equals(storyline.kind()))
                    .findFirst().orElseThrow();
            if (!kind.infrastructures.isEmpty()) {
                String infrastructure = storyline.variant().substring(storyline.variant().indexOf('+') + 1);
                assertThat(infrastructures).as(storyline.storyline()).contains(infrastructure);
            }
        }
    }

    /**
     * An event of the storyline: one that uses or issues its credentials, one of its principals'
     * events from an address its credentials were used from (a console sign-in), or one of its
     * bystanders' events (a spray's failures); its principals' events whose credential carries
     * no id (a vault's item usages, wherever the laptop was).
     */
    private static boolean belongs(Event e, Storyline storyline, Set<dev.tokenward.event.IpAddress> addresses) {
        boolean who = usesCredential(e, storyline) || e.principal() != null && e.client() != null
                && (storyline.principals().contains(e.principal().name())
                && (addresses.contains(e.client().ip()) || storyline.credentials().isEmpty() || e.credential() == null
                || e.credential().id() == null)
                || storyline.bystanders().contains(e.principal().name()));
        return who && !e.time().isBefore(storyline.start().minusSeconds(1)) && !e.time().isAfter(storyline.end().plusSeconds(1));
    }

    private static boolean usesCredential(Event e, Storyline storyline) {
        Set<String> ids = new java.util.HashSet<>();
        if (e.credential() != null) {
            ids.add(e.credential().id());
            ids.add(e.credential().issuedCredentialId());
        }
        ids.add(app(e));
        return storyline.credentials().stream().anyMatch(ids::contains);
    }

    /** A storyline of the Mac fleet, or a file of its logs: {@code MacFleetTest} checks those. */
    /** The Mac fleet's and the Google Cloud platform's storylines, which {@code MacFleetTest} and {@code GoogleCloudTest} check. */
    private static boolean fleet(Storyline storyline) {
        return storyline.storyline().startsWith("m-") || storyline.storyline().startsWith("md-")
                || storyline.storyline().startsWith("g-") || storyline.storyline().startsWith("gd-");
    }

    private static boolean fleet(Path log) {
        return log.startsWith("osquery") || log.startsWith("zeek") || log.startsWith("eslogger");
    }

    private static HardCases.Case hardCase(Storyline storyline) {
        return Arrays.stream(HardCases.Case.values()).filter(c -> c.id.equals(storyline.kind())).findFirst().orElse(null);
    }

    private static String app(Event e) {
        return e.client() == null ? null : e.client().app();
    }

    private static String digest(Path root) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                sha.update(root.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(file)) {
                    sha.update(in.readAllBytes());
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
