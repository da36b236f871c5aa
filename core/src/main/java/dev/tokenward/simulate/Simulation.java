package dev.tokenward.simulate;

import dev.tokenward.evaluate.Storyline;
import dev.tokenward.output.Json;
import dev.tokenward.simulate.Storylines.Kind;
import dev.tokenward.simulate.Storylines.Planned;
import dev.tokenward.simulate.Tenant.Person;
import dev.tokenward.simulate.Tenant.Workload;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * {@code tokenward simulate}: a labelled tenant. Writes an organisation's Okta, Entra ID,
 * CloudTrail and 1Password telemetry, and its Macs' osquery results and the office sensor's Zeek logs,
 * under {@code OUT/logs/} in the products' own formats and layouts, with attack
 * storylines and decoys injected, the ground truth in {@code OUT/truth.jsonl}, and the
 * organisation's own networks as Tokenward configuration in {@code OUT/tokenward.yaml}. The same
 * settings give byte-identical output on every machine: the simulator reads no geo data, and writes
 * the identity providers' own (imperfect) geolocation from its own address plan. Memory stays flat
 * in the number of days because records are written a day behind the day being generated.
 *
 * @param principals  people and workloads (about one in fifteen, at least 4, is a workload)
 * @param days        days of telemetry
 * @param seed        the seed every random choice derives from
 * @param start       the first day (UTC)
 */
public record Simulation(int principals, int days, long seed, LocalDate start) {

    public static final LocalDate DEFAULT_START = LocalDate.of(2026, 11, 2);

    /** What was written. */
    public record Result(long records, long files, long bytes, Map<String, Long> recordsBySource, int storylines, int decoys,
                         long principalDays) {
    }

    public Simulation {
        require(principals >= 5, "a simulation needs at least 5 principals, not %d", principals);
        require(days >= 1 && days <= 3660, "days must be between 1 and 3660, not %d", days);
        require(start != null, "a simulation needs a start day");
    }

