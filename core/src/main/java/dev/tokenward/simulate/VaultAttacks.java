package dev.tokenward.simulate;

import dev.tokenward.simulate.Geography.Address;
import dev.tokenward.simulate.Infrastructure.Variant;
import dev.tokenward.simulate.OnePasswordLog.Client;
import dev.tokenward.simulate.Storylines.Truth;
import dev.tokenward.simulate.Tenant.Person;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Attacks on the password manager: a stolen 1Password web session driven through the victim's
 * shared vaults by a program, and the deployment service account's leaked token reading every
 * item it can reach.
 */
final class VaultAttacks {

    /** 1Password's web app as a headless Chrome reports itself. */
    private static final Client HEADLESS_CHROME = new Client("1Password for Web", "2041", "HeadlessChrome", "131.0.6778.85", "Linux",
            "x86_64");
    /** Playwright's Firefox build, which says it is Firefox. */
    private static final Client PLAYWRIGHT_FIREFOX = new Client("1Password for Web", "2041", "Firefox", "139.0", "Linux", "x86_64");
    /** Chrome driven by Selenium on a Windows server, which says it is Chrome. */
    private static final Client DRIVEN_CHROME = new Client("1Password for Web", "2041", "Chrome", "153.0.0.0", "Windows", "10.0");

    private final Tenant tenant;
    private final Vaults vaults;
    private final Sinks sinks;
    private final Infrastructure infrastructure;

    VaultAttacks(Tenant tenant, Vaults vaults, Sinks sinks, Infrastructure infrastructure) {
        this.tenant = tenant;
        this.vaults = vaults;
        this.sinks = sinks;
        this.infrastructure = infrastructure;
    }

    /**
     * The victim's 1Password web session, stolen from their browser, replayed by a program that
     * reveals or copies the items of their shared vaults: a headless Chrome a few seconds apart,
     * Playwright's Firefox or a Selenium-driven Chrome at a fixed pace, or a person-like pace of a
     * reveal every minute or two.
     */
    Instant sessionScraping(Person victim, Instant t, Variant from, String variant, Rand r, Truth truth) {
        truth.principals.add(victim.login());
        truth.variant = variant + "+" + from.id;
        Address address = infrastructure.address(from, victim.home(), r);
        List<String[]> items = new ArrayList<>();
        for (Vaults.Vault vault : vaults.of(victim)) {
            for (String item : vault.items()) {
                items.add(new String[] {vault.uuid(), item});
            }
        }
        Collections.shuffle(items, new Random(r.nextLong()));
        int count = Math.min(items.size(), variant.equals("paced-reveals") ? r.between(30, 45) : r.between(25, 60));
        Client client = switch (variant) {
            case "headless-chrome" -> HEADLESS_CHROME;
            case "playwright-firefox" -> PLAYWRIGHT_FIREFOX;
            default -> DRIVEN_CHROME;
        };
        double pace = variant.equals("playwright-firefox") ? 2.0 : 5.0;
        Instant at = t;
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                at = at.plusMillis(switch (variant) {
                    case "headless-chrome" -> r.between(2000, 9000);
                    case "paced-reveals" -> r.between(40, 150) * 1000L;
                    default -> Math.round(pace * 1000 * (1 + r.gaussian(0, 0.03)));
                });
            }
            String[] item = items.get(i);
            sinks.onePassword().itemUsage(at, vaults.member(victim), client, address, item[0], item[1],
                    r.chance(0.6) ? "reveal" : "secure-copy", r);
        }
        return at;
    }

    /**
     * The deployment service account's token, leaked from a repository's settings or a runner's
     * logs, used with the 1Password CLI to read every item of the vault it can reach.
     */
    Instant serviceTokenLeak(Instant t, Variant from, Rand r, Truth truth) {
        truth.principals.add(vaults.deploy.email());
        truth.variant = from.id;
        Address address = infrastructure.address(from, tenant.hq, r);
        Instant at = t;
        List<String> items = vaults.infrastructure.items();
        for (int i = 0; i < items.size(); i++) {
            at = i == 0 ? at : at.plusMillis(r.between(300, 1400));
            String item = items.get(i);
            sinks.onePassword().itemUsage(at, vaults.deploy, Vaults.CLI, address, vaults.infrastructure.uuid(), item, "server-fetch", r);
        }
        return at;
    }
}
