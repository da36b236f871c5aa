package dev.tokenward.respond;

import dev.tokenward.signal.Triage;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.StatusType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS IAM through the AWS SDK for Java v2 (its default credential chain, or what the caller gives):
 * {@code aws.deactivate-key} is {@code UpdateAccessKey} to Inactive (reversible; delete after the
 * review), and {@code aws.deny-before} puts an inline policy on the IAM user or role denying every
 * action when {@code aws:TokenIssueTime} is before the response, as the console's "Revoke active
 * sessions" does. Both are idempotent: the same key deactivated or the same policy put again
 * changes nothing. The SDK retries IAM's {@code Throttling}.
 */
final class AwsProvider implements Provider {
    static final String DEACTIVATE_KEY = "aws.deactivate-key";
    static final String DENY_BEFORE = "aws.deny-before";
    static final String POLICY_NAME = "TokenwardDenySessionsIssuedBefore";
    private static final Pattern IDENTITY = Pattern.compile("arn:aws[\\w-]*:iam::\\d{12}:(user|role)/(?:.*/)?([\\w+=,.@-]+)");

    private final IamClient iam;

    AwsProvider(IamClient iam) {
        this.iam = iam;
    }

    @Override
    public boolean handles(String action) {
        return DEACTIVATE_KEY.equals(action) || DENY_BEFORE.equals(action);
    }

    @Override
    public String describe(Triage.Action action, Instant cutoff) {
        Matcher identity = IDENTITY.matcher(action.subject());
        if (!identity.matches()) {
            return "nothing: " + action.subject() + " is not an IAM user or role";
        }
        if (DEACTIVATE_KEY.equals(action.action())) {
            return "iam:UpdateAccessKey UserName=" + identity.group(2) + " AccessKeyId=" + action.credential() + " Status=Inactive";
        }
        return "iam:Put" + (identity.group(1).equals("user") ? "User" : "Role") + "Policy " + (identity.group(1).equals("user") ? "UserName="
                : "RoleName=") + identity.group(2) + " PolicyName=" + POLICY_NAME + " (deny all when aws:TokenIssueTime < "
                + cutoff.truncatedTo(ChronoUnit.SECONDS) + ")";
    }

    @Override
    public Outcome execute(Triage.Action action, Instant cutoff) {
        String request = describe(action, cutoff);
        Matcher identity = IDENTITY.matcher(action.subject());
        if (!identity.matches()) {
            return Outcome.failed(request, action.subject() + " is not an IAM user or role: contain it by hand");
        }
        String kind = identity.group(1);
        String name = identity.group(2);
        try {
            if (DEACTIVATE_KEY.equals(action.action())) {
                if (!kind.equals("user")) {
                    return Outcome.failed(request, "an access key belongs to an IAM user, not to " + action.subject());
                }
                iam.updateAccessKey(r -> r.userName(name).accessKeyId(action.credential()).status(StatusType.INACTIVE));
                return Outcome.done(request, "access key " + action.credential() + " of " + name + " is inactive");
            }
            String policy = policy(cutoff);
            if (kind.equals("user")) {
                iam.putUserPolicy(r -> r.userName(name).policyName(POLICY_NAME).policyDocument(policy));
            } else {
                iam.putRolePolicy(r -> r.roleName(name).policyName(POLICY_NAME).policyDocument(policy));
            }
            return Outcome.done(request, "sessions of " + kind + " " + name + " issued before " + cutoff.truncatedTo(ChronoUnit.SECONDS)
                    + " are denied");
        } catch (IamException e) {
            return Outcome.failed(request, "IAM answered " + e.statusCode() + " " + e.awsErrorDetails().errorCode() + ": "
                    + e.awsErrorDetails().errorMessage());
        } catch (SdkException e) {
            return Outcome.failed(request, "no answer from IAM: " + e.getMessage());
        }
    }

    /** The inline policy that denies every session issued before {@code cutoff}. */
    static String policy(Instant cutoff) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"" + POLICY_NAME + "\",\"Effect\":\"Deny\",\"Action\":\"*\","
                + "\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"" + cutoff.truncatedTo(ChronoUnit.SECONDS)
                + "\"}}}]}";
    }
}
