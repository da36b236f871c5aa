package dev.tokenward.cli;

import dev.tokenward.analytic.host.InventoryEntry;
import dev.tokenward.analytic.host.ServiceCensus;
import dev.tokenward.config.Config;
import dev.tokenward.config.ConfigException;
import dev.tokenward.config.InventoryFile;
import dev.tokenward.enrich.Enricher;
import dev.tokenward.output.JsonLinesWriter;
import dev.tokenward.runtime.Detection;
import dev.tokenward.source.Quarantined;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tokenward inventory}: the approved background services that unscheduled-background-api judges by. */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "Drafts and checks the inventory of approved background services (launchd jobs and agents calling "
                + "cloud and web APIs) that unscheduled-background-api judges by.",
        subcommands = {InventoryCommand.Learn.class, InventoryCommand.Check.class})
final class InventoryCommand {

    /** Reads the logs as detection does and hands the census what background services did. */
    private static Optional<ServiceCensus> census(InputOptions common, PrintStream err, int[] failed) {
        Optional<Config> settings = common.config(err);
        Optional<Inputs> inputs = settings.isEmpty() ? Optional.empty() : common.inputs(err, settings.get().input());
        if (inputs.isEmpty()) {
            failed[0] = Main.USAGE;
            return Optional.empty();
        }
        Optional<Outputs> planned = common.outputs(err, inputs.get(),
                List.of(new Outputs.Wanted("--quarantine", common.quarantine, true)), failed);
        if (planned.isEmpty()) {
            return Optional.empty();
        }
        ServiceCensus census = new ServiceCensus();
        Enricher enricher = settings.get().enrichment().withUserAgents("rules").build();
        try (Outputs outputs = planned.get()) {
            try (JsonLinesWriter<Quarantined> quarantined = JsonLinesWriter.toFile(outputs.temporary("--quarantine"));
                 Terminal progress = Terminal.progress("inventory", common.totalBytes(inputs.get()), true)) {
                Detection.observe(inputs.get().files(), inputs.get().notRead(), settings.get(), enricher, census, quarantined::write,
                        progress);
            }
            outputs.commit();
        } catch (IOException | UncheckedIOException e) {
            err.println("tokenward: " + e.getMessage());
            failed[0] = Main.FAILED;
            return Optional.empty();
        }
        return Optional.of(census);
    }

    @Command(name = "learn", mixinStandardHelpOptions = true,
            description = "Drafts an inventory from the logs (osquery, Zeek): every background service seen calling out, "
                    + "with its label, executable, signer, destinations and schedule, the unsigned and rare ones marked for "
                    + "review. Nothing in it is approved until a person has read it.")
    static final class Learn implements Callable<Integer> {
        @Mixin
        InputOptions common;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the draft here (default: standard output).")
        Path out;

        @Override
        public Integer call() throws IOException {
            PrintStream err = Terminal.err();
            int[] failed = {Main.FAILED};
            Optional<ServiceCensus> census = census(common, err, failed);
            if (census.isEmpty()) {
                return failed[0];
            }
            String draft = InventoryFile.draft(census.get());
            if (out == null) {
                System.out.print(draft);
            } else {
                Files.writeString(out, draft);
                err.println("tokenward: drafted " + census.get().services().size() + " services into " + out + "; review it before use");
            }
            if (census.get().services().isEmpty()) {
                err.println("tokenward: no background service was seen calling out: the inventory needs osquery's process "
                        + "sockets (and Zeek or DNS for names) among the logs");
            }
            return Main.OK;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Compares an inventory with the logs: entries past their review date or not seen, services seen "
                    + "but not listed, and listed services calling destinations or signed by teams their entry does not "
                    + "allow. Exits 1 when anything is found.")
    static final class Check implements Callable<Integer> {
        @Mixin
        InputOptions common;

        @Override
        public Integer call() throws IOException {
            PrintStream err = Terminal.err();
            if (common.inventory == null) {
                err.println("tokenward: inventory check needs --inventory FILE");
                return Main.USAGE;
            }
            List<InventoryEntry> entries;
            try {
                entries = InventoryFile.load(common.inventory);
            } catch (ConfigException e) {
                err.println("tokenward: the inventory cannot be used:");
                e.problems().forEach(p -> err.println("  " + p));
                return Main.USAGE;
            }
            int[] failed = {Main.FAILED};
            Optional<ServiceCensus> census = census(common, err, failed);
            if (census.isEmpty()) {
                return failed[0];
            }
            List<String> findings = findings(entries, census.get(), LocalDate.now(java.time.ZoneOffset.UTC));
            PrintStream out = System.out;
            out.println(entries.size() + " inventory entries; " + census.get().services().size() + " background services seen on "
                    + census.get().hosts() + " hosts");
            findings.forEach(f -> out.println("  " + f));
            if (findings.isEmpty()) {
                out.println("  nothing to review");
            }
            return findings.isEmpty() ? Main.OK : 1;
        }

        static List<String> findings(List<InventoryEntry> entries, ServiceCensus census, LocalDate today) {
            List<String> findings = new ArrayList<>();
            for (InventoryEntry entry : entries) {
                String name = InventoryFile.nameOf(entry);
                if (entry.review() != null && entry.review().isBefore(today)) {
                    findings.add("stale: " + name + " was due for review on " + entry.review());
                }
                List<ServiceCensus.Service> seen = census.services().values().stream().filter(s -> ServiceCensus.describes(entry, s)).toList();
                if (seen.isEmpty()) {
                    findings.add("not seen: " + name + " made no call in these logs");
                }
                for (ServiceCensus.Service service : seen) {
                    service.destinations.stream().filter(d -> !entry.allows(d))
                            .forEach(d -> findings.add("destination: " + name + " called " + d + ", which its entry does not allow"));
                    if (entry.teamId() != null) {
                        service.signers.stream().filter(s -> !s.equals("team " + entry.teamId()))
                                .forEach(s -> findings.add("signer: " + name + " ran " + s + " code, where its entry says team " + entry.teamId()));
                    }
                }
            }
            for (ServiceCensus.Service service : census.services().values()) {
                if (entries.stream().noneMatch(e -> ServiceCensus.describes(e, service))) {
                    findings.add("not listed: " + (service.label != null ? service.label : service.identity) + " on "
                            + service.hosts.size() + " hosts, calling " + String.join(", ", service.destinations)
                            + (service.unsigned() ? " (UNSIGNED)" : ""));
                }
            }
            return findings;
        }
    }
}
