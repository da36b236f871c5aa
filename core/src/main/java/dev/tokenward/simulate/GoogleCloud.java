package dev.tokenward.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenward.evaluate.Storyline;
import dev.tokenward.output.Json;
import dev.tokenward.simulate.GcpAuditLog.Call;
import dev.tokenward.simulate.GcpAuditLog.Caller;
import dev.tokenward.simulate.Geography.Address;
import dev.tokenward.simulate.Geography.Network;
import dev.tokenward.simulate.Infrastructure.Variant;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The organisation's Google Cloud data platform, seen through its audit logs: three service
 * accounts with user-managed keys, as data teams have them. The dbt runner's key sits on the
 * on-premises scheduler at headquarters and runs the models every hour; the ingestion vendor's key
 * loads files and tables every fifteen minutes from the vendor's servers in Google Cloud; the BI
 * tool's key runs people's dashboard queries from its own Google Cloud servers in working hours.
 *
 * <p>Attacks: a key leaks (from the scheduler's disk, a repository, a laptop's copy) and is used
 * from the attacker's infrastructure to list, read secrets and copy the data, sometimes minting a
 * key of its own. Decoys: the dbt key rotated by an administrator (the new key first used from the
 * scheduler an hour later), and the ingestion vendor moving its syncs to a region abroad within
 * Google Cloud.
 */
final class GoogleCloud {
    static final String PROJECT = "twa-data-platform";
    private static final String DBT = "dbt-runner@" + PROJECT + ".iam.gserviceaccount.com";
    private static final String INGEST = "fivetran-loader@" + PROJECT + ".iam.gserviceaccount.com";
    private static final String BI = "looker-bq@" + PROJECT + ".iam.gserviceaccount.com";
    private static final String DBT_AGENT = "dbt-bigquery/1.8.3 gl-python/3.11.10 grpc/1.66.2 gax/2.21.0 gapic/3.26.0 gccl/3.26.0";
    private static final String INGEST_AGENT = "Fivetran gcloud-java/2.45.0 Java/17.0.12 gl-java/17.0.12 gdcl/2.1.1";
    private static final String BI_AGENT = "Looker/24.18.71 gcloud-java-bigquery/2.42.3 Java/17.0.13";
    private static final String GCLOUD = "google-cloud-sdk gcloud/502.0.0 command/gcloud.secrets.versions.access invocation-id/%s "
            + "environment/None environment-version/None client-os/LINUX client-os-ver/6.8.0 client-pltf-arch/x86_64 interactive/False "
            + "from-script/True python/3.12.3 term/";
    private static final String REQUESTS = "python-requests/2.32.3";
    private static final List<String> SECRETS = List.of("snowflake-loader-password", "stripe-live-key", "postgres-prod-admin",
            "sendgrid-api-key", "github-app-private-key", "salesforce-integration", "hubspot-token", "segment-write-key");
    private static final List<String> DATASETS = List.of("analytics", "marts_finance", "marts_customers", "raw_salesforce",
            "raw_stripe");
    private static final List<Variant> ATTACKERS = List.of(Variant.HOSTING_ABROAD, Variant.RESIDENTIAL_ABROAD,
            Variant.COMMERCIAL_VPN, Variant.CLOUD_IN_COUNTRY);
    static final String KEY_LEAK = "service-account-key-leak";

    private record Key(String account, String id) {
        String name() {
            return "//iam.googleapis.com/projects/" + PROJECT + "/serviceAccounts/" + account + "/keys/" + id;
        }
    }

    private record Leak(String id, Instant at, boolean dbt, Variant from, boolean mintsKey) {
    }

    private final Tenant tenant;
    private final Infrastructure infrastructure;
    private final GcpAuditLog log;
    private final long seed;
    private final Address scheduler;
    private final List<Address> ingestEgress;
    private final List<Address> ingestAbroad;
    private final List<Address> biEgress;
    private Key dbtKey;
    /** The dbt key before the rotation, and when the rotation made the new one: a leak before it is of the old key. */
    private Key dbtKeyBefore;
    private Instant rotatedAt;
    private final Key ingestKey;
    private final Key biKey;
    private final List<Leak> leaks = new ArrayList<>();
    private final Instant rotation;
    private final Instant vendorMove;
    private final List<Storyline> truth = new ArrayList<>();
    private final Set<String> rotationCredentials = new LinkedHashSet<>();
    private Instant rotationEnd;
    private Instant moveFirst;
    private Instant moveLast;

