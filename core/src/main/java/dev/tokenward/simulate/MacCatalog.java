package dev.tokenward.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * What runs on the organisation's Macs and whom it calls: the vendors' launchd jobs with their
 * real labels, plist paths, programs and schedules, the processes that open the connections (not
 * always the job's program: Falcon's system extension, Chrome's and Slack's helpers), their
 * signing identities as osquery's {@code signature} table reports them, and the destinations with
 * addresses in the vendors' own or their CDNs' space. CDN pools are shared: Akamai serves Microsoft
 * AutoUpdate, OneDrive's updater and Microsoft's redirector from the same addresses, Google's front
 * ends serve every Google domain, Cloudflare serves unrelated customers from one anycast block.
 */
final class MacCatalog {

    /** How a job is started. */
    enum Start {
        /** launchd {@code StartInterval}: seconds after the last run, missed runs at wake. */
        INTERVAL,
        /** launchd {@code StartCalendarInterval}: local clock times, missed runs coalesced at wake, lost while off. */
        CALENDAR,
        /** launchd {@code KeepAlive}: always running while the Mac is awake. */
        KEEP_ALIVE,
        /** An application the person keeps open while they use the Mac (not a launchd job of its own). */
        SESSION,
        /** On demand (Mach service, XPC): has a plist but opens no connection of its own here. */
        ON_DEMAND
    }

    /** A destination: its name, addresses (shared with other names on a CDN), CNAME chain, DNS TTL and port. */
    record Destination(String domain, List<String> addresses, List<String> cnames, int ttl, int port) {
        Destination(String domain, List<String> addresses, int ttl) {
            this(domain, addresses, List.of(), ttl, 443);
        }

        Destination via(String... cnames) {
            return new Destination(domain, addresses, List.of(cnames), ttl, port);
        }

        Destination onPort(int port) {
            return new Destination(domain, addresses, cnames, ttl, port);
        }
    }

    /**
     * A signing identity as osquery's signature table reports it. Unsigned and ad-hoc binaries have
     * {@code signed} false, no team and no authority; an ad-hoc one keeps an identifier and a cdhash.
     */
    record Signature(String identifier, String team, String authority, boolean signed, boolean universal, boolean adHoc) {
        static Signature developer(String identifier, String vendor, String team) {
            return new Signature(identifier, team, "Developer ID Application: " + vendor + " (" + team + ")", true, true, false);
        }

        static Signature apple(String identifier) {
            return new Signature(identifier, "", "Software Signing", true, true, false);
        }

        static Signature unsigned() {
            return new Signature("", "", "", false, false, false);
        }

        static Signature adHoc(String identifier) {
            return new Signature(identifier, "", "", false, false, true);
        }
    }

    /** A process as osquery's processes table shows it: its name, executable and signature; {@code root} when uid 0. */
    record Process(String name, String path, Signature signature, boolean root) {
    }

    /**
     * A TLS (or, on port 80, plain HTTP) call a process makes: how many per run, how long each stays
     * open, and the bytes each way; {@code uri} and {@code agent} for HTTP.
     */
    record Call(Destination to, int min, int max, double minSeconds, double maxSeconds, int sent, int received, String uri,
                String agent) {
        Call(Destination to, int min, int max, double minSeconds, double maxSeconds, int sent, int received) {
            this(to, min, max, minSeconds, maxSeconds, sent, received, null, null);
        }
    }

    /**
     * A launchd job or an application.
     *
     * @param kind      which vendor service this is (the same across hosts)
     * @param plist     the plist's path, empty for an application without one
     * @param program   launchd's {@code Program}, often empty when {@code ProgramArguments} is given
     * @param arguments launchd's {@code ProgramArguments}
     * @param interval  {@code StartInterval} seconds; for a long-lived connection the longest it stays open
     * @param calendar  {@code StartCalendarInterval} entries: {hour, minute}, hour -1 for every hour
     * @param delay     seconds a run may wait before it calls out ({@code jamf policy -randomDelaySeconds 300})
     * @param calls     the calls of one run, or the long-lived connection (first) and the calls made while it is open
     * @param client    the TLS client family, for the sensor's fingerprints
     */
    record Job(String kind, String label, String plist, String program, List<String> arguments, Start start, int interval,
               List<int[]> calendar, boolean runAtLoad, String user, Process process, int delay, List<Call> calls, String client) {

        boolean agent() {
            return plist.contains("/LaunchAgents/");
        }

        Job withInterval(int seconds) {
            return new Job(kind, label, plist, program, arguments, start, seconds, calendar, runAtLoad, user, process, delay, calls, client);
        }

        Job withCalendar(List<int[]> times) {
            return new Job(kind, label, plist, program, arguments, start, interval, times, runAtLoad, user, process, delay, calls, client);
        }

        Job withProcess(Process replacement) {
            return new Job(kind, label, plist, program, arguments, start, interval, calendar, runAtLoad, user, replacement, delay, calls,
                    client);
        }

        Job withCalls(List<Call> replacement) {
            return new Job(kind, label, plist, program, arguments, start, interval, calendar, runAtLoad, user, process, delay,
                    replacement, client);
        }
    }

