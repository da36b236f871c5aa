package dev.tokenward.analytic.host;

import dev.tokenward.analytic.Analytic;
import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.EventField;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.FieldNeed;
import dev.tokenward.analytic.Severity;
import dev.tokenward.event.Checks;
import dev.tokenward.event.Endpoint;
import dev.tokenward.event.EntityKind;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A background service on a Mac calling a cloud or web API it has no business calling: a LaunchAgent
 * posting stolen tokens to a bot API, a tampered updater uploading to cloud storage, a script
 * replaying a stolen session cookie on a schedule.
 *
 * <p>A background process (run by a launchd job, or a child of launchd) connecting to a destination
 * of the API table ({@link ApiDestinations}) is scored on what is known of its service (its launchd
 * label, else its executable) across the fleet ({@link ServiceJudgement}): not in the inventory, or
 * with no inventory first seen after the learning period; a destination its entry does not allow or
 * it never called while learning; unsigned, or signed by another team than before; rare across the
 * fleet, or spreading to hosts after it alerted on another; an interpreter or transfer tool run by
 * a job; a run sooner than its schedule allows; a user agent it never used (where a sensor sees
 * one); a destination where stolen material is sent (messaging bots, paste sites, tunnels, file
 * drops). It alerts when the score reaches
 * {@code threshold}, never on the destination alone. A service seen during the learning period is
 * not approved by being there: when the period ends, its calls are judged by fleet rarity, signer
 * and destinations.
 *
 * <p>Keys: the fleet (one state for the hosts seen) and each service; the alert names the host.
 *
 * <p>ATT&CK: T1550.001, T1071.001 (Web Protocols), T1543.001 (Launch Agent), T1102 (Web Service);
 * analytic AN1191.
 */
public final class UnscheduledBackgroundApi implements Analytic<UnscheduledBackgroundApi.State> {
    public static final String ID = "unscheduled-background-api";
    static final String FLEET = "fleet:";
    static final String SERVICE = "service:";

    static final AnalyticSpec SPEC = new AnalyticSpec(ID, "Background service calling a cloud API outside its inventory or schedule",
            List.of("T1550.001", "T1071.001", "T1543.001", "T1102", "AN1191"), EntityKind.HOST, Severity.MEDIUM,
            List.of(FieldNeed.of(EventField.ENDPOINT_HOST, EventKind.NETWORK_CONNECTION),
                    FieldNeed.of(EventField.ENDPOINT_DESTINATION, EventKind.NETWORK_CONNECTION)),
            List.of(FieldNeed.of(EventField.ENDPOINT_PROCESS, EventKind.NETWORK_CONNECTION),
                    FieldNeed.of(EventField.ENDPOINT_JOB, EventKind.NETWORK_CONNECTION),
                    FieldNeed.of(EventField.ENDPOINT_SIGNER, EventKind.NETWORK_CONNECTION)));

    /**
     * @param threshold         the score at which a call alerts (see the class comment for what counts)
     * @param learningPeriod    from the first endpoint event: what services, destinations and signers the fleet has
     * @param rareHosts         a service on at most this many hosts is rare...
     * @param rarePercent       ...or on fewer than this percentage of the fleet's hosts
     * @param minFleet          rarity is judged only in a fleet of at least this many hosts
     * @param spreadPercent     a service that alerted on one host and then reaches another is judged as a rare one while
     *                          on fewer than this percentage of the fleet's hosts: one implant reused across victims
     * @param runWindow         connections this close together are one run of a service
     * @param scheduleTolerance how much sooner than its interval a run may come (a fraction of it)
     * @param repeatAfter       one alert per service and host per this long
     * @param inventory         the approved services; empty: learnt from the first days
     * @param extraDestinations further API destinations: "domain-or-CIDR [category [service]]"
     */
    public record Settings(int threshold, Duration learningPeriod, int rareHosts, double rarePercent, int minFleet, double spreadPercent,
                           Duration runWindow,
                           double scheduleTolerance, Duration repeatAfter, List<InventoryEntry> inventory, List<String> extraDestinations) {
        public static final Settings DEFAULTS = new Settings(3, Duration.ofDays(2), 2, 1.0, 10, 5.0, Duration.ofMinutes(5), 0.25,
                Duration.ofHours(24), List.of(), List.of());

        public Settings {
            Checks.require(threshold >= 2, "threshold must be at least 2: a destination alone never alerts");
            Checks.require(spreadPercent >= 0 && spreadPercent <= 100, "spreadPercent must be a percentage from 0 to 100");
            Checks.require(scheduleTolerance >= 0 && scheduleTolerance < 1, "scheduleTolerance must be a fraction from 0 to 1");
            inventory = inventory == null ? List.of() : List.copyOf(inventory);
            extraDestinations = extraDestinations == null ? List.of() : List.copyOf(extraDestinations);
        }
    }

