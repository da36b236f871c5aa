package dev.tokenward.simulate;

import dev.tokenward.simulate.Geography.Address;
import dev.tokenward.simulate.Geography.City;
import dev.tokenward.simulate.Geography.Kind;
import dev.tokenward.simulate.Geography.Network;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The simulated organisation, Tidewater Analytics of Seattle: its identity providers, cloud
 * accounts, people and workloads, all drawn from the seed. About 93% of principals are people, the
 * rest workloads (EC2 instances, CI pipelines, Entra service principals, scheduled jobs). The first
 * two people are engineers with legacy IAM users (the first with a console password), the third an
 * administrator and the fourth lives in Bengaluru, so that every storyline kind and hard case has a
 * possible subject in a small organisation.
 */
final class Tenant {
    static final String DOMAIN = "tidewateranalytics.com";
    static final String OKTA_HOST = "tidewateranalytics.okta.com";
    static final String ENTRA_TENANT = "7d3f9c12-5b8e-4a61-9f20-3c84e1b6d5a7";
    static final String ACCOUNT = "482910376154";
    /** The AWS Organization whose organisation trail delivers every member account's events. */
    static final String ORGANIZATION = "o-7k2m9x4q1z";
    /** The machine-learning sandbox account that joins the organisation trail mid-run. */
    static final String SANDBOX_ACCOUNT = "615243987012";
    /**
     * The organisation's other member accounts, in the trail from the start, that nobody's daily
     * work touches: the data-lake, logging, staging, shared-services and audit accounts.
     */
    static final List<String> MEMBER_ACCOUNTS = List.of("729384610552", "836102947713", "941275038826", "357810264493",
            "268401937715");
    static final String OKTA_SAML_PROVIDER = "arn:aws:iam::" + ACCOUNT + ":saml-provider/Okta";
    static final String OKTA_IDP_ISSUER = "http://www.okta.com/exk9t3q6wzRBJ2Pmc697";
    static final String GITHUB_OIDC = "arn:aws:iam::" + ACCOUNT + ":oidc-provider/token.actions.githubusercontent.com";

    /** Role in the organisation: what a person does in the cloud and how often. */
    enum Role { STAFF, ENGINEER, ADMIN }

    /** A laptop or phone with the identifiers each product logs for it. */
    record Device(boolean mobile, String userAgent, String oktaOs, String oktaBrowser, String entraOs, String entraBrowser,
                  String entraDeviceId, String oktaDeviceHash, String name, String trustType) {
    }

    /** A legacy IAM user with a long-term access key. */
    record IamUser(String name, String userId, String accessKeyId, boolean consolePassword) {
        String arn() {
            return "arn:aws:iam::" + ACCOUNT + ":user/" + name;
        }
    }

    record Person(int index, String login, String displayName, String oktaId, String entraId, City home, Address homeAddress,
                  Device laptop, Device phone, Network carrier, boolean privateRelay, Network personalVpn,
                  boolean corporateVpn, boolean hybrid, boolean keepSignedIn, Role role, String awsRole, IamUser iamUser,
                  int startHour, double tripsPerWeek, boolean secureWebGateway) {
    }

    enum WorkloadType { EC2_INSTANCE, CI_PIPELINE, ENTRA_APP, SCHEDULED_JOB }

    /**
     * A non-human principal.
     *
     * @param name     instance id, repository, or app display name
     * @param role     IAM role it assumes (EC2, CI)
     * @param roleId   that role's AROA id
     * @param region   where it runs
     * @param address  public egress (Elastic IP, runner, connector host)
     * @param privateIp VPC address its calls through VPC endpoints carry
     * @param appId    Entra application id (ENTRA_APP)
     * @param objectId Entra service principal object id (ENTRA_APP)
     * @param keyId    Entra credential key id (ENTRA_APP), or the IAM user's access key (a job run as a user)
     * @param variant  what sort of job (SCHEDULED_JOB) or instance, for the hard cases; null when ordinary
     */
    record Workload(int index, WorkloadType type, String name, String account, String role, String roleId, String region,
                    Address address, String privateIp, String appId, String objectId, String keyId, int periodMinutes,
                    String variant) {
        String roleArn() {
            return "arn:aws:iam::" + account + ":role/" + role;
        }

        String sessionArn(String session) {
            return "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session;
        }
    }

