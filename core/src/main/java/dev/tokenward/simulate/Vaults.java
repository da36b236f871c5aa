package dev.tokenward.simulate;

import dev.tokenward.simulate.Geography.Address;
import dev.tokenward.simulate.Geography.City;
import dev.tokenward.simulate.Geography.Kind;
import dev.tokenward.simulate.OnePasswordLog.Client;
import dev.tokenward.simulate.OnePasswordLog.Member;
import dev.tokenward.simulate.Tenant.Person;
import dev.tokenward.simulate.Tenant.Role;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The organisation's 1Password account: its shared vaults, what each person uses from them, and
 * the two service accounts. A person fills logins through the browser extension as they work,
 * now and then reveals or copies a password, sometimes looks through a vault for something, and
 * an engineer fixing a service reads a handful of its secrets. The backup service account reads
 * every item of three vaults each night from the organisation's AWS account; the deployment
 * service account reads its half-dozen items on every pipeline run from whichever GitHub-hosted
 * runner picks the job up. Only shared vaults are logged, as 1Password logs them.
 */
final class Vaults {

    /** A shared vault and its items' ids. */
    record Vault(String uuid, String name, List<String> items) {
    }

    static final Client CLI = new Client("1Password CLI", "2310001", "", "", "Linux", "6.8.0");
    static final Client SDK = new Client("1Password SDK", "0.3.1", "python", "3.12.8", "Linux", "6.1.0");

    final Vault shared;
    final Vault engineering;
    final Vault infrastructure;
    final Vault finance;
    final Vault administration;
    final Member backup;
    final Member deploy;
    private final Tenant tenant;
    private final long seed;
    private final Address backupHost;
    private final Map<Integer, Member> members = new HashMap<>();
    private final Map<Integer, List<String[]>> usual = new HashMap<>();
    /** People who join the vaults during the run, and the day they do. */
    private final Map<Integer, LocalDate> joins = new HashMap<>();
    private Decoy backupDecoy;
    private Decoy deployDecoy;

    Vaults(Tenant tenant, long seed) {
        this.tenant = tenant;
        this.seed = seed;
        Rand r = Rand.of(seed, "vaults");
        this.shared = vault("Company Shared", 40, r);
        this.engineering = vault("Engineering", 90, r);
        this.infrastructure = vault("Infrastructure", 120, r);
        this.finance = vault("Sales & Finance", 35, r);
        this.administration = vault("IT Administration", 60, r);
        this.backup = new Member(uuid(r), "Vault Backup", "vault-backup@" + Tenant.DOMAIN);
        this.deploy = new Member(uuid(r), "GitHub Actions Deploy", "github-deploy@" + Tenant.DOMAIN);
        City oregon = tenant.geography.city("Boardman");
        this.backupHost = tenant.geography.address(tenant.geography.networks(Kind.CLOUD, oregon).get(0), oregon, r);
    }

