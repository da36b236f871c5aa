package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.AnalyticSpec;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.analytic.baseline.Profile;
import dev.tokenward.analytic.identity.ImpossibleTravel.Place;
import dev.tokenward.analytic.identity.ImpossibleTravel.Settings;
import dev.tokenward.event.Event;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The signal impossible-travel raises once it has picked the suspect place: its title and the facts
 * a triager reads (distance, speed needed, what was allowed), kept apart from the judgement itself.
 */
final class TravelAlert {
    private TravelAlert() {
    }

    /** The signal for {@code suspect}, {@code km} (less uncertainty) from {@code other}; {@code there} came before {@code here}. */
    static Signal of(AnalyticSpec spec, Settings settings, Event event, Place here, Place there, Place suspect, Place other, double km,
                     Profile profile) {
        Evidence suspectEvidence = suspect.evidence();
        Duration between = Duration.between(there.time(), here.time());
        String title = event.principal().name() + " active from " + suspectEvidence.where() + " and " + other.name()
                + (between.toMinutes() < 1 ? " at the same time" : " " + Describe.duration(between) + " apart") + ": "
                + String.format(Locale.ROOT, "%,.0f", km) + " km";
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Used from an unfamiliar place?", "yes: " + suspect.name() + " (" + PlaceFamiliarity.describe(profile, suspect.name())
                + "), " + String.format(Locale.ROOT, "%,.0f km from %s (%s)", km, other.name(),
                PlaceFamiliarity.describe(profile, other.name())));
        facts.put("Speed needed", between.toMinutes() < 1 ? "simultaneous" : String.format(Locale.ROOT, "%,.0f km/h",
                km / Math.max(1.0 / 60, between.toSeconds() / 3600.0)));
        facts.put("Allowed", String.format(Locale.ROOT, "%,.0f km/h after %.0f h for airports; geolocation uncertainty"
                + " (%,.0f and %,.0f km) subtracted", settings.maxSpeedKmh(), settings.airportHours(), here.accuracyKm(),
                there.accuracyKm()));
        if (profile != null) {
            facts.put("Baseline", profile.describe());
        }
        String credential = event.credential() == null ? null : event.credential().id();
        return new Signal(spec.id(), spec.attack(), event.time(), suspectEvidence.scripted() ? Severity.HIGH : Severity.MEDIUM,
                event.principal().name(), credential, title, List.of(there.evidence(), here.evidence()), facts, suspectEvidence)
                .excusableBy(there.evidence(), here.evidence()).excusableAsMobile(there.evidence(), here.evidence());
    }
}
