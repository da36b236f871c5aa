package dev.tokenward.source.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.event.Action;
import dev.tokenward.event.Credential;
import dev.tokenward.event.CredentialKind;
import dev.tokenward.event.DataTable;
import dev.tokenward.event.Event;
import dev.tokenward.event.EventKind;
import dev.tokenward.event.Mfa;
import dev.tokenward.event.Outcome;
import dev.tokenward.event.PrincipalType;
import dev.tokenward.event.Risk;
import dev.tokenward.source.BadRecordException;
import dev.tokenward.source.EventBuilder;
import dev.tokenward.source.Format;
import dev.tokenward.source.Record;
import dev.tokenward.source.ShapedMapper;
import dev.tokenward.source.RecordShape;
import dev.tokenward.source.RecordShape.Field;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Google Workspace Reports API activities ({@code activities.list}: {@code {"kind":
 * "admin#reports#activities", "items": [...]}}, or JSON lines of activities), in the vendor's own
 * layout (an activity's {@code events}, each with {@code parameters} as {@code [{"name", "value" |
 * "multiValue" | "boolValue" | "intValue"}]}) and in the flattened one collectors write (one event
 * per record: {@code name}, {@code type} and {@code parameters} as an object beside {@code id} and
 * {@code actor}). What an event amounts to is data ({@code events.tsv}).
 *
 * <p>Sign-ins ({@code login}) are AUTHENTICATION, with MFA from {@code login_challenge_method};
 * OAuth grants ({@code token} {@code authorize}) are CONSENT with the client id, its name and the
 * scopes; a token's API calls ({@code token} {@code activity}) are uses of a credential that has no
 * id in these logs, so the credential is the pair of the user and the OAuth client id, which the
 * grant issues. An activity holding several events is read as its first (the others are counted in
 * {@code unmapped}).
 */
public final class WorkspaceMapper extends ShapedMapper {
    static final String SOURCE = "workspace";
    private static final String PROVIDER = "Google Workspace";

    private record Meaning(String application, String name, EventKind kind, Outcome outcome, boolean sensitive, Action.Tactic tactic) {
        boolean matches(String app, String event) {
            return (application.equals("*") || application.equals(app)) && (name.equals("*") || name.equals(event));
        }
    }

    private static final List<Meaning> MEANINGS = DataTable.read(WorkspaceMapper.class, "events.tsv", 6).stream()
            .map(r -> new Meaning(r[0], r[1], EventKind.valueOf(r[2]), r[3].equals("-") ? null : Outcome.valueOf(r[3]),
                    r[4].equals("yes"), r[5].equals("-") ? Action.Tactic.NONE : Action.Tactic.valueOf(r[5]))).toList();

    private static final RecordShape.Builder SHAPE = RecordShape.builder();
    private static final Field TIME = SHAPE.scalar("id.time");
    private static final Field APPLICATION = SHAPE.scalar("id.applicationName");
    private static final Field QUALIFIER = SHAPE.scalar("id.uniqueQualifier");
    private static final Field CUSTOMER = SHAPE.scalar("id.customerId");
    private static final Field EMAIL = SHAPE.scalar("actor.email");
    private static final Field PROFILE = SHAPE.scalar("actor.profileId");
    private static final Field CALLER_TYPE = SHAPE.scalar("actor.callerType");
    private static final Field KEY = SHAPE.scalar("actor.key");
    private static final Field IP = SHAPE.scalar("ipAddress");
    private static final Field NAME = SHAPE.scalar("name");
    private static final Field PARAMETERS = SHAPE.tree("parameters");
    private static final Field EVENTS = SHAPE.tree("events");

    public WorkspaceMapper() {
        super(SHAPE);
    }

    @Override
    public boolean recognizes(JsonNode record) {
        JsonNode id = Format.field(record, "id");
        return id != null && id.isObject() && Format.text(id, "applicationName") != null
                && (Format.field(record, "events") != null || Format.text(record, "name") != null
                || "admin#reports#activity".equals(Format.text(record, "kind")));
    }

