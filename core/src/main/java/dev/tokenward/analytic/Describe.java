package dev.tokenward.analytic;

import dev.tokenward.event.Credential;
import dev.tokenward.event.CredentialKind;

import java.time.Duration;
import java.time.Instant;

/** Words for alert titles and facts that every analytic puts the same way. */
public final class Describe {
    private Describe() {
    }

    /** A span for people: seconds below two minutes, minutes below two hours, hours below two days, days after. */
    public static String duration(Duration span) {
        long seconds = Math.max(0, span.toSeconds());
        if (seconds < 120) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 120) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        return hours < 48 ? hours + " h" : hours / 24 + " days";
    }

    /** The span between two moments, for people. */
    public static String between(Instant from, Instant to) {
        return duration(Duration.between(from, to));
    }

    /** What a credential is, with its issuer where the source names one: "Okta session", "AWS temporary key". */
    public static String credential(Credential credential) {
        String provider = credential.issuance().provider();
        return provider == null ? kind(credential.kind()) : provider + " " + kind(credential.kind());
    }

    /** A kind of credential in words. */
    public static String kind(CredentialKind kind) {
        return switch (kind) {
            case PASSWORD -> "password";
            case SESSION -> "session";
            case ACCESS_TOKEN -> "access token";
            case REFRESH_TOKEN -> "refresh token";
            case API_KEY -> "access key";
            case TEMPORARY_KEY -> "temporary key";
            case FEDERATION_TOKEN -> "federation token";
            case ASSERTION -> "federation assertion";
            case CERTIFICATE -> "certificate";
            case UNKNOWN -> "credential";
        };
    }
}
