package dev.tokenward.simulate;

import dev.tokenward.simulate.CloudTrailLog.Call;
import dev.tokenward.simulate.CloudTrailLog.Caller;
import dev.tokenward.simulate.Tenant.Workload;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Machines on schedules: EC2 instances refreshing their instance-profile credentials every hour
 * and calling AWS through VPC endpoints, CI pipelines assuming roles with GitHub's OIDC tokens on
 * every push, and Entra applications signing in with their secrets every few minutes.
 */
final class Workloads {
    static final String SSM_AGENT = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.1142.0";
    static final String BOTO = "Boto3/1.35.90 md/Botocore#1.35.90 ua/2.0 os/linux#6.1.119-129.201.amzn2023.x86_64 "
            + "md/arch#x86_64 lang/python#3.12.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.90";
    private static final String CI_AGENT = "aws-cli/2.22.35 md/awscrt#0.23.8 ua/2.1 os/linux#6.8.0-1017-azure md/arch#x86_64 "
            + "lang/python#3.12.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off";

    private static final String ECS_BOTO = "Boto3/1.35.90 md/Botocore#1.35.90 ua/2.0 os/linux#5.10.228-219.884.amzn2.x86_64 "
            + "md/arch#x86_64 lang/python#3.11.11 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#standard "
            + "Botocore/1.35.90";
    private static final String LAMBDA_BOTO = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#5.10.227-239.874.amzn2.x86_64 "
            + "md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy "
            + "Botocore/1.35.36";
    private static final String VEEAM = "aws-sdk-dotnet-coreclr/3.7.400.12 ua/2.0 os/windows#10.0 md/aws-sdk-dotnet-core#3.7.400.12 "
            + "lang/.NET_Core#8.0.11 md/ClientAsync exec-env/Veeam_Backup_and_Replication";

    private final Sinks sinks;
    private final long seed;
    private final HardCases hardCases;
    /** The keys each instance was given in the last two days, by when: what a stolen key can be. */
    private final Map<Integer, NavigableMap<Instant, Issued>> issued = new HashMap<>();

    /** An instance-profile key and when it was issued. */
    record Issued(String key, Instant at) {
    }

    Workloads(Sinks sinks, long seed, HardCases hardCases) {
        this.sinks = sinks;
        this.seed = seed;
        this.hardCases = hardCases;
    }

    void day(Workload workload, LocalDate date, int dayIndex) {
        Rand r = Rand.of(seed, "workload-day", workload.index(), dayIndex);
        Instant start = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        sinks.witness().attend(hardCases.decoyOf(workload));
        switch (workload.type()) {
            case SCHEDULED_JOB -> job(workload, dayIndex, start, r);
            case EC2_INSTANCE -> instance(workload, dayIndex, start, r);
            case CI_PIPELINE -> pipeline(workload, date, start, r);
            case ENTRA_APP -> {
                for (Instant t = start.plusSeconds(r.between(0, workload.periodMinutes() * 60 - 1));
                     t.isBefore(start.plus(Duration.ofDays(1))); t = t.plus(Duration.ofMinutes(workload.periodMinutes()))) {
                    sinks.entra().servicePrincipalSignIn(t.plusMillis(r.between(0, 4000)), workload,
                            r.pick(EntraLog.GRAPH, EntraLog.EXCHANGE), r);
                }
            }
        }
        sinks.witness().leave();
    }

