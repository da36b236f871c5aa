package dev.tokenward.event;

/**
 * What made the request.
 *
 * @param ip        the source address; null when absent or not an address (see {@link Event#invalid()})
 * @param userAgent the raw user agent
 * @param deviceId  a device id or fingerprint (Okta dtHash, Entra deviceId)
 * @param app       the application or OAuth client id
 * @param process   the process on an endpoint (path or signing id)
 * @param host      the calling host; for AWS, the service that called on the principal's behalf
 * @param agent     what enrichment made of the user agent; null before enrichment
 * @param appName   the application's display name, where the source gives it
 * @param firstParty whether the application is the identity provider's own client (Outlook, Teams, the
 *                   Azure portal for Entra) rather than another company's app; null when unknown
 */
public record Client(IpAddress ip, String userAgent, String deviceId, String app, String process, String host,
                     Agent agent, String appName, Boolean firstParty) {
    public static final Client NONE = new Client(null, null, null, null, null, null, null, null, null);

    public Client(IpAddress ip, String userAgent, String deviceId, String app, String process, String host, Agent agent) {
        this(ip, userAgent, deviceId, app, process, host, agent, null, null);
    }

    public Client withAgent(Agent facts) {
        return new Client(ip, userAgent, deviceId, app, process, host, facts, appName, firstParty);
    }
}