    private static void require(boolean condition, String message, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, message, args));
        }
    }

    /**
     * Generates into {@code out}, which must not hold earlier output.
     *
     * @param dayDone called with the number of days finished
     */
    public Result run(Path out, IntConsumer dayDone) throws IOException {
        Path logs = out.resolve("logs");
        Files.createDirectories(logs);
        Geography geography = new Geography();
        Tenant tenant = new Tenant(geography, principals, seed);
        Map<Integer, PersonState> states = new LinkedHashMap<>();
        for (Person person : tenant.people) {
            states.put(person.index(), new PersonState(person.laptop(), person.phone()));
        }
        Vaults vaults = new Vaults(tenant, seed);
        Dashboard dashboard = new Dashboard(seed);
        HardCases hardCases = new HardCases(tenant, states, start, days, seed, vaults, dashboard);
        hardCases.plan();
        List<Planned> plan = plan(tenant, states);
        List<Storyline> truth = new ArrayList<>();
        try (Spool spool = new Spool(logs, seed)) {
            Sinks sinks = Sinks.into(spool, geography);
            Instant logsBegin = start.atStartOfDay(ZoneOffset.UTC).toInstant();
            spool.logsBeginAt(logsBegin);
            sinks.witness().logsBeginAt(logsBegin);
            hardCases.attach(sinks.witness());
            MacFleet fleet = new MacFleet(tenant, spool, seed, start, days);
            Population population = new Population(tenant, sinks, seed, hardCases, vaults, dashboard, fleet);
            if (hardCases.midSession()) {
                for (Person person : tenant.people) {
                    population.day(person, states.get(person.index()), start.minusDays(1), -1);
                }
            }
            fleet.day(start.minusDays(1));
            Workloads workloads = new Workloads(sinks, seed, hardCases);
            Storylines storylines = new Storylines(tenant, sinks, workloads, vaults, dashboard,
                    person -> states.get(person.index()).trip);
            GoogleCloud googleCloud = new GoogleCloud(tenant, geography, spool, seed, start, days);
            for (int day = 0; day < days; day++) {
                LocalDate date = start.plusDays(day);
                for (Person person : tenant.people) {
                    population.day(person, states.get(person.index()), date, day);
                }
                for (Workload workload : tenant.workloads) {
                    workloads.day(workload, date, day);
                }
                vaults.day(date, sinks);
                Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant dayEnd = dayStart.plus(Duration.ofDays(1));
                for (Planned planned : plan) {
                    if (!planned.start().isBefore(dayStart) && planned.start().isBefore(dayEnd)) {
                        truth.add(storylines.play(planned, Rand.of(seed, "storyline", planned.id())));
                    }
                }
                hardCases.day(date, sinks);
                googleCloud.day(date);
                fleet.day(date);
                spool.flushBefore(dayStart);
                dayDone.accept(day + 1);
            }
            fleet.day(start.plusDays(days));
            spool.close();
            truth.addAll(hardCases.truth());
            truth.addAll(fleet.truth());
            truth.addAll(googleCloud.truth());
            writeTruth(out.resolve("truth.jsonl"), tenant, fleet.size(), truth);
            writeConfiguration(out.resolve("tokenward.yaml"), tenant);
            Map<String, Long> bySource = new LinkedHashMap<>();
            spool.counts().forEach((stream, count) -> bySource.merge(source(stream), count, Long::sum));
            int decoys = (int) truth.stream().filter(Storyline::decoy).count();
            return new Result(spool.records(), spool.files(), spool.bytes(), bySource, truth.size() - decoys, decoys,
                    (long) (tenant.principals() + GoogleCloud.principals()) * days);
        }
    }

    private static String source(Spool.Stream stream) {
        return switch (stream) {
            case OKTA -> "okta";
            case CLOUDTRAIL -> "cloudtrail";
            case ONEPASSWORD -> "1password";
            case OSQUERY_RESULTS, OSQUERY_SNAPSHOTS -> "osquery";
            case ESLOGGER -> "eslogger";
            case GCP_AUDIT -> "gcp";
            case ZEEK_CONN, ZEEK_SSL, ZEEK_DNS, ZEEK_DHCP, ZEEK_HTTP -> "zeek";
            default -> "entra";
        };
    }

    /**
     * Every kind at least once, and one more per 1,000 principal-days; victims drawn from those a
     * kind can happen to, start times spread over the days. The attacker's infrastructure rotates
     * through the variants a kind allows, from a seeded starting point, so that a run of a few
     * thousand principal-days has every variant (and
     * every one of a kind's own variants at least once). Credential-without-authentication happens early
     * in the run as well as late: the first unissued session is used on the first or second day.
     */
    private List<Planned> plan(Tenant tenant, Map<Integer, PersonState> states) {
        Rand r = Rand.of(seed, "plan");
        long principalDays = (long) tenant.principals() * days;
        int each = (int) Math.max(1, Math.round(principalDays / 1000.0));
        int rotation = r.below(Infrastructure.Variant.values().length);
        List<Planned> plan = new ArrayList<>();
        int number = 0;
        for (Kind kind : Kind.values()) {
            List<Person> victims = tenant.people.stream().filter(Storylines.eligible(kind)).toList();
            List<Workload> instances = tenant.workloads.stream()
                    .filter(w -> w.type() == Tenant.WorkloadType.EC2_INSTANCE && w.variant() == null).toList();
            int count = principalDays >= 2000 ? Math.max(each, kind.variants.size()) : each;
            for (int i = 0; i < count; i++) {
                int firstDay = Math.min(kind == Kind.STOLEN_ACCESS_KEY || kind == Kind.VAULT_SERVICE_TOKEN_LEAK ? 3 : 1, days - 1);
                int span = Math.max(1, days - firstDay);
                if (kind == Kind.UNISSUED_SESSION_USE && i == 0) {
                    firstDay = 0;
                    span = Math.min(2, days);
                }
                LocalDate date = start.plusDays(firstDay + r.below(span));
                if (victims.isEmpty()) {
                    continue;
                }
                Person victim = r.pick(victims);
                Workload workload = kind.onWorkload() ? r.pick(instances) : null;
                int earliest = date.equals(start) ? 2 * 60 : 0;
                Instant at = date.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(r.between(earliest, 20 * 60)));
                String id = String.format(java.util.Locale.ROOT, "s-%04d", ++number);
                Infrastructure.Variant from = kind.infrastructures.isEmpty() ? null
                        : kind.infrastructures.get(rotation++ % kind.infrastructures.size());
                String variant = kind.variants.isEmpty() ? null : kind.variants.get((i + kind.ordinal()) % kind.variants.size());
                plan.add(new Planned(id, kind, victim, workload, at, from, variant));
            }
        }
        return plan;
    }

    /** The organisation's own networks, as its security team would configure them for detection. */
    private static void writeConfiguration(Path file, Tenant tenant) throws IOException {
        Geography.City hq = tenant.hq;
        Files.writeString(file, String.format(java.util.Locale.ROOT, """
                # Tidewater Analytics' own networks, as its security team configures them for Tokenward:
                # the Seattle office egress, which is also where the corporate VPN comes out.
                # tokenward detect OUT/logs --config OUT/tokenward.yaml
                enrichment:
                  networks:
                    - name: Seattle HQ
                      networkClass: CORPORATE
                      cidrs: [%s]
                      location: {city: %s, country: %s, latitude: %.4f, longitude: %.4f}
                """, tenant.office.block(), hq.name(), hq.country(), hq.latitude(), hq.longitude()), StandardCharsets.UTF_8);
    }

    private void writeTruth(Path file, Tenant tenant, int hosts, List<Storyline> truth) throws IOException {
        truth.sort(Comparator.comparing(Storyline::start).thenComparing(Storyline::storyline));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Map<String, Object> population = new LinkedHashMap<>();
            population.put("type", "population");
            population.put("principals", tenant.principals() + GoogleCloud.principals());
            population.put("days", days);
            population.put("seed", seed);
            population.put("start", start.toString());
            population.put("hosts", hosts);
            out.write(Json.mapper().writeValueAsString(population));
            out.write('\n');
            for (Storyline storyline : truth) {
                out.write(Json.mapper().writeValueAsString(storyline));
                out.write('\n');
            }
        }
    }
}
