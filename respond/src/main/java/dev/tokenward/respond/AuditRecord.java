package dev.tokenward.respond;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;

/**
 * One line of the audit trail {@code respond --execute} appends to: every action, its request and
 * its result. Never a token, key secret or password: only what was asked and what came back.
 *
 * @param time       when it was carried out (wall-clock time: this records what a person did, not what the logs say)
 * @param incident   the incident it contained
 * @param action     which action
 * @param subject    on whom
 * @param credential the access key, for a key deactivation
 * @param request    the request, without secrets
 * @param status     DONE or FAILED
 * @param detail     the provider's answer in words
 */
@JsonPropertyOrder({"time", "incident", "action", "subject", "credential", "request", "status", "detail"})
public record AuditRecord(Instant time, String incident, String action, String subject,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String credential, String request, Outcome.Status status,
                          String detail) {
}