    private static final String[] FIRST = {"Maria", "James", "Priya", "Tom", "Li", "Sarah", "Anna", "Devon", "Omar",
            "Hannah", "Kenji", "Fatima", "Lucas", "Grace", "Mateo", "Aisha", "Noah", "Chloe", "Ravi", "Elena", "Sam",
            "Ingrid", "Tariq", "Mei", "Jonas", "Zoe", "Arjun", "Camille", "Diego", "Nora", "Ethan", "Yara", "Felix",
            "Sofia", "Kwame", "Leah", "Marcus", "Ana", "Ben", "Isla", "Hiro", "Lena", "Victor", "Amara", "Owen", "Rosa"};
    private static final String[] LAST = {"Gonzalez", "Whitfield", "Raman", "Becker", "Wei", "Mitchell", "Kowalski",
            "Brooks", "Haddad", "Schmidt", "Tanaka", "Okafor", "Silva", "Oconnor", "Rossi", "Khan", "Nguyen", "Dubois",
            "Patel", "Petrova", "Lindqvist", "Moreau", "Yamamoto", "Adeyemi", "Fischer", "Novak", "Reyes", "Murphy",
            "Chen", "Kim", "Larsen", "Costa", "Ibrahim", "Walsh", "Hughes", "Sato", "Mensah", "Horvat", "Bauer", "Park"};
    private static final String[] AWS_ROLES = {"Okta-DataEngineering", "Okta-PowerUser", "Okta-ReadOnly"};
    private static final String[] EC2_ROLES = {"etl-worker", "reporting-batch", "m365-backup", "feature-store"};
    private static final String[] REPOSITORIES = {"etl-pipeline", "insights-web", "infra-live", "reporting-service",
            "feature-store", "data-contracts"};
    private static final String[] ENTRA_APPS = {"Tidewater Backup Connector", "Tidewater Insights Mailer",
            "Tidewater HR Sync", "Tidewater Ticket Bridge"};

    final Geography geography;
    final City hq;
    final Network office;
    final List<Address> officeAddresses;
    final List<Person> people;
    final List<Workload> workloads;

    Tenant(Geography geography, int principals, long seed) {
        this.geography = geography;
        this.hq = geography.city("Seattle");
        this.office = geography.networks(Kind.OFFICE, hq).get(0);
        Rand rand = Rand.of(seed, "office");
        this.officeAddresses = List.of(geography.address(office, hq, rand), geography.address(office, hq, rand),
                geography.address(office, hq, rand));
        int workloadCount = Math.max(4, principals / 15);
        int peopleCount = Math.max(1, principals - workloadCount);
        this.people = people(peopleCount, seed);
        this.workloads = workloads(workloadCount, seed);
    }

    int principals() {
        return people.size() + workloads.size();
    }

