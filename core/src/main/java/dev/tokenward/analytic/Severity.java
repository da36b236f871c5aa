package dev.tokenward.analytic;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity of(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }

    public Severity raise() {
        return this == CRITICAL ? CRITICAL : values()[ordinal() + 1];
    }
}
