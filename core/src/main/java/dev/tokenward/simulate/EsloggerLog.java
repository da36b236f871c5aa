package dev.tokenward.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenward.output.Json;
import dev.tokenward.simulate.MacCatalog.Job;
import dev.tokenward.simulate.MacCatalog.Process;
import dev.tokenward.simulate.MacCatalog.Signature;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code eslogger exec btm_launch_item_add}, as a log shipper collects it on the Macs where the
 * security team runs it: one JSON object a line (Endpoint Security's message, version 7), the
 * shipper's {@code host} added, as {@code eslogger} itself names no host. An {@code exec} for every
 * run launchd starts of a job, and a {@code btm_launch_item_add} when a launch agent or daemon is
 * registered, as Background Task Management reports it on macOS 13 and later.
 */
final class EsloggerLog {
    /** ES_EVENT_TYPE_NOTIFY_EXEC and ES_EVENT_TYPE_NOTIFY_BTM_LAUNCH_ITEM_ADD. */
    private static final int EXEC = 9;
    private static final int BTM_LAUNCH_ITEM_ADD = 124;
    /** es_btm_item_type_t. */
    private static final int AGENT = 3;
    private static final int DAEMON = 4;
    /** Code-signing flags as the kernel reports them: Apple's own, a Developer ID with the hardened runtime, ad hoc, none. */
    private static final long PLATFORM = 570_509_313L;
    private static final long DEVELOPER_ID = 0x2201_0301L;
    private static final long AD_HOC = 570_425_346L;
    /** mach_absolute_time on Apple silicon: 24 MHz. */
    private static final long TICKS_PER_SECOND = 24_000_000L;

    /** Endpoint Security's times: UTC to the nanosecond, always nine digits. */
    private static final java.time.format.DateTimeFormatter TIME = new java.time.format.DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss").appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 9, 9, true)
            .appendLiteral('Z').toFormatter(java.util.Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    private final Spool spool;
    private final Instant end;
    private final Map<String, long[]> sequences = new HashMap<>();

    EsloggerLog(Spool spool, Instant end) {
        this.spool = spool;
        this.end = end;
    }

    /** launchd starting a job's process. */
    void exec(Mac mac, Instant at, Instant booted, int pid, Process process, List<String> arguments) {
        if (!at.isBefore(end)) {
            return;
        }
        ObjectNode line = message(mac, at, booted, EXEC);
        launchd(line.putObject("process"), booted);
        ObjectNode exec = line.putObject("event").putObject("exec");
        ObjectNode target = exec.putObject("target");
        audit(target, pid, process.root() ? 0 : mac.uid());
        target.put("ppid", 1);
        target.put("original_ppid", 1);
        target.putObject("responsible_audit_token").put("pid", pid);
        target.putObject("parent_audit_token").put("pid", 1);
        signature(target, process.signature());
        ObjectNode executable = target.putObject("executable");
        executable.put("path", process.path());
        executable.put("path_truncated", false);
        target.put("start_time", TIME.format(at));
        com.fasterxml.jackson.databind.node.ArrayNode args = exec.putArray("args");
        arguments.forEach(args::add);
        exec.putArray("env");
        exec.putNull("script");
        ObjectNode cwd = exec.putObject("cwd");
        cwd.put("path", "/");
        cwd.put("path_truncated", false);
        exec.put("dyld_exec_path", process.path());
        spool.add(at, Spool.Stream.ESLOGGER, mac.hostname(), null, line);
    }

    /** Background Task Management registering a launch agent or daemon, installed by {@code instigator} (pid). */
    void launchItemAdded(Mac mac, Instant at, Instant booted, Job job, int instigator, boolean managed) {
        if (!at.isBefore(end) || job.plist().isEmpty()) {
            return;
        }
        ObjectNode line = message(mac, at, booted, BTM_LAUNCH_ITEM_ADD);
        platform(line.putObject("process"), 400 + mac.index() % 90, 1, "com.apple.backgroundtaskmanagementd",
                "/System/Library/PrivateFrameworks/BackgroundTaskManagement.framework/Versions/A/Resources/backgroundtaskmanagementd");
        ObjectNode add = line.putObject("event").putObject("btm_launch_item_add");
        ObjectNode by = add.putObject("instigator");
        audit(by, instigator, managed ? 0 : mac.uid());
        by.put("signing_id", managed ? "com.jamf.management.daemon" : "com.apple.bash");
        if (managed) {
            by.put("team_id", "483DWKW443");
        } else {
            by.putNull("team_id");
        }
        by.putObject("executable").put("path", managed ? "/usr/local/jamf/bin/jamf" : "/bin/bash");
        add.putNull("app");
        ObjectNode item = add.putObject("item");
        item.put("item_type", job.agent() ? AGENT : DAEMON);
        item.put("legacy", true);
        item.put("managed", managed);
        item.put("uid", job.agent() ? mac.uid() : 0);
        item.put("item_url", "file://" + job.plist().replace(" ", "%20"));
        item.putNull("app_url");
        add.put("executable_path", job.arguments().isEmpty() ? job.program() : job.arguments().get(0));
        spool.add(at, Spool.Stream.ESLOGGER, mac.hostname(), null, line);
    }

    private ObjectNode message(Mac mac, Instant at, Instant booted, int type) {
        long[] sequence = sequences.computeIfAbsent(mac.hostname(), h -> new long[] {40_000L + mac.index() * 7L});
        sequence[0]++;
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("schema_version", 1);
        Duration up = Duration.between(booted, at);
        line.put("mach_time", up.getSeconds() * TICKS_PER_SECOND + up.getNano() / (1_000_000_000L / TICKS_PER_SECOND));
        line.put("event_type", type);
        line.putObject("thread").put("thread_id", 1_800_000 + sequence[0] % 50_000);
        line.put("version", 7);
        line.put("seq_num", sequence[0]);
        line.put("global_seq_num", sequence[0]);
        line.put("time", TIME.format(at));
        line.put("action_type", 1);
        line.putObject("action").putObject("result").put("result_type", 0).putObject("result").put("auth", 0);
        line.put("host", mac.hostname() + ".local");
        return line;
    }

    private static void launchd(ObjectNode process, Instant booted) {
        platform(process, 1, 0, "com.apple.xpc.launchd", "/sbin/launchd");
        process.put("start_time", TIME.format(booted));
    }

    /** One of Apple's own processes, run by root: its pid, parent, signing id and executable. */
    private static void platform(ObjectNode process, int pid, int parent, String signingId, String path) {
        audit(process, pid, 0);
        process.put("ppid", parent);
        process.putObject("parent_audit_token").put("pid", parent);
        process.put("signing_id", signingId);
        process.putNull("team_id");
        process.put("is_platform_binary", true);
        process.put("codesigning_flags", PLATFORM);
        ObjectNode executable = process.putObject("executable");
        executable.put("path", path);
        executable.put("path_truncated", false);
    }

    private static void audit(ObjectNode process, int pid, int uid) {
        ObjectNode token = process.putObject("audit_token");
        token.put("pid", pid);
        token.put("ruid", uid);
        token.put("euid", uid);
        token.put("auid", uid == 0 ? 4_294_967_295L : uid);
    }

    private static void signature(ObjectNode process, Signature signature) {
        boolean apple = signature.signed() && signature.team().isEmpty();
        process.put("signing_id", signature.identifier().isEmpty() ? null : signature.identifier());
        if (signature.team().isEmpty()) {
            process.putNull("team_id");
        } else {
            process.put("team_id", signature.team());
        }
        process.put("is_platform_binary", apple);
        process.put("codesigning_flags", apple ? PLATFORM : signature.signed() ? DEVELOPER_ID : signature.adHoc() ? AD_HOC : 0L);
        process.put("cdhash", "");
    }
}
