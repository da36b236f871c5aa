package dev.tokenward.signal;

import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.event.NetworkClass;
import dev.tokenward.signal.Triage.Finding;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Groups alerts into incidents as they are raised, in the order they are raised (so the same alerts
 * give the same incidents and ids): an alert joins the incident that holds its principal, its
 * credential or a credential its evidence carries (the lineage: a federation token and the key that
 * minted it) within {@link Settings#window()} of that incident's alerts; for an analytic keyed by
 * host, within {@link Settings#hostWindow()}: an implant that calls out every night for a week is
 * one compromise of one host, not seven incidents. An alert that touches two incidents merges the
 * younger into the older, which records it.
 *
 * <p>A campaign is the playbook's "several accounts affected in a similar manner": when alerts of
 * {@link Settings#campaignIncidents()} incidents or more share an indicator (the address or the
 * scripted client the access came from) within {@link Settings#campaignWindow()}, or one alert's
 * triage found {@link Settings#campaignAccounts()} accounts or more failing from its address, they
 * become one campaign incident at Tier 2 that lists every account, the ones below alerting too.
 * Fewer incidents sharing an indicator name each other as related.
 */
public final class Incidents {

    /**
     * The {@code incidents:} section of the configuration.
     *
     * <pre>
     * incidents:
     *   window: 8h              # how far apart in time alerts of one incident may be
     *   hostWindow: 7d          # the same for analytics keyed by host (a background service calling out nightly)
     *   campaignWindow: 24h     # how far apart alerts sharing an indicator may be to count towards a campaign
     *   campaignIncidents: 3    # incidents sharing an indicator that make a campaign
     *   campaignAccounts: 3     # accounts, alerted on or failing below alerting from one address, that make a campaign
     * </pre>
     */
    public record Settings(Duration window, Duration hostWindow, Duration campaignWindow, Integer campaignIncidents,
                           Integer campaignAccounts) {
        public static final Settings DEFAULTS = new Settings(null, null, null, null, null);

        public Settings {
            window = window == null ? Duration.ofHours(8) : window;
            hostWindow = hostWindow == null ? Duration.ofDays(7) : hostWindow;
            dev.tokenward.event.Checks.require(!hostWindow.isNegative() && !hostWindow.isZero(), "hostWindow must be positive, not %s",
                    hostWindow);
            campaignWindow = campaignWindow == null ? Duration.ofHours(24) : campaignWindow;
            campaignIncidents = campaignIncidents == null ? 3 : campaignIncidents;
            campaignAccounts = campaignAccounts == null ? 3 : campaignAccounts;
            dev.tokenward.event.Checks.require(!window.isNegative() && !window.isZero(), "window must be positive, not %s", window);
            dev.tokenward.event.Checks.require(!campaignWindow.isNegative() && !campaignWindow.isZero(),
                    "campaignWindow must be positive, not %s", campaignWindow);
            dev.tokenward.event.Checks.require(campaignIncidents >= 2, "campaignIncidents must be at least 2, not %s", campaignIncidents);
            dev.tokenward.event.Checks.require(campaignAccounts >= 2, "campaignAccounts must be at least 2, not %s", campaignAccounts);
        }
    }

    /** The analytics whose alerts name a host. */
    private static final Set<String> HOST_ANALYTICS = dev.tokenward.analytic.Catalog.hostKeyed();
    private static final int MAX_PER_INDICATOR = 64;
    private static final int MAX_ANSWERS = 4;
    private static final Set<NetworkClass> SHARED_BY_MANY = Set.of(NetworkClass.MOBILE, NetworkClass.CORPORATE, NetworkClass.PRIVATE,
            NetworkClass.SECURITY_EDGE);

    private final Settings settings;
    private final List<IncidentBuilder> all = new ArrayList<>();
    private final Map<String, List<IncidentBuilder>> byKey = new HashMap<>();
    private final Map<String, List<Sighting>> byIndicator = new LinkedHashMap<>();

    private record Sighting(Instant time, IncidentBuilder incident) {
    }

    public Incidents(Settings settings) {
        this.settings = settings;
    }

    /** Files the alert into its incident and returns it carrying that incident's id. */
    public Alert add(Alert alert) {
        Set<String> keys = keys(alert);
        Duration window = HOST_ANALYTICS.contains(alert.analytic()) ? settings.hostWindow() : settings.window();
        List<IncidentBuilder> touched = new ArrayList<>();
        for (String key : keys) {
            for (IncidentBuilder candidate : byKey.getOrDefault(key, List.of())) {
                IncidentBuilder standing = candidate.standing();
                if (!touched.contains(standing) && standing.near(alert.time(), window)) {
                    touched.add(standing);
                }
            }
        }
        touched.sort(Comparator.comparingInt(b -> b.order));
        IncidentBuilder incident = touched.isEmpty() ? create("inc-", alert.id()) : touched.get(0);
        for (IncidentBuilder other : touched.subList(Math.min(1, touched.size()), touched.size())) {
            incident.absorb(other);
        }
        incident.add(kept(alert));
        index(incident, keys);
        incident = campaign(alert, incident);
        return alert.inIncident(incident.id);
    }

    /**
     * The alert as its incident keeps it until the run ends, with what {@link IncidentView} tells of
     * it: its evidence reduced to the credentials it names, its triage to the tier, the reasons, the
     * questions and the plan. A run's incidents keep every alert it raised, and the evidence and the
     * playbook's lookups, scope and answers were most of each.
     */
    private static Alert kept(Alert alert) {
        List<Evidence> credentials = alert.evidence().stream().filter(e -> e.credential() != null)
                .map(e -> Evidence.naming(e.credential())).toList();
        Triage triage = alert.triage();
        Triage told = triage == null ? null : new Triage(triage.tier(), triage.escalation(), triage.questions(), List.of(), List.of(),
                List.of(), List.of(), Map.of(), triage.containment(), triage.staysValid(), triage.disrupts(), triage.actions());
        return new Alert(alert.id(), alert.time(), alert.analytic(), alert.attack(), alert.attackAnalytics(), alert.severity(),
                alert.principal(), alert.credential(), alert.title(), credentials, told, alert.count(), alert.flood(), alert.incident(),
                alert.producer());
    }

    /** The incidents of alerts in the order they were raised (an alerts file's order), merged ones included. */
    public static List<Incident> group(List<Alert> alerts, Settings settings) {
        Incidents grouping = new Incidents(settings);
        alerts.forEach(grouping::add);
        return grouping.incidents();
    }

    /** Every incident so far, merged ones included, in the order they were opened. */
    public List<Incident> incidents() {
        return all.stream().map(IncidentBuilder::build).toList();
    }

    private IncidentBuilder create(String prefix, String firstAlert) {
        IncidentBuilder created = new IncidentBuilder(prefix + AlertFactory.idOf(List.of(prefix, firstAlert)).substring(0, 20), all.size(),
                prefix.startsWith("cmp"));
        all.add(created);
        return created;
    }

    private void index(IncidentBuilder incident, Set<String> keys) {
        for (String key : keys) {
            List<IncidentBuilder> holders = byKey.computeIfAbsent(key, k -> new ArrayList<>());
            if (!holders.contains(incident)) {
                holders.add(incident);
            }
        }
    }

    /** The principal, the credential, the credentials the evidence carries and those that minted the credential. */
    private static Set<String> keys(Alert alert) {
        Set<String> keys = new LinkedHashSet<>();
        if (alert.principal() != null) {
            keys.add("principal " + alert.principal());
        }
        if (alert.credential() != null) {
            keys.add("credential " + alert.credential());
        }
        for (Evidence evidence : alert.evidence()) {
            if (evidence.credential() != null) {
                keys.add("credential " + evidence.credential());
            }
        }
        if (alert.triage() != null) {
            alert.triage().lineage().forEach(parent -> keys.add("credential " + parent));
        }
        return keys;
    }

    /** What the access came from, where it says something about the actor: the attacker's address or scripted client. */
    static Set<String> indicators(Alert alert) {
        Set<String> indicators = new TreeSet<>();
        List<Evidence> evidence = alert.evidence();
        for (int i = 0; i < evidence.size(); i++) {
            Evidence e = evidence.get(i);
            boolean decisive = i == evidence.size() - 1;
            if (!decisive && !e.hostile()) {
                continue;
            }
            if (e.ip() != null && e.zone() == null && (e.networkClass() == null || !SHARED_BY_MANY.contains(e.networkClass()))) {
                indicators.add("address " + e.ip());
            }
            if (e.scripted() || e.clientClass() == dev.tokenward.event.ClientClass.ATTACK_TOOL) {
                if (e.userAgent() != null && e.networkClass() == NetworkClass.HOSTING) {
                    indicators.add("client " + e.userAgent() + " on " + (e.asOrg() == null ? "AS" + e.asn() : e.asOrg()));
                }
            }
        }
        return indicators;
    }

    /** Joins the incident to a campaign when its alert's indicators are shared widely enough. */
    private IncidentBuilder campaign(Alert alert, IncidentBuilder incident) {
        List<String> affected = alert.triage() == null ? List.of() : alert.triage().alsoAffected();
        Set<String> indicators = indicators(alert);
        String sprayedFrom = affected.isEmpty() || alert.evidence().isEmpty() ? null : alert.evidence().get(alert.evidence().size() - 1).ip();
        if (sprayedFrom != null) {
            indicators.add("address " + sprayedFrom);
        }
        for (String indicator : indicators) {
            List<Sighting> seen = byIndicator.computeIfAbsent(indicator, k -> new ArrayList<>());
            seen.removeIf(s -> s.time.isBefore(alert.time().minus(settings.campaignWindow())));
            if (seen.size() < MAX_PER_INDICATOR) {
                seen.add(new Sighting(alert.time(), incident));
            }
            Set<IncidentBuilder> sharing = new LinkedHashSet<>();
            for (Sighting s : seen) {
                if (!s.time.isAfter(alert.time().plus(settings.campaignWindow()))) {
                    sharing.add(s.incident.standing());
                }
            }
            boolean sprayed = indicator.equals("address " + sprayedFrom) && affected.size() + 1 >= settings.campaignAccounts();
            if (sharing.size() >= settings.campaignIncidents() || sprayed) {
                IncidentBuilder campaign = sharing.stream().filter(b -> b.campaign).findFirst().orElse(null);
                if (campaign == null) {
                    campaign = create("cmp-", alert.id());
                }
                for (IncidentBuilder member : sharing) {
                    if (member != campaign) {
                        campaign.absorb(member);
                    }
                }
                campaign.indicators.add(indicator);
                if (sprayed) {
                    campaign.alsoAffected.addAll(affected);
                }
                incident = campaign;
            } else {
                for (IncidentBuilder other : sharing) {
                    if (other != incident.standing()) {
                        other.related.add(incident.standing().id);
                        incident.standing().related.add(other.id);
                    }
                }
            }
        }
        return incident.standing();
    }

    /** An incident while alerts still come. */
    private static final class IncidentBuilder {
        final String id;
        final int order;
        final boolean campaign;
        final List<Alert> alerts = new ArrayList<>();
        final Set<String> indicators = new LinkedHashSet<>();
        final Set<String> alsoAffected = new LinkedHashSet<>();
        final Set<String> related = new LinkedHashSet<>();
        final List<String> merged = new ArrayList<>();
        IncidentBuilder mergedInto;
        Instant first;
        Instant last;

        IncidentBuilder(String id, int order, boolean campaign) {
            this.id = id;
            this.order = order;
            this.campaign = campaign;
        }

        IncidentBuilder standing() {
            IncidentBuilder at = this;
            while (at.mergedInto != null) {
                at = at.mergedInto;
            }
            return at;
        }

        boolean near(Instant time, Duration window) {
            return first != null && !time.isBefore(first.minus(window)) && !time.isAfter(last.plus(window));
        }

        void add(Alert alert) {
            alerts.add(alert);
            first = first == null || alert.time().isBefore(first) ? alert.time() : first;
            last = last == null || alert.time().isAfter(last) ? alert.time() : last;
        }

        void absorb(IncidentBuilder other) {
            if (other == this || other.mergedInto != null) {
                return;
            }
            other.alerts.forEach(this::add);
            indicators.addAll(other.indicators);
            alsoAffected.addAll(other.alsoAffected);
            related.addAll(other.related);
            other.mergedInto = this;
            merged.add(other.id);
        }

        Incident build() {
            return IncidentView.of(this.id, campaign ? "campaign" : "incident", first, last, alerts, indicators, alsoAffected,
                    related.stream().filter(r -> !r.equals(id) && !merged.contains(r)).toList(),
                    mergedInto == null ? null : mergedInto.standing().id, merged, campaign);
        }
    }

    /**
     * Questions merged across alerts: the strongest finding any alert made (yes, then no, then
     * unknown), with every distinct answer of that finding (a few at most), in alert order.
     */
    static List<Triage.Question> questions(List<Alert> alerts) {
        Map<String, Triage.Question> merged = new LinkedHashMap<>();
        Map<String, Set<String>> answers = new HashMap<>();
        for (Alert alert : alerts) {
            if (alert.triage() == null) {
                continue;
            }
            for (Triage.Question q : alert.triage().questions()) {
                Triage.Question held = merged.get(q.question());
                if (held == null || rank(q.finding()) > rank(held.finding())) {
                    merged.put(q.question(), q);
                    answers.put(q.question(), new LinkedHashSet<>(List.of(q.answer())));
                } else if (q.finding() == held.finding() && answers.get(q.question()).size() < MAX_ANSWERS) {
                    answers.get(q.question()).add(q.answer());
                }
            }
        }
        return merged.values().stream().map(q -> new Triage.Question(q.question(), q.finding(),
                String.join(" | ", answers.get(q.question())))).toList();
    }

    private static int rank(Finding finding) {
        return finding == Finding.YES ? 2 : finding == Finding.NO ? 1 : 0;
    }

    static Severity worst(List<Alert> alerts) {
        return alerts.stream().map(Alert::severity).max(Comparator.naturalOrder()).orElse(Severity.LOW);
    }
}
