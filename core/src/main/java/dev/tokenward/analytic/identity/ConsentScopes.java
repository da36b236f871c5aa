package dev.tokenward.analytic.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the scopes of an OAuth consent reach, for oauth-consent-then-use: the low-impact permissions
 * users may grant by default, and the sensitive ones (mail, files, directory, mailbox settings).
 * Kept apart so that the lists read in one place; scopes are held as one space-separated string.
 */
final class ConsentScopes {
    /** Signing in only: Microsoft's default user-consentable permissions, and Google's sign-in scopes. */
    private static final Set<String> LOW_IMPACT = Set.of("openid", "profile", "email", "offline_access", "user.read",
            "https://www.googleapis.com/auth/userinfo.email", "https://www.googleapis.com/auth/userinfo.profile");
    /** Mail, files, directory and mailbox settings: Microsoft Graph's permissions, and Google's scopes for the same. */
    static final Pattern SENSITIVE = Pattern.compile(
            "(?i)^(mail\\..*|files\\..*|sites\\..*|directory\\..*|mailboxsettings\\..*|user\\.readwrite\\.all|"
                    + "user\\.read\\.all|full_access_as_user|ews\\.accessasuser\\.all|imap\\.accessasuser\\.all|"
                    + "notes\\..*|contacts\\..*|chat\\..*|https://mail\\.google\\.com/|"
                    + "https://www\\.googleapis\\.com/auth/(gmail|drive|admin\\.directory|contacts|ediscovery|cloud-platform)[a-z.]*)$");

    private ConsentScopes() {
    }

    /** Whether every scope is one users may consent to by default. */
    static boolean lowImpact(String scopes) {
        return Arrays.stream(scopes.split(" ")).filter(s -> !s.isBlank())
                .allMatch(s -> LOW_IMPACT.contains(s.toLowerCase(Locale.ROOT)));
    }

    /** Whether any scope reaches mail, files, directory or mailbox settings. */
    static boolean sensitive(String scopes) {
        return Arrays.stream(scopes.split(" ")).anyMatch(s -> SENSITIVE.matcher(s).matches());
    }

    /** The scopes of both, in order, each once. */
    static String union(String a, String b) {
        List<String> all = new ArrayList<>(Arrays.asList(a.split(" ")));
        for (String scope : b.split(" ")) {
            if (!all.contains(scope)) {
                all.add(scope);
            }
        }
        return String.join(" ", all);
    }
}