    /** The state of one key: the fleet's, or one service's. */
    public static final class State {
        public FleetState fleet;
        public ServiceState service;
    }

    private final Settings settings;
    private final ApiDestinations destinations;
    private final ServiceJudgement judgement;

    public UnscheduledBackgroundApi(Settings settings) {
        this.settings = settings;
        this.destinations = new ApiDestinations(settings.extraDestinations());
        this.judgement = new ServiceJudgement(settings);
    }

    public Settings settings() {
        return settings;
    }

    /** The same analytic judging by this inventory. */
    public UnscheduledBackgroundApi withInventory(List<InventoryEntry> entries) {
        Settings s = settings;
        return new UnscheduledBackgroundApi(new Settings(s.threshold(), s.learningPeriod(), s.rareHosts(), s.rarePercent(), s.minFleet(),
                s.spreadPercent(), s.runWindow(), s.scheduleTolerance(), s.repeatAfter(), entries, s.extraDestinations()));
    }

    @Override
    public AnalyticSpec spec() {
        return SPEC;
    }

    @Override
    public boolean accepts(Event event) {
        Endpoint endpoint = event.endpoint();
        return event.kind() == EventKind.NETWORK_CONNECTION && endpoint != null && endpoint.host() != null
                && endpoint.destination() != null && ServiceIdentity.of(endpoint) != null && ServiceIdentity.background(endpoint)
                && destinations.of(endpoint.destination().name(), endpoint.destination().ip(), endpoint.destination().asn()) != null;
    }

    /** The fleet first (it counts the host), then the service (it judges the call). */
    @Override
    public List<String> keys(Event event) {
        return List.of(FLEET, SERVICE + ServiceIdentity.of(event.endpoint()));
    }

    @Override
    public State newState() {
        return new State();
    }

    @Override
    public State onEvent(Event event, State state, Context context) {
        if (context.key().equals(FLEET)) {
            state.fleet = state.fleet == null ? new FleetState(context.now()) : state.fleet;
            state.fleet.saw(event.endpoint().host());
            return state;
        }
        FleetState fleet = ((State) context.stateUnder(FLEET)).fleet;
        Endpoint endpoint = event.endpoint();
        ApiDestinations.Match api = destinations.of(endpoint.destination().name(), endpoint.destination().ip(),
                endpoint.destination().asn());
        if (state.service == null) {
            state.service = new ServiceState(context.now());
        }
        Call call = new Call(endpoint, api, context.evidence(event), event.client().userAgent());
        judgement.judge(call, state.service, fleet, context);
        return state;
    }

    @Override
    public State onTimer(Instant time, State state, Context context) {
        if (state.service != null) {
            FleetState fleet = ((State) context.stateUnder(FLEET)).fleet;
            judgement.learningOver(state.service, fleet, context);
        }
        return state;
    }

    /** One call of a service, as judged. */
    record Call(Endpoint endpoint, ApiDestinations.Match api, Evidence evidence, String userAgent) {
        String destination() {
            return endpoint.destination().name() != null ? endpoint.destination().name() : endpoint.destination().ip().toString();
        }
    }

    /** Every host seen calling an API from the background, and when the first was. */
    public static final class FleetState {
        /** Hosts remembered at most; past it the fleet is "at least" this big. */
        static final int MAX_HOSTS = 1 << 20;
        public Instant start;
        public java.util.Set<String> hosts = new java.util.HashSet<>();

        public FleetState() {
        }

        FleetState(Instant start) {
            this.start = start;
        }

        void saw(String host) {
            if (hosts.size() < MAX_HOSTS) {
                hosts.add(host);
            }
        }
    }

    /** What one service has been seen doing across the fleet. */
    public static final class ServiceState {
        public Instant firstSeen;
        public java.util.Map<String, Instant> hosts = new java.util.HashMap<>();
        public java.util.Set<String> destinations = new java.util.HashSet<>();
        public java.util.Set<String> signers = new java.util.HashSet<>();
        public java.util.Set<String> agents = new java.util.HashSet<>();
        /** Per host: the start of its last run, and the time of its last call. */
        public java.util.Map<String, Instant[]> runs = new java.util.HashMap<>();
        public java.util.Map<String, Instant> alerted = new java.util.HashMap<>();
        /** The first alert: when, and on which host. */
        public Instant judged;
        public String judgedOn;
        /** Calls during the learning period that may alert once the fleet is known. */
        public List<Held> held = new ArrayList<>();
        public boolean timerSet;

        public ServiceState() {
        }

        ServiceState(Instant firstSeen) {
            this.firstSeen = firstSeen;
        }
    }

    /** A call from the learning period, with the reasons it had then and the score they made. */
    public record Held(String host, Evidence evidence, List<String> reasons, int score, boolean grave, String title) {
    }
}