    private List<Person> people(int count, long seed) {
        List<City> remote = geography.residentialCities().stream().filter(c -> !c.country().equals("NG")
                && !c.country().equals("BR")).toList();
        Set<String> logins = new HashSet<>();
        List<Person> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Rand r = Rand.of(seed, "person", i);
            String first = r.pick(FIRST);
            String last = r.pick(LAST);
            String login = (first + "." + last).toLowerCase(Locale.ROOT);
            for (int n = 2; !logins.add(login); n++) {
                login = (first + "." + last + n).toLowerCase(Locale.ROOT);
            }
            City home = r.chance(0.7) ? r.pick(geography.city("Seattle"), geography.city("Bellevue"),
                    geography.city("Tacoma")) : r.pick(remote);
            if (i == 3) {
                home = geography.city("Bengaluru");
            }
            Address homeAddress = geography.address(r.pick(geography.networks(Kind.RESIDENTIAL, home)), home, r);
            List<Network> carriers = geography.networks(Kind.MOBILE, home);
            Network carrier = carriers.isEmpty() ? null : r.pick(carriers);
            boolean iphone = r.chance(0.6);
            Role role = i < 2 ? Role.ENGINEER : r.chance(0.05) || i == 2 ? Role.ADMIN : r.chance(0.3) ? Role.ENGINEER : Role.STAFF;
            IamUser iamUser = i < 2 || role != Role.STAFF && r.chance(0.25)
                    ? new IamUser(login, r.awsUniqueId("AIDA"), r.accessKeyId("AKIA"), i == 0 || r.chance(0.3)) : null;
            String display = first + " " + last;
            String shortName = (first.charAt(0) + last).toUpperCase(Locale.ROOT);
            result.add(new Person(i, login + "@" + DOMAIN, display, "00u" + r.base62(17), r.uuid(), home, homeAddress,
                    laptop(r, shortName), phone(r, iphone, shortName), carrier, iphone && r.chance(0.35),
                    r.chance(0.05) ? r.pick(geography.networks(Kind.VPN)) : null, r.chance(0.3),
                    home.country().equals("US") && home.zone().equals(hq.zone()) && r.chance(0.6),
                    r.chance(0.2), role, role == Role.STAFF ? null : role == Role.ADMIN ? "Okta-Administrator" : r.pick(AWS_ROLES),
                    iamUser, home.zone().equals(hq.zone()) ? r.between(7, 10) : r.between(8, 10),
                    r.chance(0.15) ? 0.5 : 0.05, gateway(home, r)));
        }
        return List.copyOf(result);
    }

    /**
     * Whether a person's laptop egresses through the organisation's secure web gateway (Zscaler)
     * when away from the office: everyone in India and Singapore, where it is policy, and a quarter
     * of the others.
     */
    private static boolean gateway(City home, Rand r) {
        return home.country().equals("IN") || home.country().equals("SG") || r.chance(0.25);
    }

    /** The secure web gateway node nearest a city: where a gateway user's laptop egresses from there. */
    Network gatewayNode(City near) {
        return geography.networks(Kind.GATEWAY).stream()
                .min(java.util.Comparator.comparingDouble(n -> n.city().kilometresTo(near))).orElseThrow();
    }

    private static Device laptop(Rand r, String shortName) {
        int chrome = r.between(154, 156);
        return switch (r.below(4)) {
            case 0 -> new Device(false, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
                    + chrome + ".0.0.0 Safari/537.36 Edg/" + chrome + ".0.0.0", "Windows 10", "EDGE_CHROMIUM", "Windows10",
                    "Edge " + chrome + ".0.0", r.uuid(), r.hex(64), "TWA-" + shortName + "-LT", "Azure AD joined");
            case 1 -> new Device(false, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
                    + chrome + ".0.0.0 Safari/537.36", "Windows 10", "CHROME", "Windows10", "Chrome " + chrome + ".0.0",
                    r.uuid(), r.hex(64), "TWA-" + shortName + "-LT", "Azure AD joined");
            case 2 -> new Device(false, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    + "Version/26.1 Safari/605.1.15", "Mac OS X", "SAFARI", "MacOs", "Safari 26.1", r.uuid(), r.hex(64),
                    "TWA-" + shortName + "-MBP", "Azure AD registered");
            default -> new Device(false, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
                    + chrome + ".0.0.0 Safari/537.36", "Mac OS X", "CHROME", "MacOs", "Chrome " + chrome + ".0.0", r.uuid(),
                    r.hex(64), "TWA-" + shortName + "-MBP", "Azure AD registered");
        };
    }

    private static Device phone(Rand r, boolean iphone, String shortName) {
        if (iphone) {
            return new Device(true, "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    + "Version/26.1 Mobile/15E148 Safari/604.1", "iOS", "SAFARI", "Ios", "Mobile Safari 26.1", r.uuid(),
                    r.hex(64), shortName + "-iPhone", "Azure AD registered");
        }
        int chrome = r.between(154, 156);
        return new Device(true, "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + chrome
                + ".0.0.0 Mobile Safari/537.36", "Android", "CHROME", "Android", "Mobile Chrome " + chrome + ".0.0", r.uuid(),
                r.hex(64), shortName + "-Pixel", "Azure AD registered");
    }

    private List<Workload> workloads(int count, long seed) {
        List<Workload> result = new ArrayList<>(count);
        City virginia = geography.city("Ashburn");
        City oregon = geography.city("Boardman");
        City iowa = geography.city("Des Moines");
        for (int i = 0; i < count; i++) {
            Rand r = Rand.of(seed, "workload", i);
            int round = i / 4;
            switch (i % 4) {
                case 0 -> {
                    if (round >= 1 && round <= 3) {
                        result.add(round == 1 ? untrailed(i, r) : round == 2 ? sandbox(i, r) : australian(i, r));
                        continue;
                    }
                    boolean east = r.chance(0.6);
                    City city = east ? virginia : oregon;
                    result.add(new Workload(i, WorkloadType.EC2_INSTANCE, "i-0" + r.hex(16), ACCOUNT, EC2_ROLES[round % EC2_ROLES.length],
                            r.awsUniqueId("AROA"), east ? "us-east-1" : "us-west-2",
                            geography.address(geography.networks(Kind.CLOUD, city).get(0), city, r),
                            "10." + (east ? 20 : 40) + "." + r.between(1, 30) + "." + r.between(4, 250), null, null, null, 60, null));
                }
                case 1 -> {
                    String repository = REPOSITORIES[round % REPOSITORIES.length] + (round >= REPOSITORIES.length
                            ? "-" + (round / REPOSITORIES.length + 1) : "");
                    result.add(new Workload(i, WorkloadType.CI_PIPELINE, "tidewater-analytics/" + repository, ACCOUNT,
                            "github-actions-" + repository, r.awsUniqueId("AROA"), "us-east-1",
                            geography.address(geography.networks(Kind.CLOUD, iowa).get(0), iowa, r), null, null, null, null,
                            r.between(90, 240), null));
                }
                case 2 -> {
                    String name = ENTRA_APPS[round % ENTRA_APPS.length] + (round >= ENTRA_APPS.length
                            ? " " + (round / ENTRA_APPS.length + 1) : "");
                    result.add(new Workload(i, WorkloadType.ENTRA_APP, name, ACCOUNT, null, null, "us-west-2",
                            geography.address(geography.networks(Kind.CLOUD, oregon).get(0), oregon, r), null, r.uuid(),
                            r.uuid(), r.uuid(), r.pick(15, 30, 60), null));
                }
                default -> result.add(job(i, JOBS[round % JOBS.length], round / JOBS.length, virginia, r));
            }
        }
        return List.copyOf(result);
    }

    /** The variant of instance-key-without-issuance an instance in a region the export leaves out is. */
    static final String UNTRAILED = "sts-in-untrailed-region";

    /**
     * An instance in eu-south-2 (Spain), an opt-in region whose trail files the organisation's
     * export does not pick up: its credential deliveries and regional calls never reach the logs,
     * its calls to global services and us-east-1 buckets do.
     */
    private Workload untrailed(int index, Rand r) {
        City zaragoza = geography.city("Zaragoza");
        return new Workload(index, WorkloadType.EC2_INSTANCE, "i-0" + r.hex(16), ACCOUNT, "analytics-replica-eu",
                r.awsUniqueId("AROA"), "eu-south-2", geography.address(geography.networks(Kind.CLOUD, zaragoza).get(0), zaragoza, r),
                "10.60." + r.between(1, 30) + "." + r.between(4, 250), null, null, null, 60, UNTRAILED);
    }

    /** The variants of trail-grows that are workloads. */
    static final String NEW_ACCOUNT = "new-account-workloads";
    static final String NEW_REGION = "new-region";

    /** A training node in the sandbox account, running before that account joins the organisation trail. */
    private Workload sandbox(int index, Rand r) {
        City oregon = geography.city("Boardman");
        return new Workload(index, WorkloadType.EC2_INSTANCE, "i-0" + r.hex(16), SANDBOX_ACCOUNT, "ml-training-node",
                r.awsUniqueId("AROA"), "us-west-2", geography.address(geography.networks(Kind.CLOUD, oregon).get(0), oregon, r),
                "10.80." + r.between(1, 30) + "." + r.between(4, 250), null, null, null, 60, NEW_ACCOUNT);
    }

    /** A replica in ap-southeast-4 (Melbourne), running before the export picks that region's files up. */
    private Workload australian(int index, Rand r) {
        City melbourne = geography.city("Melbourne");
        return new Workload(index, WorkloadType.EC2_INSTANCE, "i-0" + r.hex(16), ACCOUNT, "analytics-replica-au",
                r.awsUniqueId("AROA"), "ap-southeast-4", geography.address(geography.networks(Kind.CLOUD, melbourne).stream()
                .filter(n -> n.asn() == 16509).findFirst().orElseThrow(), melbourne, r),
                "10.70." + r.between(1, 30) + "." + r.between(4, 250), null, null, null, 60, NEW_REGION);
    }

    /** The scheduled jobs, by variant of the scheduled-service-job hard case. */
    static final String[] JOBS = {"nightly-etl", "hourly-backup", "weekly-report"};

    /**
     * A scheduled job: an ECS task running the nightly ETL under its task role, a backup server in
     * the office running hourly under an IAM user's access key, or a Lambda function writing the
     * weekly cost report under its execution role.
     */
    private Workload job(int index, String variant, int copy, City virginia, Rand r) {
        String suffix = copy == 0 ? "" : "-" + (copy + 1);
        return switch (variant) {
            case "nightly-etl" -> new Workload(index, WorkloadType.SCHEDULED_JOB, "nightly-etl" + suffix, ACCOUNT,
                    "ecs-task-nightly-etl" + suffix, r.awsUniqueId("AROA"), "us-east-1",
                    geography.address(geography.networks(Kind.CLOUD, virginia).get(0), virginia, r),
                    "10.20." + r.between(32, 47) + "." + r.between(4, 250), null, null, null, 24 * 60, variant);
            case "hourly-backup" -> new Workload(index, WorkloadType.SCHEDULED_JOB, "svc-veeam-backup" + suffix, ACCOUNT, null,
                    r.awsUniqueId("AIDA"), "us-west-2", r.pick(officeAddresses), null, null, null, r.accessKeyId("AKIA"), 60, variant);
            default -> new Workload(index, WorkloadType.SCHEDULED_JOB, "weekly-cost-report" + suffix, ACCOUNT,
                    "lambda-weekly-cost-report" + suffix, r.awsUniqueId("AROA"), "us-east-1",
                    geography.address(geography.networks(Kind.CLOUD, virginia).get(0), virginia, r), null, null, null, null,
                    7 * 24 * 60, variant);
        };
    }
}