    static final List<String> AKAMAI = List.of("23.47.156.38", "23.47.156.41", "23.215.104.201", "23.215.104.216", "2.21.244.74");
    static final List<String> GOOGLE = List.of("142.250.69.206", "142.250.217.78", "172.217.14.238", "142.251.33.110",
            "142.251.211.238", "142.250.69.202");
    static final List<String> CLOUDFLARE = List.of("104.21.57.118", "172.67.165.203", "104.18.32.47", "172.64.155.209");
    static final List<String> APPLE_EDGE = List.of("17.253.7.133", "17.253.7.140", "17.253.17.201", "17.253.17.207");
    static final List<String> MICROSOFT_FRONT_DOOR = List.of("13.107.136.10", "13.107.138.10", "13.107.42.14");
    static final List<String> DROPBOX = List.of("162.125.2.14", "162.125.6.20", "162.125.7.15", "162.125.4.3", "162.125.8.14");
    static final List<String> ZOOM = List.of("170.114.52.2", "170.114.10.91", "170.114.46.2", "170.114.15.160");
    static final List<String> SLACK = List.of("34.237.73.95", "3.230.167.216", "52.21.157.88", "54.208.114.73");

    static final Destination JAMF = new Destination("tidewater.jamfcloud.com", List.of("44.230.17.92", "35.160.210.48"), 60)
            .via("tidewater.jamfcloud.com.edgekey.net", "jcloud-prod-usw2-1f8c.elb.us-west-2.amazonaws.com");
    static final Destination FALCON_CLOUD = new Destination("ts01-b.cloudsink.net",
            List.of("54.183.140.32", "13.56.121.205", "52.52.20.134"), 60);
    static final Destination FALCON_DOWNLOAD = new Destination("lfodown01-b.cloudsink.net", List.of("13.57.28.170", "54.153.54.184"), 60);
    static final Destination KEYSTONE = new Destination("tools.google.com", GOOGLE, 300);
    static final Destination GOOGLE_UPDATE = new Destination("update.googleapis.com", GOOGLE, 300);
    static final Destination GOOGLE_APIS = new Destination("www.googleapis.com", GOOGLE, 300);
    static final Destination GMAIL = new Destination("mail.google.com", GOOGLE, 300);
    static final Destination MAU = new Destination("officecdnmac.microsoft.com", AKAMAI, 20)
            .via("officecdnmac.microsoft.com.edgekey.net", "e9659.dscg.akamaiedge.net");
    static final Destination MS_REDIRECT = new Destination("go.microsoft.com", AKAMAI, 20)
            .via("go.microsoft.com.edgekey.net", "e11290.dspg.akamaiedge.net");
    static final Destination NEXUS = new Destination("nexusrules.officeapps.live.com", List.of("52.111.240.3", "52.111.236.22"), 300)
            .via("prod.nexusrules.live.com.akadns.net");
    static final Destination ONEDRIVE_UPDATE = new Destination("oneclient.sfx.ms", AKAMAI, 20)
            .via("oneclient.sfx.ms.edgekey.net", "e2923.dscg.akamaiedge.net");
    static final Destination SHAREPOINT = new Destination("tidewateranalytics-my.sharepoint.com", MICROSOFT_FRONT_DOOR, 60)
            .via("1277-ipv4v6.farm.dprodmgd104.aa-rt.sharepoint.com", "dual-spo-0005.spo-msedge.net");
    static final Destination OUTLOOK = new Destination("outlook.office.com", List.of("52.96.165.18", "52.96.111.34", "40.99.150.50"), 30)
            .via("outlook.ms-acdc.office.com");
    static final Destination GRAPH = new Destination("graph.microsoft.com", List.of("20.190.151.68", "20.190.151.132", "40.126.23.166"),
            60).via("graph.ms-acdc.office.com");
    static final Destination OKTA = new Destination("tidewateranalytics.okta.com", List.of("44.239.191.64", "52.41.89.107"), 60)
            .via("ok12-crtrs.tng.okta.com", "ok12-crtr-nlb-1a3b8e.elb.us-west-2.amazonaws.com");
    static final Destination SLACK_SOCKET = new Destination("wss-primary.slack.com", SLACK, 60);
    static final Destination SLACK_API = new Destination("slack.com", SLACK, 60);
    static final Destination SLACK_EDGE = new Destination("edgeapi.slack.com", SLACK, 60);
    static final Destination ZOOM_WEB = new Destination("us05web.zoom.us", ZOOM, 60);
    static final Destination ZOOM_XMPP = new Destination("us05xmpp.zoom.us", ZOOM, 60);
    static final Destination ZOOM_UPDATE = new Destination("zoom.us", ZOOM, 60);
    static final Destination DROPBOX_NOTIFY = new Destination("bolt.dropbox.com", DROPBOX, 60);
    static final Destination DROPBOX_CLIENT = new Destination("client.dropbox.com", DROPBOX, 60)
            .via("client.dropbox-dns.com");
    static final Destination DROPBOX_CONTENT = new Destination("content.dropboxapi.com", DROPBOX, 60)
            .via("edge-block-www-env.dropbox-dns.com");
    static final Destination BACKBLAZE = new Destination("ca002.backblaze.com", List.of("149.137.128.79", "149.137.132.201"), 300);
    static final Destination BACKBLAZE_API = new Destination("api.backblaze.com", List.of("206.190.215.16", "206.190.215.20"), 300);
    static final Destination SOFA = new Destination("sofafeed.macadmins.io", CLOUDFLARE, 300);
    static final Destination ONEPASSWORD_UPDATE = new Destination("app-updates.agilebits.com", CLOUDFLARE, 300);
    static final Destination CAPTIVE = new Destination("captive.apple.com", APPLE_EDGE, List.of("captive.g.aaplimg.com"), 60, 80);
    static final Destination OCSP = new Destination("ocsp.apple.com", APPLE_EDGE, List.of("ocsp-a.g.aaplimg.com"), 300, 80);
    static final Destination TELEGRAM = new Destination("api.telegram.org", List.of("149.154.167.220"), 300);

