package dev.tokenward.source.cloudtrail;

import dev.tokenward.event.Action.Tactic;
import dev.tokenward.event.DataTable;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What AWS API calls amount to, from {@code operations.tsv}: whether a call is sensitive, and its
 * tactic. Looked-up answers are remembered, up to a bound (hostile input can invent names).
 */
final class Operations {
    private static final List<Rule> RULES = DataTable.read(Operations.class, "operations.tsv", 4).stream()
            .map(row -> new Rule(row[0], row[1], row[2], row[3])).toList();
    private static final int REMEMBERED = 4096;
    private static final Map<String, Judged> JUDGED = new ConcurrentHashMap<>();

    /** An operation's sensitivity and tactic. */
    record Judged(boolean sensitive, Tactic tactic) {
    }

    private record Rule(String service, String operation, String sensitive, String tactic) {
        boolean matches(String callService, String callOperation) {
            return glob(service, callService) && glob(operation, callOperation);
        }

        private static boolean glob(String pattern, String value) {
            return pattern.equals("*") || (pattern.endsWith("*") ? value.startsWith(pattern.substring(0, pattern.length() - 1))
                    : pattern.equals(value));
        }
    }

    private Operations() {
    }

    static Judged judge(String service, String operation) {
        String key = service + ":" + operation;
        Judged judged = JUDGED.get(key);
        if (judged == null) {
            judged = lookUp(service, operation);
            if (JUDGED.size() < REMEMBERED) {
                JUDGED.put(key, judged);
            }
        }
        return judged;
    }

    private static Judged lookUp(String service, String operation) {
        Boolean sensitive = null;
        Tactic tactic = null;
        for (Rule rule : RULES) {
            if (!rule.matches(service, operation)) {
                continue;
            }
            if (sensitive == null && !rule.sensitive().equals("-")) {
                sensitive = rule.sensitive().equals("yes");
            }
            if (tactic == null && !rule.tactic().equals("-")) {
                tactic = Tactic.valueOf(rule.tactic());
            }
            if (sensitive != null && tactic != null) {
                break;
            }
        }
        return new Judged(Boolean.TRUE.equals(sensitive), tactic == null ? Tactic.NONE : tactic);
    }
}
