package dev.tokenward.source.cloudtrail;

import java.util.regex.Pattern;

/**
 * One name for each secret and parameter, however a call referred to it, so that reads and writes
 * of one secret meet.
 *
 * <p>Secrets Manager takes a secret's name, its full ARN (the name and a hyphen and six random
 * characters Secrets Manager appends: {@code ...:secret:prod/warehouse-Xq3LbT}) or a partial ARN
 * (the name without them), and CloudTrail logs {@code secretId} as the caller gave it. Parameter
 * Store takes a parameter's name or ARN ({@code ...:parameter/prod/db} for {@code /prod/db}), with a
 * version or label after a colon ({@code /prod/db:3}). A secret of the calling account is named by
 * its name alone, as the console and most code name it; one of another account keeps its ARN
 * (without Secrets Manager's suffix), as only an ARN reaches across accounts. Naming by the caller's
 * account keeps the two copies CloudTrail logs of a cross-account read (the caller's and the
 * owner's) the same item.
 */
final class SecretNames {
    /**
     * Secrets Manager's suffix on a full ARN's name: six random letters and digits. Six lowercase
     * letters are taken for the end of a name given in a partial ARN ({@code app/db-config}), which
     * a random suffix is about once in 180.
     */
    private static final Pattern SUFFIX = Pattern.compile("-(?![a-z]{6}$)[A-Za-z0-9]{6}$");

    private SecretNames() {
    }

    /** A Secrets Manager {@code secretId}, named for the calling account {@code tenant}. */
    static String secret(String secretId, String tenant) {
        String[] arn = arn(secretId, "secretsmanager");
        if (arn == null || !arn[5].startsWith("secret:")) {
            return secretId;
        }
        String name = SUFFIX.matcher(arn[5].substring("secret:".length())).replaceFirst("");
        return arn[4].equals(tenant) ? name : String.join(":", arn[0], arn[1], arn[2], arn[3], arn[4], "secret:" + name);
    }

    /**
     * A Parameter Store name or ARN, without its version or label, named for the calling account
     * {@code tenant}. An ARN of a name without a slash is left whole: it may stand for
     * {@code name} or {@code /name}.
     */
    static String parameter(String nameOrArn, String tenant) {
        String[] arn = arn(nameOrArn, "ssm");
        if (arn == null) {
            int selector = nameOrArn.lastIndexOf(':');
            return selector > 0 && !nameOrArn.startsWith("arn:") ? nameOrArn.substring(0, selector) : nameOrArn;
        }
        if (!arn[5].startsWith("parameter/")) {
            return nameOrArn;
        }
        String resource = arn[5].substring("parameter/".length());
        int selector = resource.indexOf(':');
        resource = selector < 0 ? resource : resource.substring(0, selector);
        if (!arn[4].equals(tenant) || !resource.contains("/")) {
            return String.join(":", arn[0], arn[1], arn[2], arn[3], arn[4], "parameter/" + resource);
        }
        return "/" + resource;
    }

    /** An ARN of the service split into its six parts (the last keeps its colons), or null. */
    private static String[] arn(String text, String service) {
        if (text == null || !text.startsWith("arn:")) {
            return null;
        }
        String[] parts = text.split(":", 6);
        return parts.length == 6 && parts[2].equals(service) ? parts : null;
    }
}