    private static Vault vault(String name, int size, Rand r) {
        List<String> items = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            items.add(uuid(r).toLowerCase(Locale.ROOT));
        }
        return new Vault(uuid(r).toLowerCase(Locale.ROOT), name, List.copyOf(items));
    }

    private static String uuid(Rand r) {
        return r.upperAlphanumeric(26);
    }

    /** The shared vaults a person is a member of. */
    List<Vault> of(Person person) {
        List<Vault> vaults = new ArrayList<>(List.of(shared));
        if (person.role() != Role.STAFF) {
            vaults.add(engineering);
        }
        if (person.role() == Role.ADMIN || person.role() == Role.ENGINEER && person.index() % 3 == 0) {
            vaults.add(infrastructure);
        }
        if (person.role() == Role.STAFF && person.index() % 3 == 0) {
            vaults.add(finance);
        }
        if (person.role() == Role.ADMIN) {
            vaults.add(administration);
        }
        return vaults;
    }

    Member member(Person person) {
        return members.computeIfAbsent(person.index(), i -> new Member(uuid(Rand.of(seed, "1password-member", i)),
                person.displayName(), person.login()));
    }

    /** The person is added to the vaults on {@code date}: nothing of theirs is logged before. */
    void joins(Person person, LocalDate date) {
        joins.put(person.index(), date);
    }

    /** The decoys the service accounts' records belong to. */
    void integrations(Decoy backup, Decoy deploy) {
        this.backupDecoy = backup;
        this.deployDecoy = deploy;
    }

    /**
     * A stretch of laptop work: logins filled through the browser extension as the person goes,
     * passwords revealed or copied now and then, and sometimes a look through a vault or, for an
     * engineer, a service's secrets read while fixing it.
     *
     * @param where the laptop's address at a time
     */
    void work(Person person, Instant from, Instant to, Function<Instant, Address> where, Sinks sinks) {
        LocalDate joined = joins.get(person.index());
        if (joined != null && from.isBefore(joined.atStartOfDay(ZoneOffset.UTC).toInstant())) {
            return;
        }
        Rand r = Rand.of(seed, "vault-work", person.index(), from.getEpochSecond());
        long minutes = Math.max(1, Duration.between(from, to).toMinutes());
        List<String[]> items = usual(person);
        int uses = (int) Math.round(minutes / 70.0 * (0.3 + 1.4 * r.unit()));
        Member member = member(person);
        for (int i = 0; i < uses; i++) {
            Instant at = r.within(from, Duration.ofMinutes(minutes));
            String[] item = items.get(Math.min(items.size() - 1, (int) (items.size() * r.unit() * r.unit())));
            double roll = r.unit();
            String action = roll < 0.8 ? "fill" : roll < 0.92 ? "reveal" : "secure-copy";
            Client client = !action.equals("fill") && r.chance(0.3) ? Client.desktopOf(person.laptop())
                    : Client.extensionIn(person.laptop());
            sinks.onePassword().itemUsage(at, member, client, where.apply(at), item[0], item[1], action, r);
        }
        if (r.chance(0.03)) {
            Vault vault = r.pick(of(person));
            lookThrough(person, vault, r.within(from, Duration.ofMinutes(minutes)), r.between(3, 7), 10, 60, where, sinks, r);
        }
        if (of(person).contains(infrastructure) && person.role() != Role.STAFF && r.chance(0.015)) {
            lookThrough(person, infrastructure, r.within(from, Duration.ofMinutes(minutes)), r.between(4, 9), 40, 200, where, sinks, r);
        }
    }

    /** Opens {@code count} items of a vault one after another, {@code minGap}-{@code maxGap} seconds apart. */
    void lookThrough(Person person, Vault vault, Instant at, int count, int minGap, int maxGap, Function<Instant, Address> where,
                     Sinks sinks, Rand r) {
        Member member = member(person);
        Client client = r.chance(0.5) ? Client.desktopOf(person.laptop()) : Client.extensionIn(person.laptop());
        for (int i = 0; i < count; i++) {
            String item = vault.items().get(r.below(vault.items().size()));
            sinks.onePassword().itemUsage(at, member, client, where.apply(at), vault.uuid(), item,
                    r.chance(0.7) ? "reveal" : "secure-copy", r);
            at = at.plusSeconds(r.between(minGap, maxGap));
        }
    }

    /** The items a person uses day to day, the most used first: a few from each of their vaults. */
    private List<String[]> usual(Person person) {
        return usual.computeIfAbsent(person.index(), i -> {
            Rand r = Rand.of(seed, "vault-habit", i);
            List<String[]> items = new ArrayList<>();
            for (Vault vault : of(person)) {
                for (int n = r.between(1, 4); n > 0; n--) {
                    items.add(new String[] {vault.uuid(), vault.items().get(r.below(vault.items().size()))});
                }
            }
            Collections.shuffle(items, new Random(r.nextLong()));
            return items;
        });
    }

    /**
     * The service accounts' day: the nightly backup of three vaults, and the deployment account's
     * reads on each weekday pipeline run.
     */
    void day(LocalDate date, Sinks sinks) {
        Rand r = Rand.of(seed, "vault-integrations", date.toEpochDay());
        Instant midnight = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        sinks.witness().attend(backupDecoy);
        Instant at = midnight.plus(Duration.ofMinutes(185)).plusSeconds(r.between(0, 240));
        for (Vault vault : List.of(shared, engineering, infrastructure)) {
            for (String item : vault.items()) {
                sinks.onePassword().itemUsage(at, backup, SDK, backupHost, vault.uuid(), item, "server-fetch", r);
                at = at.plusMillis(r.between(80, 400));
            }
        }
        sinks.witness().attend(deployDecoy);
        if (date.getDayOfWeek().getValue() <= 5) {
            List<Tenant.Workload> runners = tenant.workloads.stream().filter(w -> w.type() == Tenant.WorkloadType.CI_PIPELINE).toList();
            for (int run = 0, runs = r.between(2, 7); run < runs && !runners.isEmpty(); run++) {
                Address runner = r.pick(runners).address();
                Address address = tenant.geography.address(runner.network(), runner.city(), r);
                Instant start = midnight.plus(Duration.ofMinutes(r.between(14 * 60, 26 * 60)));
                for (int i = 0; i < 6; i++) {
                    sinks.onePassword().itemUsage(start.plusMillis(i * (long) r.between(600, 1500)), deploy, CLI, address,
                            infrastructure.uuid(), infrastructure.items().get(i), "server-fetch", r);
                }
            }
        }
        sinks.witness().leave();
    }
}