    @Override
    public Event map(Record r) throws BadRecordException {
        String application = r.required(APPLICATION).toLowerCase(Locale.ROOT);
        JsonNode events = r.tree(EVENTS);
        JsonNode first = events != null && events.isArray() && !events.isEmpty() ? events.get(0) : null;
        String name = first != null ? Format.text(first, "name") : r.text(NAME);
        if (name == null) {
            throw new BadRecordException("the activity names no event");
        }
        Map<String, JsonNode> parameters = parameters(first != null ? Format.field(first, "parameters") : r.tree(PARAMETERS));
        Meaning meaning = MEANINGS.stream().filter(m -> m.matches(application, name)).findFirst().orElseThrow();
        String email = r.text(EMAIL);
        String who = email != null ? email.toLowerCase(Locale.ROOT) : r.text(KEY) != null ? r.text(KEY) : r.text(PROFILE);
        Outcome outcome = meaning.outcome() != null ? meaning.outcome() : challenge(parameters);
        EventBuilder e = new EventBuilder(SOURCE).time("id.time", r.required(TIME))
                .kind(meaning.kind())
                .outcome(outcome, outcome == Outcome.FAILURE ? reason(name, parameters) : null)
                .principal(who, r.text(PROFILE), email != null ? PrincipalType.HUMAN : PrincipalType.SERVICE, r.text(CUSTOMER))
                .ip("ipAddress", r.text(IP))
                .tactic(meaning.tactic())
                .action(application, name, resource(parameters), meaning.sensitive())
                .origin(r.origin(r.text(QUALIFIER)))
                .unmapped("workspace.events", events != null && events.size() > 1 ? String.valueOf(events.size()) : null)
                .unmapped("workspace.callerType", r.text(CALLER_TYPE));
        if (meaning.kind() == EventKind.AUTHENTICATION || meaning.kind() == EventKind.MFA) {
            Boolean suspicious = bool(parameters.get("is_suspicious"));
            if (name.startsWith("suspicious") || Boolean.TRUE.equals(suspicious)) {
                e.risk(Risk.HIGH);
            }
            e.issuance(Credential.Issuance.by(PROVIDER, true, null).issuing(outcome == Outcome.SUCCESS))
                    .credential(CredentialKind.SESSION, null, null, null, mfa(parameters), null);
        }
        String client = text(parameters.get("client_id"));
        if (client != null) {
            e.app(client).appName(text(parameters.get("app_name")), null);
            String pair = Credential.grantId(who, client);
            if (meaning.kind() == EventKind.CONSENT) {
                e.issued(Credential.Issuance.by(PROVIDER, true, null).granting(values(parameters.get("scope")), false))
                        .credential(CredentialKind.UNKNOWN, null, null, null, Mfa.UNKNOWN, pair);
            } else if (meaning.kind() == EventKind.CREDENTIAL_USE) {
                e.issuance(Credential.Issuance.by(PROVIDER, true, null))
                        .credential(CredentialKind.ACCESS_TOKEN, pair, null, null, Mfa.UNKNOWN, null);
            }
        }
        return e.build();
    }

    /** Parameters by name: the vendor's array of name/value pairs, or the flattened layout's object. */
    private static Map<String, JsonNode> parameters(JsonNode node) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        if (node == null) {
            return byName;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                byName.put(field.getKey(), field.getValue());
            }
            return byName;
        }
        for (JsonNode parameter : node.isArray() ? node : List.<JsonNode>of()) {
            String name = Format.text(parameter, "name");
            if (name == null) {
                continue;
            }
            for (String value : List.of("value", "multiValue", "boolValue", "intValue", "multiIntValue")) {
                if (parameter.has(value)) {
                    byName.put(name, parameter.get(value));
                    break;
                }
            }
        }
        return byName;
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static List<String> values(JsonNode value) {
        List<String> values = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(v -> values.add(v.asText()));
        } else if (text(value) != null) {
            values.add(text(value));
        }
        return values;
    }

    private static Boolean bool(JsonNode value) {
        return value == null || value.isNull() ? null : value.isBoolean() ? value.booleanValue() : Boolean.valueOf(value.asText());
    }

    /** What the event was about: a document, a setting's name, the user it targets, or the application granted. */
    private static String resource(Map<String, JsonNode> parameters) {
        for (String name : List.of("doc_title", "doc_id", "SETTING_NAME", "USER_EMAIL", "app_name", "APPLICATION_NAME")) {
            if (text(parameters.get(name)) != null) {
                return text(parameters.get(name));
            }
        }
        return null;
    }

    /** A login challenge's or verification's outcome. */
    private static Outcome challenge(Map<String, JsonNode> parameters) {
        String status = text(parameters.get("login_challenge_status"));
        if (status == null) {
            return Outcome.UNKNOWN;
        }
        return status.toLowerCase(Locale.ROOT).contains("passed") ? Outcome.SUCCESS : Outcome.FAILURE;
    }

    private static String reason(String name, Map<String, JsonNode> parameters) {
        String type = text(parameters.get("login_failure_type"));
        return type != null ? name + ": " + type : name;
    }

    /** MFA from the sign-in's challenge methods: a second factor named beside the password. */
    private static Mfa mfa(Map<String, JsonNode> parameters) {
        List<String> methods = values(parameters.get("login_challenge_method"));
        if (methods.isEmpty()) {
            return Mfa.UNKNOWN;
        }
        boolean second = methods.stream().map(m -> m.toLowerCase(Locale.ROOT)).anyMatch(m -> !m.equals("password") && !m.equals("none"));
        return second ? Mfa.TRUE : Mfa.FALSE;
    }
}
