package dev.tokenward.analytic.host;

import dev.tokenward.event.DataTable;
import dev.tokenward.event.Endpoint;

import java.util.ArrayList;
import java.util.List;

/**
 * The developer teams that sign well-known vendors' software ({@code vendor-signers.tsv}): a program
 * installed where a vendor installs its own, or carrying the vendor's signing identifier, is the
 * vendor's code, and the vendor signs it with its own team. A fleet whose history never showed the
 * genuine signature (a few Macs, logs of a few days) still knows whose it should be. Extending it
 * is an edit of data.
 */
final class VendorSigners {
    /** A vendor's team, and the vendor's name for the reason an alert gives. */
    record Vendor(String team, String name) {
    }

    private record Rule(boolean path, String prefix, Vendor vendor) {
    }

    private final List<Rule> rules = new ArrayList<>();

    VendorSigners() {
        for (String[] row : DataTable.read(VendorSigners.class, "vendor-signers.tsv", 4)) {
            if (!row[0].equals("path") && !row[0].equals("signing-id")) {
                throw new IllegalStateException("vendor-signers.tsv: what is matched must be path or signing-id, not " + row[0]);
            }
            rules.add(new Rule(row[0].equals("path"), row[1], new Vendor(row[2], row[3])));
        }
    }

    /** The vendor whose code the process is, by where it is installed or its signing identifier; null for any other. */
    Vendor of(Endpoint.Process process) {
        if (process == null) {
            return null;
        }
        String path = process.path() == null ? null : ServiceIdentity.homeless(process.path());
        for (Rule rule : rules) {
            String value = rule.path() ? path : process.signingId();
            if (value != null && value.startsWith(rule.prefix())) {
                return rule.vendor();
            }
        }
        return null;
    }
}
