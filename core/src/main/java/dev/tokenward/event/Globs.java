package dev.tokenward.event;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Name patterns people write in configuration: {@code *} matches any run of characters, case is ignored. */
public final class Globs {
    private Globs() {
    }

    public static Pattern pattern(String glob) {
        return Pattern.compile(Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")),
                Pattern.CASE_INSENSITIVE);
    }
}
