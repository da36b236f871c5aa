package dev.tokenward.source;

import dev.tokenward.event.DataTable;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What each product never logs, whatever is collected from it ({@code blind-spots.tsv}): the gaps
 * no configuration closes, which {@code tokenward coverage} and the docs state rather than paper over.
 */
public final class BlindSpots {
    private static final Map<String, List<String>> BY_SOURCE = DataTable.read(BlindSpots.class, "blind-spots.tsv", 2).stream()
            .collect(Collectors.groupingBy(row -> row[0], Collectors.mapping(row -> row[1], Collectors.toUnmodifiableList())));

    private BlindSpots() {
    }

    /** The statements for a source, by its name as events carry it; empty when none are known. */
    public static List<String> of(String source) {
        return BY_SOURCE.getOrDefault(source, List.of());
    }
}
