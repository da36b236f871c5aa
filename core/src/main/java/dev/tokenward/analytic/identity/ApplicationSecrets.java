package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.Context;
import dev.tokenward.analytic.Describe;
import dev.tokenward.analytic.Evidence;
import dev.tokenward.analytic.Severity;
import dev.tokenward.analytic.Signal;
import dev.tokenward.event.Credential;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An application given a new secret within a day of being granted mail, file or directory access
 * (in either order): whoever holds the secret reads as the application, with no user in the way. Part
 * of oauth-consent-then-use, keyed by the application's name ({@link #key}), as both the grant and
 * the secret name it.
 */
final class ApplicationSecrets {
    static final Duration WINDOW = Duration.ofDays(1);
    private static final String PREFIX = "application ";
    private static final int REMEMBERED = 8;

    /** A grant of sensitive scopes, or a secret added (then {@code scopes} is null and {@code secret} its id). */
    public record Step(Instant time, String scopes, String secret, String principal, Evidence evidence) {
    }

    private ApplicationSecrets() {
    }

    /** The application key of a grant or a secret added, or null. */
    static String key(Event event) {
        String app = event.kind() == EventKind.CONSENT ? event.client().appName()
                : event.kind() == EventKind.TOKEN_ISSUED && event.credential().issuedCredentialId() != null
                ? event.credential().issued().workload() : null;
        return app == null ? null : PREFIX + app.toLowerCase(Locale.ROOT);
    }

    static boolean handles(String key) {
        return key.startsWith(PREFIX);
    }

    /** Remembers a sensitive grant or a secret, and alerts when the other is within a day. */
    static void onEvent(Event event, List<Step> steps, Pattern sensitive, String analytic, List<String> attack, Context context) {
        steps.removeIf(s -> s.time().plus(WINDOW).isBefore(context.now()));
        Credential.Issuance issued = event.credential().issued();
        Step step;
        if (event.kind() == EventKind.CONSENT) {
            List<String> reaching = issued.scopes().stream().filter(s -> sensitive.matcher(s).matches()).toList();
            if (reaching.isEmpty()) {
                return;
            }
            step = new Step(context.now(), String.join(" ", reaching), null, event.principal().name(), context.evidence(event));
        } else {
            step = new Step(context.now(), null, event.credential().issuedCredentialId(), event.principal().name(), context.evidence(event));
        }
        Step other = counterpart(steps, step);
        if (other != null) {
            alert(event, other.scopes() == null ? other : step, other.scopes() == null ? step : other, other, analytic, attack, context);
            steps.remove(other);
            return;
        }
        steps.add(step);
        if (steps.size() > REMEMBERED) {
            steps.remove(0);
        }
    }

    /**
     * The remembered step that completes this one (a secret for a grant, a grant for a secret): the
     * earliest, or the earliest by the same principal when there is one. Applications are known by
     * name here, and two applications may share one; the pair used is forgotten, not the others,
     * so one alert does not silence another application's.
     */
    private static Step counterpart(List<Step> steps, Step step) {
        Step match = null;
        for (Step other : steps) {
            if ((other.scopes() == null) != (step.scopes() == null)
                    && (match == null || other.principal().equals(step.principal()) && !match.principal().equals(step.principal()))) {
                match = other;
            }
        }
        return match;
    }

    private static void alert(Event event, Step secret, Step grant, Step first, String analytic, List<String> attack, Context context) {
        String app = context.key().substring(PREFIX.length());
        String name = event.kind() == EventKind.CONSENT ? event.client().appName() : event.credential().issued().workload();
        String gap = Describe.between(first.time(), context.now());
        String title = "New secret " + secret.secret() + " on application " + (name == null ? app : name) + " added by " + secret.principal()
                + (secret == first ? " " + gap + " before" : " " + gap + " after") + " it was granted " + grant.scopes();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Newly authorized OAuth application?", "yes: " + grant.scopes() + " granted by " + grant.principal() + " at "
                + grant.time() + "; a secret added by " + secret.principal() + " at " + secret.time());
        facts.put("Why it matters", "whoever holds the secret reads mail, files or the directory as the application, with no user"
                + " signing in and no MFA in the way");
        context.emit(new Signal(analytic, attack, event.time(), Severity.HIGH, secret.principal(), secret.secret(), title,
                List.of(first.evidence(), context.evidence(event)), facts));
    }
}
