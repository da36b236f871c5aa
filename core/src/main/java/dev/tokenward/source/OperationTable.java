package dev.tokenward.source;

import dev.tokenward.event.Action.Tactic;
import dev.tokenward.event.DataTable;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a cloud's API calls amount to, from a data file beside its mapper ({@code operations.tsv}
 * for CloudTrail): whether a call is sensitive, and its tactic. Rows are service, operation (a
 * trailing {@code *} matches a prefix; {@code *} alone any), sensitive (yes, no or -), tactic (a
 * {@link Tactic} or -); the first row that says yes or no decides sensitivity, the first that names
 * a tactic decides the tactic. Looked-up answers are remembered, up to a bound (hostile input can
 * invent names).
 */
public final class OperationTable {
    private static final int REMEMBERED = 4096;

    private final List<Rule> rules;
    private final Map<String, Judged> judged = new ConcurrentHashMap<>();

    /** An operation's sensitivity and tactic. */
    public record Judged(boolean sensitive, Tactic tactic) {
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

    /** The table in resource {@code file} beside {@code owner}. */
    public OperationTable(Class<?> owner, String file) {
        this.rules = DataTable.read(owner, file, 4).stream().map(row -> new Rule(row[0], row[1], row[2], row[3])).toList();
    }

    public Judged judge(String service, String operation) {
        String key = service + ":" + operation;
        Judged answer = judged.get(key);
        if (answer == null) {
            answer = lookUp(service, operation);
            if (judged.size() < REMEMBERED) {
                judged.put(key, answer);
            }
        }
        return answer;
    }

    private Judged lookUp(String service, String operation) {
        Boolean sensitive = null;
        Tactic tactic = null;
        for (Rule rule : rules) {
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
