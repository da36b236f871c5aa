package dev.tokenward.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenward.output.Json;

import java.time.Instant;
import java.util.Locale;

/**
 * 1Password Events API item usages ({@code POST /api/v2/itemusages}), one JSON line per event as
 * the vendor's SIEM connectors write them. 1Password logs item use only in shared vaults, and
 * without the session that made it; the client is an app, a version, a platform and an OS, and the
 * location is 1Password's own geolocation of the address.
 */
final class OnePasswordLog {

    /** A member of the 1Password account: a person or a service account. */
    record Member(String uuid, String name, String email) {
    }

    /**
     * The app that used the item, as 1Password reports it: its name and build, the browser or
     * runtime it ran in and the operating system.
     */
    record Client(String app, String version, String platform, String platformVersion, String os, String osVersion) {

        /** The browser extension in the browser of a laptop. */
        static Client extensionIn(Tenant.Device laptop) {
            String agent = laptop.userAgent();
            String platform = switch (laptop.oktaBrowser()) {
                case "EDGE_CHROMIUM" -> "Edge";
                case "SAFARI" -> "Safari";
                case "FIREFOX" -> "Firefox";
                default -> "Chrome";
            };
            String version = platform.equals("Safari") ? "26.1" : agent.replaceAll(".*Chrome/([0-9.]+).*", "$1");
            return new Client("1Password Browser Extension", "81034001", platform, version, os(laptop), osVersion(laptop));
        }

        /** The desktop app of a laptop. */
        static Client desktopOf(Tenant.Device laptop) {
            boolean mac = os(laptop).equals("MacOSX");
            return new Client(mac ? "1Password for Mac" : "1Password for Windows", "81103004", "", "", os(laptop),
                    osVersion(laptop));
        }

        private static String os(Tenant.Device laptop) {
            return laptop.oktaOs().startsWith("Mac") ? "MacOSX" : "Windows";
        }

        private static String osVersion(Tenant.Device laptop) {
            return laptop.oktaOs().startsWith("Mac") ? "15.6.1" : "10.0.26100";
        }
    }

    private final Spool spool;
    private final Geography geography;
    private final Witness witness;

    OnePasswordLog(Spool spool, Geography geography, Witness witness) {
        this.spool = spool;
        this.geography = geography;
        this.witness = witness;
    }

    /** One use of an item: fill, reveal, secure-copy, export, enter-item-edit-mode, server-fetch, server-update. */
    void itemUsage(Instant time, Member member, Client client, Geography.Address from, String vault, String item, String action,
                   Rand rand) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("uuid", rand.upperAlphanumeric(26));
        e.put("timestamp", time.toString());
        e.put("used_version", rand.between(1, 14));
        e.put("vault_uuid", vault);
        e.put("item_uuid", item);
        e.put("action", action);
        e.putObject("user").put("uuid", member.uuid()).put("name", member.name()).put("email", member.email());
        e.putObject("client").put("app_name", client.app()).put("app_version", client.version())
                .put("platform_name", client.platform()).put("platform_version", client.platformVersion())
                .put("os_name", client.os()).put("os_version", client.osVersion()).put("ip_address", from.ip());
        Geography.Located at = geography.reported(from, Geography.Product.ONEPASSWORD);
        e.putObject("location").put("country", at.city().country()).put("region", at.city().region())
                .put("city", at.city().name()).put("latitude", at.latitude()).put("longitude", at.longitude());
        witness.saw(time, member.email().toLowerCase(Locale.ROOT), null);
        spool.add(time, Spool.Stream.ONEPASSWORD, null, null, e);
    }
}
