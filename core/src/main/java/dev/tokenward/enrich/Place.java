package dev.tokenward.enrich;

/**
 * Where an address is, as a geolocation database says.
 *
 * @param country    ISO 3166-1 alpha-2 code
 * @param city       city name
 * @param latitude   degrees
 * @param longitude  degrees
 * @param accuracyKm radius of uncertainty, where the database gives one
 */
public record Place(String country, String city, Double latitude, Double longitude, Integer accuracyKm) {
}