    GoogleCloud(Tenant tenant, Geography geography, Spool spool, long seed, LocalDate start, int days) {
        this.tenant = tenant;
        this.infrastructure = new Infrastructure(geography);
        this.log = new GcpAuditLog(spool, PROJECT);
        this.seed = seed;
        Rand r = Rand.of(seed, "gcp-project");
        this.scheduler = tenant.officeAddresses.get(0);
        List<Network> google = geography.networks(Geography.Kind.CLOUD).stream().filter(n -> n.asn() == 396982).toList();
        Network us = google.stream().filter(n -> n.country().equals("US")).findFirst().orElseThrow();
        Network abroad = google.stream().filter(n -> !n.country().equals("US")).findFirst().orElseThrow();
        this.ingestEgress = List.of(geography.address(us, us.city(), r), geography.address(us, us.city(), r));
        this.ingestAbroad = List.of(geography.address(abroad, abroad.city(), r), geography.address(abroad, abroad.city(), r));
        this.biEgress = List.of(geography.address(us, us.city(), r));
        this.dbtKey = new Key(DBT, r.hex(40));
        this.ingestKey = new Key(INGEST, r.hex(40));
        this.biKey = new Key(BI, r.hex(40));
        Instant begin = start.atStartOfDay(ZoneOffset.UTC).toInstant();
        int firstDay = Math.min(3, days - 1);
        // the platform's exposure is its service accounts' days, not the organisation's headcount:
        // a bigger organisation does not leak the same two keys more often
        int count = (int) Math.max(1, Math.round(days / 7.0));
        int turn = r.below(ATTACKERS.size());
        for (int i = 0; i < count; i++) {
            Instant at = begin.plus(Duration.ofDays(firstDay + r.below(Math.max(1, days - firstDay))))
                    .plus(Duration.ofMinutes(r.between(0, 24 * 60 - 1)));
            boolean dbt = i % 2 == 0;
            Variant from = ATTACKERS.get((turn + i) % ATTACKERS.size());
            leaks.add(new Leak(String.format(java.util.Locale.ROOT, "g-%04d", i + 1), at, dbt, from, r.chance(0.5)));
        }
        this.rotation = begin.plus(Duration.ofDays(Math.min(days - 1, 1 + r.below(Math.max(1, days - 1)))))
                .plus(Duration.ofSeconds(r.between(15 * 3600, 23 * 3600)));
        this.vendorMove = begin.plus(Duration.ofDays(Math.min(days - 1, 2 + r.below(Math.max(1, days - 2)))))
                .plus(Duration.ofMinutes(r.between(0, 24 * 60 - 1)));
    }

    /** The service accounts: principals of the population. */
    static int principals() {
        return 3;
    }

    /** A day of the platform's own work, and the attacks and decoys that fall in it. */
    void day(LocalDate date) {
        Rand r = Rand.of(seed, "gcp-day", date.toEpochDay());
        Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant dayEnd = dayStart.plus(Duration.ofDays(1));
        for (int hour = 5; hour <= 23; hour++) {
            Instant run = dayStart.plus(Duration.ofHours(hour)).plusSeconds(300 + r.between(0, 40));
            if (rotationEnd == null && !run.isBefore(rotation.plus(Duration.ofMinutes(55)))) {
                rotate(rotation, r);
            }
            dbtRun(run, r);
        }
        for (Instant t = dayStart.plusSeconds(r.between(0, 900)); t.isBefore(dayEnd); t = t.plusSeconds(900 + r.between(-20, 20))) {
            boolean moved = !t.isBefore(vendorMove);
            Address from = r.pick(moved ? ingestAbroad : ingestEgress);
            sync(t, from, r);
            if (moved) {
                moveFirst = moveFirst == null ? t : moveFirst;
                moveLast = t;
            }
        }
        for (int i = 0, n = r.between(20, 60); i < n; i++) {
            Instant t = dayStart.plus(Duration.ofHours(13)).plusSeconds(r.between(0, 12 * 3600));
            biQuery(t, r);
        }
        for (Leak leak : leaks) {
            if (!leak.at().isBefore(dayStart) && leak.at().isBefore(dayEnd)) {
                truth.add(leak(leak, Rand.of(seed, "gcp-leak", leak.id())));
            }
        }
    }

    /** The truth of the platform's attacks and decoys; call once, after the last day. */
    List<Storyline> truth() {
        List<Storyline> all = new ArrayList<>(truth);
        if (rotationEnd != null && rotationEnd != Instant.MAX) {
            all.add(new Storyline("gd-0001", "service-account-key-rotation", "admin-from-office", List.of(DBT),
                    List.copyOf(rotationCredentials), List.of(), rotation, rotationEnd.plus(Duration.ofHours(2)), List.of(), List.of(), true));
        }
        if (moveFirst != null) {
            all.add(new Storyline("gd-0002", "connector-region-move", "google-cloud-us-to-eu", List.of(INGEST), List.of(ingestKey.id()),
                    List.of(), moveFirst, moveLast, List.of(), List.of(), true));
        }
        return all;
    }

