package dev.tokenward.evaluate;

import dev.tokenward.signal.Alert;
import dev.tokenward.signal.Incident;
import dev.tokenward.signal.Incidents;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the alerts' incidents match the storylines: each detected attack should be one incident,
 * no incident should tell two attacks, and a spray that reached several accounts should be one
 * campaign naming them. The incidents are grouped again from the alerts file, in its order, as
 * {@code detect} grouped them.
 *
 * @param detected          attack storylines with a true alert
 * @param oneIncident       of those, whose true alerts all lie in one incident
 * @param incidents         incidents standing (not merged into another)
 * @param mixed             incidents holding true alerts of two storylines or more
 * @param campaigns         detected storylines with bystanders (a spray that reached several accounts)
 * @param campaignsFound    of those, whose incident is a campaign naming at least one bystander
 * @param split             the storylines told as several incidents, with their incident count
 * @param mixedIncidents    the incidents telling several storylines, with them
 * @param campaignsMissed   the spray storylines not found as a campaign
 */
public record IncidentScore(int detected, int oneIncident, int incidents, int mixed, int campaigns, int campaignsFound,
                            List<String> split, List<String> mixedIncidents, List<String> campaignsMissed) {

    public static IncidentScore of(List<Storyline> truth, List<Alert> alerts, Duration tolerance, Incidents.Settings settings) {
        List<Incident> all = Incidents.group(alerts, settings);
        Map<String, Incident> byId = new HashMap<>();
        all.forEach(i -> byId.put(i.id(), i));
        Map<String, Incident> ofAlert = new HashMap<>();
        for (Incident incident : all) {
            Incident standing = incident;
            while (standing.mergedInto() != null) {
                standing = byId.get(standing.mergedInto());
            }
            for (String alert : incident.alerts()) {
                ofAlert.put(alert, standing);
            }
        }
        int detected = 0;
        int one = 0;
        int campaigns = 0;
        int campaignsFound = 0;
        List<String> split = new ArrayList<>();
        List<String> campaignsMissed = new ArrayList<>();
        Map<Incident, Set<String>> storiesOf = new HashMap<>();
        for (Storyline storyline : truth) {
            if (storyline.decoy()) {
                continue;
            }
            Set<Incident> holding = new LinkedHashSet<>();
            for (Alert alert : alerts) {
                if (Evaluation.matches(alert, storyline, tolerance)) {
                    holding.add(ofAlert.get(alert.id()));
                }
            }
            if (holding.isEmpty()) {
                continue;
            }
            detected++;
            holding.forEach(i -> storiesOf.computeIfAbsent(i, k -> new LinkedHashSet<>()).add(storyline.storyline()));
            if (holding.size() == 1) {
                one++;
            } else {
                split.add(storyline.storyline() + " (" + storyline.kind() + "): " + holding.size() + " incidents");
            }
            if (!storyline.bystanders().isEmpty()) {
                campaigns++;
                boolean found = holding.stream().anyMatch(i -> i.kind().equals("campaign")
                        && storyline.bystanders().stream().anyMatch(b -> i.alsoAffected().contains(b) || i.principals().contains(b)));
                if (found) {
                    campaignsFound++;
                } else {
                    campaignsMissed.add(storyline.storyline() + " (" + storyline.kind() + ", " + storyline.bystanders().size() + " bystanders)");
                }
            }
        }
        List<String> mixed = storiesOf.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey().id() + ": " + String.join(", ", e.getValue())).sorted().toList();
        int standing = (int) all.stream().filter(Incident::standing).count();
        return new IncidentScore(detected, one, standing, mixed.size(), campaigns, campaignsFound, split, mixed, campaignsMissed);
    }
}
