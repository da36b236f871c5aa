package dev.tokenward.runtime;

import dev.tokenward.event.Event;
import dev.tokenward.event.Principal;

import java.util.LinkedHashMap;

/**
 * Names the principals some records give only by id (an Okta token grant made by an OAuth client
 * names the user only by their {@code 00u…} id) as the source names them elsewhere: the login of the
 * same id in the same source. Learnt from every record that gives both, in event-time order; at most
 * {@code limit} ids are remembered, the least recently used forgotten first.
 */
final class Identities {
    private final int limit;
    private final LinkedHashMap<String, String> logins = new LinkedHashMap<>(1 << 10, 0.75f, true);

    Identities(int limit) {
        this.limit = limit;
    }

    Event resolve(Event event) {
        Principal principal = event.principal();
        if (principal == null || principal.uid() == null) {
            return event;
        }
        String key = event.source() + '\u0000' + principal.uid();
        if (principal.onlyById()) {
            String login = logins.get(key);
            return login == null ? event : event.withPrincipal(principal.named(login));
        }
        if (!principal.name().equals(logins.get(key))) {
            logins.put(key, principal.name());
            if (logins.size() > limit) {
                var eldest = logins.entrySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        return event;
    }
}