    private void dbtRun(Instant at, Rand r) {
        Caller caller = new Caller(DBT, dbtKey.name(), scheduler.ip(), DBT_AGENT);
        Instant t = at;
        for (int i = 0, n = r.between(3, 7); i < n; i++) {
            String job = "projects/" + PROJECT + "/jobs/" + r.uuid();
            log.call(micros(t, r), caller, bigQuery("google.cloud.bigquery.v2.JobService.InsertJob", job, "bigquery.jobs.create"), null, r);
            t = t.plusSeconds(r.between(4, 90));
            log.call(micros(t, r), caller, bigQuery("google.cloud.bigquery.v2.JobService.GetQueryResults", job, "bigquery.jobs.get"),
                    null, r);
            t = t.plusSeconds(r.between(1, 10));
        }
    }

    private void sync(Instant at, Address from, Rand r) {
        Caller caller = new Caller(INGEST, ingestKey.name(), from.ip(), INGEST_AGENT);
        Instant t = at;
        for (int i = 0, n = r.between(1, 3); i < n; i++) {
            String object = "projects/_/buckets/twa-landing/objects/salesforce/" + r.hex(8) + ".avro";
            log.call(micros(t, r), caller, new Call("storage", "storage.objects.create", object, "storage.objects.create", "gcs_bucket",
                    "us", false), null, r);
            t = t.plusSeconds(r.between(1, 20));
        }
        log.call(micros(t, r), caller, bigQuery("google.cloud.bigquery.v2.JobService.InsertJob", "projects/" + PROJECT + "/jobs/"
                + r.uuid(), "bigquery.jobs.create"), null, r);
    }

    private void biQuery(Instant at, Rand r) {
        Caller caller = new Caller(BI, biKey.name(), r.pick(biEgress).ip(), BI_AGENT);
        String job = "projects/" + PROJECT + "/jobs/looker_" + r.hex(24);
        log.call(micros(at, r), caller, bigQuery("google.cloud.bigquery.v2.JobService.InsertJob", job, "bigquery.jobs.create"), null, r);
        log.call(micros(at.plusSeconds(r.between(1, 30)), r), caller, bigQuery("google.cloud.bigquery.v2.JobService.GetQueryResults", job,
                "bigquery.jobs.get"), null, r);
    }

    /** An administrator at headquarters creates a new key for the dbt runner; the scheduler switches to it at its next run. */
    private void rotate(Instant at, Rand r) {
        tenant.people.stream().filter(p -> p.role() == Tenant.Role.ADMIN).findFirst().ifPresent(admin -> {
            String email = admin.login();
            Caller caller = new Caller(email, null, tenant.officeAddresses.get(1).ip(), String.format(java.util.Locale.ROOT,
                    GCLOUD.replace("secrets.versions.access", "iam.service-accounts.keys.create"), r.uuid()));
            Key next = new Key(DBT, r.hex(40));
            log.call(micros(at, r), caller, new Call("iam", "google.iam.admin.v1.CreateServiceAccountKey", "projects/-/serviceAccounts/"
                    + DBT, "iam.serviceAccountKeys.create", "service_account", null, true), keyResponse(next), r);
            Key old = dbtKey;
            dbtKeyBefore = old;
            rotatedAt = at;
            dbtKey = next;
            rotationCredentials.add(next.id());
            Instant deleted = at.plus(Duration.ofMinutes(r.between(70, 110)));
            log.call(micros(deleted, r), caller, new Call("iam", "google.iam.admin.v1.DeleteServiceAccountKey", old.name().substring(
                    "//iam.googleapis.com/".length()), "iam.serviceAccountKeys.delete", "service_account", null, true), null, r);
            rotationEnd = deleted;
        });
        if (rotationEnd == null) {
            rotationEnd = Instant.MAX;
        }
    }

