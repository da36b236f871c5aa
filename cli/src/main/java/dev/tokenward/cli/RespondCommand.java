package dev.tokenward.cli;

import dev.tokenward.output.Json;
import dev.tokenward.respond.AuditRecord;
import dev.tokenward.respond.Outcome;
import dev.tokenward.respond.Responder;
import dev.tokenward.signal.Alert;
import dev.tokenward.signal.Incident;
import dev.tokenward.signal.Incidents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code tokenward respond}: an incident's containment plan, printed, and with --execute carried out. */
@Command(name = "respond", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints an incident's containment plan: every step, what stays valid afterwards, what else it disrupts, "
                + "and the requests --execute would make. Nothing is changed without --execute.",
                "With --execute it asks for the incident id as confirmation (or --yes), carries out the actions through the "
                        + "providers' APIs (AWS IAM, Okta, Microsoft Graph) and appends every request and its result to the audit file.",
                "Credentials: AWS from the SDK's default chain (environment, profile, instance role); Okta from OKTA_API_TOKEN or "
                        + "--okta-token-file and --okta-org or OKTA_ORG_URL; Graph from GRAPH_TOKEN or --graph-token-file."})
final class RespondCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "INCIDENT", description = "The incident's id (inc-... or cmp-...), as the alerts' "
            + "incident field or detect --incidents name it.")
    String incidentId;

    @Option(names = "--alerts", required = true, paramLabel = "FILE", description = "Alerts written by detect (JSON lines).")
    Path alerts;

    @Option(names = "--execute", description = "Carry the actions out; without it nothing is changed.")
    boolean execute;

    @Option(names = "--yes", description = "With --execute, do not ask for confirmation.")
    boolean yes;

    @Option(names = "--audit", paramLabel = "FILE", defaultValue = "tokenward-respond-audit.jsonl",
            description = "Where every action and its result is appended (default: ${DEFAULT-VALUE}).")
    Path audit;

    @Option(names = "--okta-org", paramLabel = "URL", description = "The Okta org, e.g. https://example.okta.com (default: OKTA_ORG_URL).")
    String oktaOrg;

    @Option(names = "--okta-token-file", paramLabel = "FILE", description = "A file holding the Okta API token (default: OKTA_API_TOKEN).")
    Path oktaTokenFile;

    @Option(names = "--graph", paramLabel = "URL", defaultValue = "https://graph.microsoft.com",
            description = "Microsoft Graph's endpoint (default: ${DEFAULT-VALUE}).")
    String graph;

    @Option(names = "--graph-token-file", paramLabel = "FILE", description = "A file holding a Graph access token (default: GRAPH_TOKEN).")
    Path graphTokenFile;

    @Option(names = "--aws-endpoint", paramLabel = "URL", description = "An IAM endpoint instead of AWS's own.")
    URI awsEndpoint;

    @Override
    public Integer call() throws IOException {
        PrintStream out = new PrintStream(Main.stdout(), true, StandardCharsets.UTF_8);
        PrintStream err = Terminal.err();
        Optional<Incident> found = incident(err);
        if (found.isEmpty()) {
            return Main.USAGE;
        }
        Incident incident = found.get();
        Instant cutoff = Instant.now().isAfter(incident.last()) ? Instant.now() : incident.last();
        String oktaToken;
        String graphToken;
        try {
            oktaToken = secret(oktaTokenFile, "OKTA_API_TOKEN");
            graphToken = secret(graphTokenFile, "GRAPH_TOKEN");
        } catch (IOException e) {
            err.println("tokenward: cannot read a token file: " + Outputs.reason(e));
            return Main.USAGE;
        }
        String org = oktaOrg != null ? oktaOrg : System.getenv("OKTA_ORG_URL");
        try (Responder responder = new Responder(new Responder.Providers(org, oktaToken, graph, graphToken, awsEndpoint, null))) {
            print(out, incident, responder.describe(incident, cutoff));
            if (!execute) {
                out.println();
                out.println("Dry run: nothing was changed. Add --execute to carry out the " + incident.actions().size() + " action"
                        + (incident.actions().size() == 1 ? "" : "s") + " above.");
                return Main.OK;
            }
            if (incident.actions().isEmpty()) {
                out.println("Nothing to carry out: every step of this plan is a person's.");
                return Main.OK;
            }
            List<String> missing = responder.missing(incident);
            if (!missing.isEmpty()) {
                missing.forEach(m -> err.println("tokenward: " + m));
                err.println("tokenward: nothing was changed");
                return Main.USAGE;
            }
            if (!yes && !confirmed(out, incident)) {
                err.println("tokenward: not confirmed; nothing was changed");
                return Main.FAILED;
            }
            List<AuditRecord> done;
            try (Writer trail = Files.newBufferedWriter(audit, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                done = responder.execute(incident, cutoff, record -> append(trail, record));
            }
            for (AuditRecord record : done) {
                out.println(record.status() + "  " + record.action() + " " + Terminal.safe(record.subject()) + ": " + Terminal.safe(record.detail()));
            }
            long failed = done.stream().filter(r -> r.status() == Outcome.Status.FAILED).count();
            err.println("tokenward: " + (done.size() - failed) + " of " + done.size() + " actions done; every request and result appended to "
                    + audit);
            return failed == 0 ? Main.OK : Main.FAILED;
        }
    }

    private Optional<Incident> incident(PrintStream err) throws IOException {
        Optional<List<Alert>> read = AlertsInput.read(alerts, err);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        List<Incident> grouped = Incidents.group(read.get(), Incidents.Settings.DEFAULTS);
        Map<String, Incident> byId = grouped.stream().collect(Collectors.toMap(Incident::id, Function.identity()));
        Incident incident = byId.get(incidentId);
        if (incident == null) {
            err.println("tokenward: no incident " + Terminal.safe(incidentId) + " in " + alerts + " (its incidents: "
                    + grouped.stream().filter(Incident::standing).map(Incident::id).collect(Collectors.joining(", ")) + ")");
            return Optional.empty();
        }
        while (incident.mergedInto() != null) {
            err.println("tokenward: " + incident.id() + " was merged into " + incident.mergedInto() + "; its plan is that incident's");
            incident = byId.get(incident.mergedInto());
        }
        return Optional.of(incident);
    }

    private static void print(PrintStream out, Incident incident, List<String> requests) {
        out.println(incident.id() + "  " + incident.severity().label() + "  Tier " + incident.tier() + "  " + Terminal.safe(incident.title()));
        out.println("Accounts: " + Terminal.safe(String.join(", ", incident.principals())));
        out.println();
        out.println("Containment:");
        for (int i = 0; i < incident.containment().size(); i++) {
            out.println("  " + (i + 1) + ". " + Terminal.safe(incident.containment().get(i)));
        }
        if (!incident.staysValid().isEmpty()) {
            out.println("Stays valid afterwards:");
            incident.staysValid().forEach(s -> out.println("  - " + Terminal.safe(s)));
        }
        if (!incident.disrupts().isEmpty()) {
            out.println("Also disrupts:");
            incident.disrupts().forEach(s -> out.println("  - " + Terminal.safe(s)));
        }
        out.println();
        if (incident.actions().isEmpty()) {
            out.println("No step of this plan can be carried out through an API: each is a person's to do.");
            return;
        }
        out.println("What --execute carries out (the other steps are a person's to do):");
        for (int i = 0; i < incident.actions().size(); i++) {
            out.println("  " + incident.actions().get(i).action() + " " + Terminal.safe(incident.actions().get(i).subject()) + ": "
                    + Terminal.safe(requests.get(i)));
        }
    }

    private boolean confirmed(PrintStream out, Incident incident) throws IOException {
        out.print("Carry out " + incident.actions().size() + " actions on " + incident.id() + "? Type the incident id to confirm: ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.trim().equals(incident.id());
    }

    private static void append(Writer trail, AuditRecord record) {
        try {
            trail.write(Json.mapper().writeValueAsString(record));
            trail.write('\n');
            trail.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot append to the audit file", e);
        }
    }

    /** A token from its file (trimmed) or the environment; never from the command line, where it would be seen. */
    private static String secret(Path file, String variable) throws IOException {
        if (file != null) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
