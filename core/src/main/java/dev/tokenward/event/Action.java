package dev.tokenward.event;

/**
 * What was done.
 *
 * @param service   the service called (AWS service prefix such as {@code iam}, {@code okta}, {@code entra})
 * @param operation the API name or event type
 * @param resource  what it was done to, where the source says
 * @param sensitive whether the operation touches identity, keys, secrets or audit configuration
 */
public record Action(String service, String operation, String resource, boolean sensitive) {
}
