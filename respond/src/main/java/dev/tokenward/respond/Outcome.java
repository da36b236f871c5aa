package dev.tokenward.respond;

/**
 * What became of one containment action.
 *
 * @param status  DONE, FAILED, or PLANNED for a dry run
 * @param request what was asked of the provider, without secrets ("DELETE https://.../sessions?oauthTokens=true")
 * @param detail  the provider's answer in words (its error code and message on failure)
 */
public record Outcome(Status status, String request, String detail) {
    public enum Status { PLANNED, DONE, FAILED }

    static Outcome done(String request, String detail) {
        return new Outcome(Status.DONE, request, detail);
    }

    static Outcome failed(String request, String detail) {
        return new Outcome(Status.FAILED, request, detail);
    }
}
