package dev.tokenward.event;

/** The source's own verdict on an event's risk (Entra's risk level, Okta's threat suspected), where it gives one. */
public enum Risk {
    NONE,
    LOW,
    MEDIUM,
    HIGH,
    UNKNOWN
}
