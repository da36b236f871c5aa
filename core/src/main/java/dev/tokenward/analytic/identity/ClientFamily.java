package dev.tokenward.analytic.identity;

import java.util.Locale;

/**
 * A coarse family for a user agent ("Chrome/macOS", "aws-cli", "boto3"), enough to tell the same
 * kind of client from a different one. Versions are left out: browsers update themselves. Embedded
 * web views of desktop apps (Teams, Outlook) have no family: one session serves browser and apps
 * alike, so they are not compared.
 */
final class ClientFamily {
    private ClientFamily() {
    }

    static String of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return null;
        }
        String ua = userAgent.trim();
        String lower = ua.toLowerCase(Locale.ROOT);
        if (lower.startsWith("aws-cli/")) {
            return "aws-cli";
        }
        if (lower.contains("terraform/")) {
            return "terraform";
        }
        if (lower.contains("boto3/")) {
            return "boto3";
        }
        if (lower.startsWith("aws-sdk-") || lower.startsWith("aws-internal")) {
            return ua.split("[/ ]", 2)[0].toLowerCase(Locale.ROOT);
        }
        if (lower.contains("mozilla/") || lower.contains("applewebkit")) {
            String browser = browser(lower);
            return browser == null ? null : browser + "/" + os(lower);
        }
        return ua.split("[/ ;(]", 2)[0].toLowerCase(Locale.ROOT);
    }

    private static String browser(String ua) {
        if (ua.contains("headlesschrome")) {
            return "HeadlessChrome";
        }
        if (ua.contains("edg/") || ua.contains("edge/")) {
            return "Edge";
        }
        if (ua.contains("opr/")) {
            return "Opera";
        }
        if (ua.contains("firefox/")) {
            return "Firefox";
        }
        if (ua.contains("chrome/") || ua.contains("crios/")) {
            return "Chrome";
        }
        if (ua.contains("safari/") || ua.contains("iphone") || ua.contains("ipad")) {
            return "Safari";
        }
        return null;
    }

    private static String os(String ua) {
        if (ua.contains("iphone") || ua.contains("ipad") || ua.contains("ios")) {
            return "iOS";
        }
        if (ua.contains("android")) {
            return "Android";
        }
        if (ua.contains("windows")) {
            return "Windows";
        }
        if (ua.contains("mac os x") || ua.contains("macintosh")) {
            return "macOS";
        }
        if (ua.contains("cros")) {
            return "ChromeOS";
        }
        if (ua.contains("linux")) {
            return "Linux";
        }
        return "other";
    }
}
