package dev.tokenward.simulate;

import dev.tokenward.simulate.OktaLog.App;
import dev.tokenward.simulate.Tenant.Person;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The Okta dashboard beyond the everyday apps: the apps of the catalogue each person is assigned
 * by role (staff 4-8, engineers 6-11, administrators 9-15), a few opened in each stretch of work,
 * and now and then a Secure Web Authentication app's stored password shown. Someone given new
 * assignments mid-run (a role change, an onboarding checklist) opens them all within half an hour
 * of starting that day. Draws from its own random streams, so the rest of the logs are unchanged.
 */
final class Dashboard {

    /** New apps assigned to a person on a day, and the decoy their first opening is. */
    private record Assignment(LocalDate date, List<App> apps, Decoy decoy) {
    }

    private final long seed;
    private final Map<Integer, List<App>> assigned = new HashMap<>();
    private final Map<Integer, Assignment> assignments = new HashMap<>();

    Dashboard(long seed) {
        this.seed = seed;
    }

    /** The catalogue apps assigned to a person, the most used first. */
    List<App> of(Person person) {
        return assigned.computeIfAbsent(person.index(), i -> {
            Rand r = Rand.of(seed, "dashboard", i);
            List<App> apps = new ArrayList<>(OktaLog.CATALOGUE);
            Collections.shuffle(apps, new Random(r.nextLong()));
            int count = switch (person.role()) {
                case STAFF -> r.between(4, 8);
                case ENGINEER -> r.between(6, 11);
                case ADMIN -> r.between(9, 15);
            };
            return List.copyOf(apps.subList(0, count));
        });
    }

    /**
     * Assigns a person {@code count} apps they did not have, opened for the first time on
     * {@code date}; returns them.
     */
    List<App> assign(Person person, LocalDate date, int count, Decoy decoy, Rand r) {
        List<App> fresh = new ArrayList<>(OktaLog.CATALOGUE);
        fresh.removeAll(of(person));
        Collections.shuffle(fresh, new Random(r.nextLong()));
        List<App> apps = List.copyOf(fresh.subList(0, Math.min(count, fresh.size())));
        assignments.put(person.index(), new Assignment(date, apps, decoy));
        return apps;
    }

    /**
     * A stretch of laptop work on the dashboard: a few assigned apps opened, now and then an SWA
     * password shown, and on a day of new assignments all of them opened, with a few usual ones,
     * within half an hour of the start.
     *
     * @param where the laptop at a time
     */
    void work(Person person, Instant from, Instant to, String session, Function<Instant, Vantage> where, Sinks sinks, boolean first) {
        if (session == null) {
            return;
        }
        Rand r = Rand.of(seed, "dashboard-work", person.index(), from.getEpochSecond());
        List<App> apps = of(person);
        long minutes = Math.max(1, Duration.between(from, to).toMinutes());
        for (int i = 0, n = r.between(0, 3); i < n; i++) {
            Instant at = r.within(from, Duration.ofMinutes(minutes));
            App app = apps.get(Math.min(apps.size() - 1, (int) (apps.size() * r.unit() * r.unit())));
            sinks.okta().singleSignOn(at, person, where.apply(at), session, app, r);
        }
        List<App> swa = apps.stream().filter(a -> a.signOnMode().equals("BROWSER_PLUGIN")).toList();
        if (!swa.isEmpty() && r.chance(0.02)) {
            Instant at = r.within(from, Duration.ofMinutes(minutes));
            sinks.okta().showPassword(at, person, where.apply(at), session, r.pick(swa), r);
        }
        Assignment assignment = assignments.get(person.index());
        if (first && assignment != null && assignment.date().equals(from.atZone(person.home().zone()).toLocalDate())) {
            assignments.remove(person.index());
            List<App> opened = new ArrayList<>(assignment.apps());
            opened.addAll(apps.subList(0, Math.min(3, apps.size())));
            Instant at = from.plus(Duration.ofMinutes(r.between(5, 40)));
            for (App app : opened) {
                Vantage vantage = where.apply(at);
                sinks.witness().attend(assignment.decoy());
                sinks.okta().singleSignOn(at, person, vantage, session, app, r);
                at = at.plusSeconds(r.between(40, 200));
            }
            sinks.witness().leave();
        }
    }
}
