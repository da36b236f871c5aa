package dev.tokenward.event;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A built-in data file: tab-separated rows, {@code #} comments and blank lines skipped. Vendor
 * knowledge (which operations are sensitive, which application ids are the vendor's own, which error
 * codes are interrupts) lives in such files beside the code that reads it, so that extending it is
 * an edit of data.
 */
public final class DataTable {
    private DataTable() {
    }

    /**
     * The rows of the resource {@code name} beside {@code owner}, each with at least {@code columns}
     * fields (trimmed); a shorter row is a packaging error and fails loudly, naming file and line.
     */
    public static List<String[]> read(Class<?> owner, String name, int columns) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the built-in data file " + name + " beside " + owner.getName() + " is missing");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String[]> rows = new ArrayList<>();
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = Arrays.stream(line.split("\t")).map(String::trim).toArray(String[]::new);
                if (fields.length < columns) {
                    throw new IllegalStateException(name + ":" + number + ": expected " + columns + " tab-separated fields, found "
                            + fields.length);
                }
                rows.add(fields);
            }
            return List.copyOf(rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in data file " + name, e);
        }
    }
}