    /** A scheduled job's runs of the day: high volume from the first day on. */
    private void job(Workload job, int dayIndex, Instant start, Rand r) {
        switch (job.variant()) {
            case "nightly-etl" -> {
                Instant t = start.plus(Duration.ofMinutes(9 * 60 + 30 + r.between(-10, 10)));
                String task = r.hex(32);
                String key = sinks.cloudTrail().serviceCredentials(t, job, "ecs-tasks.amazonaws.com", task, Duration.ofHours(6), r);
                Caller caller = CloudTrailLog.role(job.role(), job.roleId(), task, key, t, false, false);
                long span = Duration.ofMinutes(r.between(40, 90)).toMillis();
                for (int i = 0, n = r.between(300, 700); i < n; i++) {
                    sinks.cloudTrail().call(t.plusMillis(2000 + (long) (r.unit() * span)), job.region(), caller, job.address().ip(),
                            ECS_BOTO, r.pick(Apis.ETL), null, null, r);
                }
            }
            case "hourly-backup" -> {
                Caller caller = CloudTrailLog.iamUser(new Tenant.IamUser(job.name(), job.roleId(), job.keyId(), false));
                int minute = (int) Math.floorMod(Rand.of(seed, "backup-minute", job.index()).nextLong(), 60L);
                for (int hour = 0; hour < 24; hour++) {
                    Instant t = start.plus(Duration.ofMinutes(hour * 60L + minute)).plusSeconds(r.between(0, 50));
                    for (int i = 0, n = r.between(15, 40); i < n; i++) {
                        t = t.plusSeconds(r.between(2, 25));
                        sinks.cloudTrail().call(t, r.chance(0.8) ? job.region() : "us-east-1", caller, job.address().ip(), VEEAM,
                                r.pick(Apis.BACKUP), null, null, r);
                    }
                }
            }
            default -> {
                if (dayIndex % 7 != 0) {
                    return;
                }
                Instant t = start.plus(Duration.ofMinutes(14 * 60 + r.between(0, 5)));
                String key = sinks.cloudTrail().serviceCredentials(t, job, "lambda.amazonaws.com", job.name(), Duration.ofHours(12), r);
                Caller caller = CloudTrailLog.role(job.role(), job.roleId(), job.name(), key, t, false, false);
                t = t.plusMillis(r.between(300, 900));
                for (Call call : Apis.REPORT.subList(0, 3)) {
                    t = t.plusMillis(r.between(150, 900));
                    sinks.cloudTrail().call(t, "us-east-1", caller, job.address().ip(), LAMBDA_BOTO, call, null, null, r);
                }
                for (String region : Apis.REGIONS) {
                    for (Call call : Apis.REPORT.subList(3, 9)) {
                        t = t.plusMillis(r.between(150, 900));
                        sinks.cloudTrail().call(t, region, caller, job.address().ip(), LAMBDA_BOTO, call, null, null, r);
                    }
                }
                for (String bucket : Apis.BUCKETS) {
                    t = t.plusMillis(r.between(100, 600));
                    sinks.cloudTrail().call(t, "us-east-1", caller, job.address().ip(), LAMBDA_BOTO,
                            Call.of("s3", "GetBucketTagging", true).with("bucketName", bucket), null, null, r);
                }
                sinks.cloudTrail().call(t.plusSeconds(2), "us-east-1", caller, job.address().ip(), LAMBDA_BOTO, Apis.REPORT.get(9),
                        null, null, r);
            }
        }
    }

    /** The VPC endpoint an instance's private calls go through. */
    String endpoint(Workload instance) {
        return "vpce-0" + Rand.of(seed, "vpce", instance.index()).hex(16);
    }

    /**
     * An instance's day: a new instance-profile key every hour, at the instance's own minute past
     * the hour, used by the SSM agent's heartbeats through the VPC endpoint and by the application.
     * The instance was launched before the logs begin, so on the first day the key it holds until
     * its first rotation was issued before the logs.
     */
    private void instance(Workload instance, int dayIndex, Instant start, Rand r) {
        if (Tenant.UNTRAILED.equals(instance.variant())) {
            untrailed(instance, start, r);
            return;
        }
        String endpoint = endpoint(instance);
        long minute = rotationMinute(instance);
        Instant delivered = hardCases.deliveredFrom(instance);
        Instant end = start.plus(Duration.ofDays(1));
        if (delivered != null && !delivered.isBefore(end)) {
            return;
        }
        Instant begin = delivered != null ? delivered : dayIndex == 0 ? start : null;
        Instant rotation = null;
        if (begin != null && !begin.isBefore(start)) {
            Instant minuteOfBegin = begin.truncatedTo(ChronoUnit.MINUTES);
            rotation = minuteOfBegin.minus(Duration.ofMinutes(Math.floorMod(begin.atZone(ZoneOffset.UTC).getMinute() - minute, 60L)));
            String key = r.accessKeyId("ASIA");
            Decoy before = hardCases.issuedBeforeLogs(instance);
            if (before != null) {
                sinks.witness().watch(key, before);
            }
            use(instance, key, rotation.minusSeconds(r.between(0, 120)), begin, rotation.plus(Duration.ofHours(1)), endpoint, r);
        }
        for (int hour = 0; hour < 24; hour++) {
            Instant slot = start.plus(Duration.ofMinutes(hour * 60L + minute));
            if (rotation != null && !slot.isAfter(rotation)) {
                continue;
            }
            Instant issued = slot.plusSeconds(r.between(0, 120));
            Decoy lost = hardCases.lostDelivery(instance, dayIndex, hour);
            if (lost != null) {
                sinks.cloudTrail().loseDelivery(instance.account(), instance.region(), issued);
            }
            String key = sinks.cloudTrail().instanceCredentials(issued, instance, r);
            if (lost != null) {
                sinks.witness().watch(key, lost);
            }
            use(instance, key, issued, issued, issued.plus(Duration.ofHours(1)), endpoint, r);
        }
    }

