package dev.tokenward.enrich;

/**
 * The network an address is announced by.
 *
 * @param number       autonomous system number
 * @param organization its organisation
 */
public record AutonomousSystem(long number, String organization) {
}
