package dev.tokenward.simulate;

import dev.tokenward.simulate.CloudTrailLog.Call;
import dev.tokenward.simulate.CloudTrailLog.Caller;
import dev.tokenward.simulate.Tenant.Workload;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

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

    private final Sinks sinks;
    private final long seed;

    Workloads(Sinks sinks, long seed) {
        this.sinks = sinks;
        this.seed = seed;
    }

    void day(Workload workload, LocalDate date, int dayIndex) {
        Rand r = Rand.of(seed, "workload-day", workload.index(), dayIndex);
        Instant start = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        switch (workload.type()) {
            case EC2_INSTANCE -> instance(workload, start, r);
            case CI_PIPELINE -> pipeline(workload, date, start, r);
            case ENTRA_APP -> {
                for (Instant t = start.plusSeconds(r.between(0, workload.periodMinutes() * 60 - 1));
                     t.isBefore(start.plus(Duration.ofDays(1))); t = t.plus(Duration.ofMinutes(workload.periodMinutes()))) {
                    sinks.entra().servicePrincipalSignIn(t.plusMillis(r.between(0, 4000)), workload,
                            r.pick(EntraLog.GRAPH, EntraLog.EXCHANGE), r);
                }
            }
        }
    }

    /** The VPC endpoint an instance's private calls go through. */
    String endpoint(Workload instance) {
        return "vpce-0" + Rand.of(seed, "vpce", instance.index()).hex(16);
    }

    private void instance(Workload instance, Instant start, Rand r) {
        String endpoint = endpoint(instance);
        for (int hour = 0; hour < 24; hour++) {
            Instant issued = start.plus(Duration.ofHours(hour)).plusSeconds(r.between(0, 120));
            String key = sinks.cloudTrail().instanceCredentials(issued, instance, r);
            Caller caller = CloudTrailLog.role(instance.role(), instance.roleId(), instance.name(), key, issued, false, true);
            for (int beat = 0; beat < 12; beat++) {
                Instant t = issued.plus(Duration.ofMinutes(beat * 5L)).plusSeconds(r.between(1, 40));
                sinks.cloudTrail().call(t, instance.region(), caller, instance.privateIp(), SSM_AGENT,
                        Apis.SSM_HEARTBEAT.with("instanceId", instance.name()), null, endpoint, r);
            }
            int calls = r.between(2, 6);
            for (int i = 0; i < calls; i++) {
                Call call = r.pick(Apis.INSTANCE);
                sinks.cloudTrail().call(issued.plusSeconds(r.between(60, 3500)), instance.region(), caller,
                        instance.address().ip(), BOTO, call, null, null, r);
            }
        }
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
