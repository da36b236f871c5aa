package dev.tokenward.simulate;

import dev.tokenward.simulate.Tenant.Person;

import java.time.ZoneId;
import java.util.Locale;

/**
 * One Mac of the fleet as its own telemetry names it: the hostname Jamf set (osquery's
 * {@code hostIdentifier}, and the DHCP host name when the Mac sends one), the console user, the
 * hardware, how its osquery logs ({@code logger_event_type} false gives batched lines), and the
 * person's choices that decide what runs on it.
 *
 * @param desktop        a Mac Studio on an office desk, never asleep
 * @param batched        osquery runs with {@code --logger_event_type=false}: one line per query run with {@code diffResults}
 * @param sendsHostName  the Mac puts its name in DHCP requests (most do)
 * @param homeLan        the home router's /24, e.g. {@code 192.168.1} or Xfinity's {@code 10.0.0}
 * @param homeIpv6       the home line also hands out IPv6, so en0 has a temporary address that changes daily
 * @param sync           the file sync client: dropbox, google-drive or onedrive
 * @param googleUpdater  Chrome's newer updater (GoogleUpdater) instead of Keystone
 * @param nightOwl       how likely the laptop is awake all night (plugged in, lid open)
 * @param powerNap       how likely it takes Power Nap dark wakes on a night it sleeps
 */
record Mac(int index, Person person, String hostname, String username, int uid, String uuid, String serial, String model,
           boolean desktop, boolean batched, boolean arm, String wifiMac, boolean sendsHostName, ZoneId zone, String homeLan,
           boolean homeIpv6, String ipv6LinkLocal, boolean chrome, String chromeVersion, boolean googleUpdater, String sync,
           boolean backup, String falconExtension, double nightOwl, double powerNap) {

    /** The short name of the Mac's console user's login, as Jamf Connect creates it from the Okta login. */
    static String username(Person person) {
        return person.login().substring(0, person.login().indexOf('@')).toLowerCase(Locale.ROOT);
    }
}