    static final String JAMF_TEAM = "483DWKW443";
    static final String GOOGLE_TEAM = "EQHXZ8M8AV";
    static final String MICROSOFT_TEAM = "UBF8T346G9";

    private MacCatalog() {
    }

    /** The org's MDM and EDR and the vendors' updaters every Mac has, and the optional ones its own choices decide. */
    static List<Job> jobs(Mac mac) {
        String home = "/Users/" + mac.username();
        List<Job> jobs = new ArrayList<>();
        Signature jamf = Signature.developer("com.jamfsoftware.jamf", "JAMF Software", JAMF_TEAM);
        jobs.add(new Job("jamf-check-in", "com.jamfsoftware.task.1", "/Library/LaunchDaemons/com.jamfsoftware.task.1.plist", "",
                List.of("/usr/local/jamf/bin/jamf", "policy", "-randomDelaySeconds", "300"), Start.INTERVAL, 900, List.of(), false,
                "root", new Process("jamf", "/usr/local/jamf/bin/jamf", jamf, true), 300,
                List.of(new Call(JAMF, 1, 1, 0.6, 4.5, 5_400, 21_800)), "apple"));
        jobs.add(new Job("jamf-daemon", "com.jamf.management.daemon", "/Library/LaunchDaemons/com.jamf.management.daemon.plist",
                "/Library/Application Support/JAMF/JamfDaemon.app/Contents/MacOS/JamfDaemon", List.of(), Start.ON_DEMAND, 0, List.of(),
                true, "root", new Process("JamfDaemon", "/Library/Application Support/JAMF/JamfDaemon.app/Contents/MacOS/JamfDaemon",
                Signature.developer("com.jamf.management.daemon", "JAMF Software", JAMF_TEAM), true), 0, List.of(), "apple"));
        jobs.add(new Job("jamf-inventory", "com.tidewater.inventory", "/Library/LaunchDaemons/com.tidewater.inventory.plist", "",
                List.of("/usr/local/jamf/bin/jamf", "recon"), Start.CALENDAR, 0, List.<int[]>of(new int[] {11, 0}), false, "root",
                new Process("jamf", "/usr/local/jamf/bin/jamf", jamf, true), 0, List.of(new Call(JAMF, 1, 2, 0.9, 7.0, 96_000, 6_100)),
                "apple"));
        String falconAgent = "/Library/SystemExtensions/" + mac.falconExtension()
                + "/com.crowdstrike.falcon.Agent.systemextension/Contents/MacOS/com.crowdstrike.falcon.Agent";
        Signature falcon = Signature.developer("com.crowdstrike.falcon.Agent", "CrowdStrike Inc.", "X9E956P446");
        jobs.add(new Job("falcon", "com.crowdstrike.falcond", "/Library/LaunchDaemons/com.crowdstrike.falcond.plist",
                "/Applications/Falcon.app/Contents/Resources/falcond", List.of(), Start.KEEP_ALIVE, 12 * 3600, List.of(), true, "root",
                new Process("com.crowdstrike.falcon.Agent", falconAgent, falcon, true), 0,
                List.of(new Call(FALCON_CLOUD, 1, 1, 0, 0, 180_000, 95_000), new Call(FALCON_DOWNLOAD, 0, 1, 0.8, 4.0, 1_900, 310_000)),
                "falcon"));
        jobs.add(new Job("falcon-user", "com.crowdstrike.falcon.UserAgent", "/Library/LaunchAgents/com.crowdstrike.falcon.UserAgent.plist",
                "/Applications/Falcon.app/Contents/Resources/Falcon Notifications.app/Contents/MacOS/Falcon Notifications", List.of(),
                Start.ON_DEMAND, 0, List.of(), true, null, new Process("Falcon Notifications",
                "/Applications/Falcon.app/Contents/Resources/Falcon Notifications.app/Contents/MacOS/Falcon Notifications",
                Signature.developer("com.crowdstrike.falcon.UserAgent", "CrowdStrike Inc.", "X9E956P446"), false), 0, List.of(), "apple"));
        jobs.add(new Job("microsoft-autoupdate", "com.microsoft.update.agent", "/Library/LaunchAgents/com.microsoft.update.agent.plist", "",
                List.of("/Library/Application Support/Microsoft/MAU2.0/Microsoft AutoUpdate.app/Contents/MacOS/Microsoft Update Assistant.app"
                        + "/Contents/MacOS/Microsoft Update Assistant", "--launchByAgent"), Start.INTERVAL, 7200, List.of(), true, null,
                new Process("Microsoft Update Assistant", "/Library/Application Support/Microsoft/MAU2.0/Microsoft AutoUpdate.app/Contents/"
                        + "MacOS/Microsoft Update Assistant.app/Contents/MacOS/Microsoft Update Assistant",
                        Signature.developer("com.microsoft.autoupdate.fba", "Microsoft Corporation", MICROSOFT_TEAM), false), 0,
                List.of(new Call(MAU, 1, 1, 0.3, 2.5, 2_200, 61_000), new Call(NEXUS, 0, 1, 0.3, 1.2, 900, 4_200)), "apple"));
        jobs.add(new Job("microsoft-autoupdate-helper", "com.microsoft.autoupdate.helper",
                "/Library/LaunchDaemons/com.microsoft.autoupdate.helper.plist", "/Library/PrivilegedHelperTools/com.microsoft.autoupdate.helper",
                List.of(), Start.ON_DEMAND, 0, List.of(), false, "root", new Process("com.microsoft.autoupdate.helper",
                "/Library/PrivilegedHelperTools/com.microsoft.autoupdate.helper",
                Signature.developer("com.microsoft.autoupdate.helper", "Microsoft Corporation", MICROSOFT_TEAM), true), 0, List.of(), "apple"));
        if (mac.googleUpdater()) {
            String updater = home + "/Library/Application Support/Google/GoogleUpdater/Current/GoogleUpdater.app/Contents/MacOS/GoogleUpdater";
            jobs.add(new Job("google-updater", "com.google.GoogleUpdater.wake", home + "/Library/LaunchAgents/com.google.GoogleUpdater.wake.plist",
                    "", List.of(updater, "--wake"), Start.INTERVAL, 3600, List.of(), false, null, new Process("GoogleUpdater", updater,
                    Signature.developer("com.google.GoogleUpdater", "Google LLC", GOOGLE_TEAM), false), 0,
                    List.of(new Call(GOOGLE_UPDATE, 1, 1, 0.3, 1.8, 2_100, 6_400)), "chrome"));
        } else {
            String agent = home + "/Library/Google/GoogleSoftwareUpdate/GoogleSoftwareUpdate.bundle/Contents/Resources/"
                    + "GoogleSoftwareUpdateAgent.app/Contents/MacOS/GoogleSoftwareUpdateAgent";
            jobs.add(new Job("google-keystone", "com.google.keystone.agent", home + "/Library/LaunchAgents/com.google.keystone.agent.plist", "",
                    List.of(agent, "-runMode", "ifneeded"), Start.INTERVAL, 3623, List.of(), true, null,
                    new Process("GoogleSoftwareUpdateAgent", agent, Signature.developer("com.google.Keystone.Agent", "Google LLC",
                            GOOGLE_TEAM), false), 0, List.of(new Call(KEYSTONE, 1, 1, 0.3, 1.6, 1_800, 5_200)), "apple"));
            jobs.add(new Job("google-keystone-xpc", "com.google.keystone.xpcservice",
                    home + "/Library/LaunchAgents/com.google.keystone.xpcservice.plist", "", List.of(home + "/Library/Google/"
                    + "GoogleSoftwareUpdate/GoogleSoftwareUpdate.bundle/Contents/Resources/ksinstall", "--xpcservice"), Start.ON_DEMAND, 0,
                    List.of(), false, null, new Process("ksinstall", home + "/Library/Google/GoogleSoftwareUpdate/GoogleSoftwareUpdate.bundle"
                    + "/Contents/Resources/ksinstall", Signature.developer("ksinstall", "Google LLC", GOOGLE_TEAM), false), 0, List.of(),
                    "apple"));
        }
        Signature zoom = Signature.developer("us.zoom.ZoomUpdater", "Zoom Video Communications, Inc.", "BJ4HAAB9B3");
        String zoomUpdater = "/Applications/zoom.us.app/Contents/Frameworks/ZoomUpdater.app/Contents/MacOS/ZoomUpdater";
        jobs.add(new Job("zoom-updater", "us.zoom.updater", "/Library/LaunchAgents/us.zoom.updater.plist", "",
                List.of(zoomUpdater, "autoupdate"), Start.CALENDAR, 0, List.<int[]>of(new int[] {10, 17}), false, null,
                new Process("ZoomUpdater", zoomUpdater, zoom, false), 0, List.of(new Call(ZOOM_UPDATE, 1, 1, 0.4, 1.8, 1_500, 3_900)),
                "apple"));
        jobs.add(new Job("zoom-daemon", "us.zoom.ZoomDaemon", "/Library/LaunchDaemons/us.zoom.ZoomDaemon.plist",
                "/Library/PrivilegedHelperTools/us.zoom.ZoomDaemon", List.of(), Start.ON_DEMAND, 0, List.of(), false, "root",
                new Process("us.zoom.ZoomDaemon", "/Library/PrivilegedHelperTools/us.zoom.ZoomDaemon",
                        Signature.developer("us.zoom.ZoomDaemon", "Zoom Video Communications, Inc.", "BJ4HAAB9B3"), true), 0, List.of(),
                "apple"));
        jobs.add(new Job("zoom", "", "", "", List.of(), Start.SESSION, 8 * 3600, List.of(), false, null,
                new Process("zoom.us", "/Applications/zoom.us.app/Contents/MacOS/zoom.us",
                        Signature.developer("us.zoom.xos", "Zoom Video Communications, Inc.", "BJ4HAAB9B3"), false), 0,
                List.of(new Call(ZOOM_XMPP, 1, 1, 0, 0, 40_000, 65_000), new Call(ZOOM_WEB, 0, 1, 0.4, 3.0, 3_000, 24_000)), "apple"));
        String slackHelper = "/Applications/Slack.app/Contents/Frameworks/Slack Helper.app/Contents/MacOS/Slack Helper";
        jobs.add(new Job("slack", "", "", "", List.of(), Start.SESSION, 10 * 3600, List.of(), false, null,
                new Process("Slack Helper", slackHelper, Signature.developer("com.tinyspeck.slackmacgap.helper", "Slack Technologies, Inc.",
                        "BQR82RBBHL"), false), 0,
                List.of(new Call(SLACK_SOCKET, 1, 1, 0, 0, 220_000, 1_400_000), new Call(SLACK_API, 0, 1, 0.2, 2.0, 2_600, 14_000),
                        new Call(SLACK_EDGE, 0, 1, 0.2, 1.5, 1_900, 9_000)), "chrome"));
        if (mac.chrome()) {
            String helper = "/Applications/Google Chrome.app/Contents/Frameworks/Google Chrome Framework.framework/Versions/"
                    + mac.chromeVersion() + "/Helpers/Google Chrome Helper.app/Contents/MacOS/Google Chrome Helper";
            jobs.add(new Job("chrome", "", "", "", List.of(), Start.SESSION, 6 * 3600, List.of(), false, null,
                    new Process("Google Chrome Helper", helper, Signature.developer("com.google.Chrome.helper", "Google LLC", GOOGLE_TEAM),
                            false), 0, List.of(new Call(GMAIL, 1, 1, 0, 0, 90_000, 2_400_000), new Call(OKTA, 0, 2, 0.3, 4.0, 4_100, 31_000),
                    new Call(OUTLOOK, 0, 2, 0.5, 20.0, 6_000, 180_000), new Call(GRAPH, 0, 1, 0.3, 1.5, 2_200, 7_900)), "chrome"));
        } else {
            String networking = "/System/Library/Frameworks/WebKit.framework/Versions/A/XPCServices/com.apple.WebKit.Networking.xpc/"
                    + "Contents/MacOS/com.apple.WebKit.Networking";
            jobs.add(new Job("safari", "", "", "", List.of(), Start.SESSION, 6 * 3600, List.of(), false, null,
                    new Process("com.apple.WebKit.Networking", networking, Signature.apple("com.apple.WebKit.Networking"), false), 0,
                    List.of(new Call(OUTLOOK, 1, 1, 0, 0, 70_000, 1_900_000), new Call(OKTA, 0, 2, 0.3, 4.0, 4_100, 31_000),
                            new Call(GMAIL, 0, 1, 0.5, 12.0, 5_000, 120_000), new Call(GRAPH, 0, 1, 0.3, 1.5, 2_200, 7_900)), "apple"));
        }
        switch (mac.sync()) {
            case "dropbox" -> {
                jobs.add(new Job("dropbox", "", "", "", List.of(), Start.SESSION, 6 * 3600, List.of(), false, null,
                        new Process("Dropbox", "/Applications/Dropbox.app/Contents/MacOS/Dropbox",
                                Signature.developer("com.getdropbox.dropbox", "Dropbox, Inc.", "G7HH3F8CAK"), false), 0,
                        List.of(new Call(DROPBOX_NOTIFY, 1, 1, 0, 0, 9_000, 14_000), new Call(DROPBOX_CLIENT, 0, 2, 0.3, 2.2, 3_300, 8_100),
                                new Call(DROPBOX_CONTENT, 0, 1, 0.6, 9.0, 210_000, 6_000)), "chrome"));
                String update = home + "/Library/DropboxHelperTools/Dropbox_u" + mac.uid() + "/DropboxMacUpdate.app/Contents/MacOS/DropboxMacUpdate";
                jobs.add(new Job("dropbox-updater", "com.dropbox.DropboxMacUpdate.agent",
                        home + "/Library/LaunchAgents/com.dropbox.DropboxMacUpdate.agent.plist", "", List.of(update, "-check"), Start.INTERVAL,
                        3600 * 3, List.of(), true, null, new Process("DropboxMacUpdate", update,
                        Signature.developer("com.dropbox.DropboxMacUpdate", "Dropbox, Inc.", "G7HH3F8CAK"), false), 0,
                        List.of(new Call(DROPBOX_CLIENT, 1, 1, 0.3, 1.5, 1_400, 2_900)), "apple"));
            }
            case "google-drive" -> jobs.add(new Job("google-drive", "", "", "", List.of(), Start.SESSION, 6 * 3600, List.of(), false, null,
                    new Process("Google Drive", "/Applications/Google Drive.app/Contents/MacOS/Google Drive",
                            Signature.developer("com.google.drivefs", "Google LLC", GOOGLE_TEAM), false), 0,
                    List.of(new Call(GOOGLE_APIS, 1, 1, 0, 0, 30_000, 60_000), new Call(GOOGLE_APIS, 0, 2, 0.3, 4.0, 80_000, 12_000)), "chrome"));
            default -> {
                jobs.add(new Job("onedrive", "", "", "", List.of(), Start.SESSION, 6 * 3600, List.of(), false, null,
                        new Process("OneDrive", "/Applications/OneDrive.app/Contents/MacOS/OneDrive",
                                Signature.developer("com.microsoft.OneDrive", "Microsoft Corporation", MICROSOFT_TEAM), false), 0,
                        List.of(new Call(SHAREPOINT, 1, 1, 0, 0, 45_000, 90_000), new Call(SHAREPOINT, 0, 2, 0.4, 5.0, 120_000, 9_000)),
                        "apple"));
                String updater = "/Applications/OneDrive.app/Contents/StandaloneUpdater.app/Contents/MacOS/OneDriveStandaloneUpdater";
                jobs.add(new Job("onedrive-updater", "com.microsoft.OneDriveStandaloneUpdater",
                        "/Library/LaunchAgents/com.microsoft.OneDriveStandaloneUpdater.plist", updater, List.of(), Start.INTERVAL, 86_400,
                        List.of(), true, null, new Process("OneDriveStandaloneUpdater", updater,
                        Signature.developer("com.microsoft.OneDriveStandaloneUpdater", "Microsoft Corporation", MICROSOFT_TEAM), false), 0,
                        List.of(new Call(ONEDRIVE_UPDATE, 1, 2, 0.3, 2.0, 1_300, 22_000), new Call(MS_REDIRECT, 0, 1, 0.2, 0.8, 700, 1_100)),
                        "apple"));
            }
        }
        if (mac.backup()) {
            jobs.add(new Job("backblaze", "com.backblaze.bzserv", "/Library/LaunchDaemons/com.backblaze.bzserv.plist",
                    "/Library/Backblaze.bzpkg/bzserv", List.of(), Start.KEEP_ALIVE, 4 * 3600, List.of(), true, "root",
                    new Process("bztransmit", "/Library/Backblaze.bzpkg/bztransmit",
                            Signature.developer("com.backblaze.bztransmit", "Backblaze Inc", "4D6R7VJ3CS"), true), 0,
                    List.of(new Call(BACKBLAZE, 1, 1, 0, 0, 4_200_000, 60_000), new Call(BACKBLAZE_API, 0, 1, 0.4, 1.5, 1_600, 2_400)),
                    "apple"));
        }
        jobs.add(new Job("trustd-ocsp", "", "", "", List.of(), Start.SESSION, 0, List.of(), false, "root",
                new Process("trustd", "/usr/libexec/trustd", Signature.apple("com.apple.trustd"), false), 0,
                List.of(new Call(OCSP, 0, 2, 0.05, 0.4, 420, 1_900, "/ocsp03-devid06/ME4wTKADAgEAMEUwQzBBMAkGBSsOAwIaBQAEFDOB0e%2FbaLCF"
                        + "IU0u76%2BMSmlkPCpsBBRXF%2B2iz9x8mKEQ4Py%2Bhy0s8uMXVAIIB", "com.apple.trustd/3.0")), "apple"));
        return jobs;
    }

    /** The captive-portal probe macOS makes on joining a network: plain HTTP, seen by the sensor at the office. */
    static Call captiveProbe() {
        return new Call(CAPTIVE, 1, 1, 0.03, 0.2, 160, 68, "/hotspot-detect.html", "CaptiveNetworkSupport-491.0.1 wispr");
    }

    /** Nudge, which the organisation's MDM rolls out during the run: a properly signed LaunchAgent on a clock-aligned half hour. */
    static Job nudge() {
        String program = "/Applications/Utilities/Nudge.app/Contents/MacOS/Nudge";
        return new Job("nudge", "com.github.macadmins.Nudge", "/Library/LaunchAgents/com.github.macadmins.Nudge.plist", "",
                List.of(program), Start.CALENDAR, 0, List.of(new int[] {-1, 0}, new int[] {-1, 30}), false, null,
                new Process("Nudge", program, Signature.developer("com.github.macadmins.Nudge", "Mac Admins Open Source", "T4SK8ZXCXG"),
                        false), 0, List.of(new Call(SOFA, 0, 1, 0.2, 0.9, 1_100, 96_000)), "apple");
    }
}
