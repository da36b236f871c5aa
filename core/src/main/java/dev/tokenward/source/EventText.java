package dev.tokenward.source;

import dev.tokenward.event.Action;
import dev.tokenward.event.Client;
import dev.tokenward.event.Credential;
import dev.tokenward.event.Endpoint;
import dev.tokenward.event.Event;
import dev.tokenward.event.Network;
import dev.tokenward.event.Principal;

/**
 * The texts an event keeps, measured in one walk over them: the longest (the user agent, which has
 * a limit of its own, apart), the most scopes of an issuance, and all of them together.
 * {@link CappedEvent} holds every text to the input limits by it; what holds events (the reorder
 * buffer) weighs them by it, since a record may fill each of its texts to the limit.
 */
public final class EventText {
    private int longest;
    private int userAgent;
    private int scopes;
    private long chars;

    private EventText() {
    }

    /** Characters of text the event keeps, all together. */
    public static long chars(Event event) {
        return of(event).chars;
    }

    static EventText of(Event e) {
        EventText m = new EventText();
        m.add(e.reason());
        Client c = e.client();
        m.userAgent = c.userAgent() == null ? 0 : c.userAgent().length();
        m.chars += m.userAgent;
        m.add(c.deviceId());
        m.add(c.app());
        m.add(c.process());
        m.add(c.host());
        m.add(c.appName());
        Network n = e.network();
        m.add(n.country());
        m.add(n.city());
        m.add(n.asOrg());
        m.add(n.zone());
        Principal p = e.principal();
        if (p != null) {
            m.add(p.name());
            m.add(p.uid());
            m.add(p.tenant());
            m.add(p.parent());
        }
        Credential credential = e.credential();
        if (credential != null) {
            m.add(credential.id());
            m.add(credential.parentId());
            m.add(credential.issuedCredentialId());
            m.add(credential.issuance());
            m.add(credential.issued());
        }
        Action a = e.action();
        if (a != null) {
            m.add(a.service());
            m.add(a.operation());
            m.add(a.resource());
            m.add(a.region());
            m.add(a.revealedOf());
            for (String item : a.revealed()) {
                m.add(item);
            }
            for (String item : a.written()) {
                m.add(item);
            }
        }
        if (e.origin() != null) {
            m.add(e.origin().recordId());
        }
        for (String value : e.unmapped().values()) {
            m.add(value);
        }
        m.add(e.endpoint());
        return m;
    }

    /** The longest text but the user agent. */
    int longest() {
        return longest;
    }

    int userAgent() {
        return userAgent;
    }

    /** The most scopes of one issuance. */
    int scopes() {
        return scopes;
    }

    private void add(String text) {
        if (text != null) {
            int length = text.length();
            chars += length;
            longest = Math.max(longest, length);
        }
    }

    private void add(Credential.Issuance i) {
        if (i != null) {
            add(i.provider());
            add(i.issuerTenant());
            add(i.workload());
            add(i.issuedTo());
            add(i.mfaDetail());
            scopes = Math.max(scopes, i.scopes().size());
            for (String scope : i.scopes()) {
                add(scope);
            }
        }
    }

    private void add(Endpoint e) {
        if (e == null) {
            return;
        }
        add(e.host());
        add(e.user());
        add(e.tls());
        add(e.tiedBy());
        Endpoint.Process p = e.process();
        if (p != null) {
            add(p.path());
            add(p.signingId());
            add(p.teamId());
        }
        Endpoint.Destination d = e.destination();
        if (d != null) {
            add(d.name());
            add(d.asOrg());
        }
        Endpoint.Job j = e.job();
        if (j != null) {
            add(j.label());
            add(j.program());
            add(j.calendar());
            add(j.plist());
        }
    }
}