    /** A leaked key used from the attacker's infrastructure: discovery, secrets, a copy of the data, perhaps a key of its own. */
    private Storyline leak(Leak leak, Rand r) {
        // leaks are written after the day's runs: one before that day's rotation is of the key then in use
        Key key = !leak.dbt() ? biKey : rotatedAt != null && leak.at().isBefore(rotatedAt) ? dbtKeyBefore : dbtKey;
        Address address = infrastructure.address(leak.from(), tenant.hq, r);
        boolean gcloud = r.chance(0.5);
        String agent = gcloud ? String.format(java.util.Locale.ROOT, GCLOUD, r.uuid()) : REQUESTS;
        Caller caller = new Caller(key.account(), key.name(), address.ip(), agent);
        List<String> credentials = new ArrayList<>(List.of(key.id()));
        Instant t = leak.at();
        String dataset = "projects/" + PROJECT + "/datasets/";
        log.call(micros(t, r), caller, bigQuery("google.cloud.bigquery.v2.DatasetService.ListDatasets", "projects/" + PROJECT,
                "bigquery.datasets.get"), null, r);
        for (String name : DATASETS.subList(0, r.between(2, DATASETS.size()))) {
            t = t.plusSeconds(r.between(2, 30));
            log.call(micros(t, r), caller, bigQuery("google.cloud.bigquery.v2.TableService.ListTables", dataset + name,
                    "bigquery.tables.list"), null, r);
        }
        t = t.plusSeconds(r.between(20, 240));
        log.call(micros(t, r), caller, new Call("secretmanager", "google.cloud.secretmanager.v1.SecretManagerService.ListSecrets",
                "projects/" + PROJECT, "secretmanager.secrets.list", "audited_resource", null, false), null, r);
        List<String> secrets = new ArrayList<>(SECRETS);
        for (int i = 0, n = r.between(3, 7); i < n; i++) {
            t = t.plusSeconds(r.between(3, 40));
            String secret = secrets.remove(r.below(secrets.size()));
            log.call(micros(t, r), caller, new Call("secretmanager", "google.cloud.secretmanager.v1.SecretManagerService.AccessSecretVersion",
                    "projects/" + PROJECT + "/secrets/" + secret + "/versions/latest", "secretmanager.versions.access", "audited_resource",
                    null, false), null, r);
        }
        t = t.plusSeconds(r.between(30, 600));
        log.call(micros(t, r), caller, new Call("storage", "storage.buckets.list", "projects/_/buckets", "storage.buckets.list",
                "gcs_bucket", "global", false), null, r);
        String bucket = r.pick("twa-warehouse-exports", "twa-landing");
        t = t.plusSeconds(r.between(5, 60));
        log.call(micros(t, r), caller, new Call("storage", "storage.objects.list", "projects/_/buckets/" + bucket, "storage.objects.list",
                "gcs_bucket", "us", false), null, r);
        for (int i = 0, n = r.between(15, 80); i < n; i++) {
            t = t.plusMillis(r.between(300, 9000));
            log.call(micros(t, r), caller, new Call("storage", "storage.objects.get", "projects/_/buckets/" + bucket + "/objects/exports/"
                    + r.hex(8) + ".parquet", "storage.objects.get", "gcs_bucket", "us", false), null, r);
        }
        if (leak.mintsKey()) {
            t = t.plusSeconds(r.between(60, 900));
            Key minted = new Key(key.account(), r.hex(40));
            log.call(micros(t, r), caller, new Call("iam", "google.iam.admin.v1.CreateServiceAccountKey", "projects/-/serviceAccounts/"
                    + key.account(), "iam.serviceAccountKeys.create", "service_account", null, true), keyResponse(minted), r);
            credentials.add(minted.id());
            Caller persisted = new Caller(key.account(), minted.name(), address.ip(), agent);
            for (int i = 0, n = r.between(1, 3); i < n; i++) {
                t = t.plusSeconds(r.between(600, 4 * 3600));
                log.call(micros(t, r), persisted, new Call("secretmanager",
                        "google.cloud.secretmanager.v1.SecretManagerService.ListSecrets", "projects/" + PROJECT, "secretmanager.secrets.list",
                        "audited_resource", null, false), null, r);
            }
        }
        return new Storyline(leak.id(), KEY_LEAK, (leak.dbt() ? "dbt-runner" : "looker") + "+" + (gcloud ? "gcloud" : "requests")
                + (leak.mintsKey() ? "+minted-key" : "") + "+" + leak.from().id, List.of(key.account()), credentials, List.of(),
                leak.at(), t, List.of("credential-roaming"), List.of("mass-api-access", "credential-store-scraping",
                "new-credential-unusual-api", "impossible-travel"), false);
    }

    private static Call bigQuery(String method, String resource, String permission) {
        return new Call("bigquery", method, resource, permission, "bigquery_project", "US", false);
    }

    private static ObjectNode keyResponse(Key key) {
        ObjectNode response = Json.mapper().createObjectNode();
        response.put("@type", "type.googleapis.com/google.iam.admin.v1.ServiceAccountKey");
        response.put("name", "projects/" + PROJECT + "/serviceAccounts/" + key.account() + "/keys/" + key.id());
        response.put("key_algorithm", 2);
        response.put("key_origin", 2);
        response.put("key_type", 1);
        return response;
    }

    /** Google's audit times carry microseconds. */
    private static Instant micros(Instant at, Rand r) {
        return at.plusNanos(r.between(1, 999) * 1000L);
    }
}