    /** The key an instance holds at {@code time} (within the last two days), or null. */
    Issued keyAt(Workload instance, Instant time) {
        NavigableMap<Instant, Issued> keys = issued.get(instance.index());
        Map.Entry<Instant, Issued> entry = keys == null ? null : keys.floorEntry(time);
        return entry == null ? null : entry.getValue();
    }

    private void use(Workload instance, String key, Instant issued, Instant from, Instant to, String endpoint, Rand r) {
        NavigableMap<Instant, Issued> keys = this.issued.computeIfAbsent(instance.index(), k -> new TreeMap<>());
        keys.put(from, new Issued(key, issued));
        keys.headMap(from.minus(Duration.ofDays(2))).clear();
        Caller caller = CloudTrailLog.role(instance.account(), instance.role(), instance.roleId(), instance.name(), key, issued,
                false, true);
        for (Instant beat = from.plusSeconds(r.between(1, 40)); beat.isBefore(to); beat = beat.plus(Duration.ofMinutes(5))) {
            sinks.cloudTrail().call(beat, instance.region(), caller, instance.privateIp(), SSM_AGENT,
                    Apis.SSM_HEARTBEAT.with("instanceId", instance.name()), null, endpoint, r);
        }
        long seconds = Duration.between(from, to).toSeconds();
        for (int i = 0, calls = (int) Math.max(1, r.between(2, 6) * seconds / 3600); i < calls && seconds > 60; i++) {
            sinks.cloudTrail().call(from.plusSeconds(r.between(30, (int) seconds - 1)), instance.region(), caller,
                    instance.address().ip(), BOTO, r.pick(Apis.INSTANCE), null, null, r);
        }
    }

    /**
     * An instance in a region the export leaves out: its hourly keys are issued where no record
     * reaches the logs; every third hour its sync job calls global services and us-east-1 buckets,
     * which are logged in us-east-1.
     */
    private void untrailed(Workload instance, Instant start, Rand r) {
        long minute = rotationMinute(instance);
        for (int hour = 1; hour < 24; hour += 3) {
            Instant issued = start.plus(Duration.ofMinutes(hour * 60L + minute)).plusSeconds(r.between(0, 120));
            String key = r.accessKeyId("ASIA");
            Caller caller = CloudTrailLog.role(instance.account(), instance.role(), instance.roleId(), instance.name(), key, issued,
                false, true);
            Instant t = issued.plus(Duration.ofMinutes(r.between(5, 40)));
            for (Call call : Apis.GLOBAL_SYNC) {
                t = t.plusSeconds(r.between(1, 20));
                sinks.cloudTrail().call(t, "us-east-1", caller, instance.address().ip(), BOTO, call, null, null, r);
            }
        }
    }

    /** The minute past the hour at which an instance's credentials rotate: its own, fixed. */
    private long rotationMinute(Workload instance) {
        return 10 + Math.floorMod(Rand.of(seed, "rotation", instance.index()).nextLong(), 50L);
    }

    private void pipeline(Workload pipeline, LocalDate date, Instant start, Rand r) {
        boolean weekend = date.getDayOfWeek().getValue() > DayOfWeek.FRIDAY.getValue();
        int runs = weekend ? r.between(0, 1) : Math.max(1, 600 / pipeline.periodMinutes() + r.between(-1, 1));
        String subject = "repo:" + pipeline.name() + ":ref:refs/heads/main";
        for (int i = 0; i < runs; i++) {
            Instant t = start.plus(Duration.ofMinutes(15 * 60 + r.between(0, 600)));
            Caller caller = sinks.cloudTrail().webIdentity(t, pipeline, subject, r);
            int calls = r.between(6, 14);
            for (int c = 0; c < calls; c++) {
                t = t.plusSeconds(r.between(3, 50));
                sinks.cloudTrail().call(t, pipeline.region(), caller, pipeline.address().ip(), CI_AGENT, r.pick(Apis.DEPLOY),
                        null, null, r);
            }
        }
    }
}
