package dev.tokenward.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenward.source.auth0.Auth0Mapper;
import dev.tokenward.source.azure.AzureActivityMapper;
import dev.tokenward.source.bitwarden.BitwardenMapper;
import dev.tokenward.source.cloudtrail.CloudTrailMapper;
import dev.tokenward.source.duo.DuoMapper;
import dev.tokenward.source.entra.EntraMapper;
import dev.tokenward.source.eslogger.EsloggerMapper;
import dev.tokenward.source.gcp.GcpAuditMapper;
import dev.tokenward.source.keyvault.KeyVaultMapper;
import dev.tokenward.source.lastpass.LastPassMapper;
import dev.tokenward.source.m365.UnifiedAuditMapper;
import dev.tokenward.source.okta.OktaMapper;
import dev.tokenward.source.onelogin.OneLoginMapper;
import dev.tokenward.source.osquery.OsqueryMapper;
import dev.tokenward.source.ocsf.OcsfMapper;
import dev.tokenward.source.proxy.ProxyMapper;
import dev.tokenward.source.zeek.ZeekMapper;
import dev.tokenward.source.onepassword.OnePasswordMapper;
import dev.tokenward.source.workspace.WorkspaceMapper;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The formats Tokenward reads: one package and one mapper each, registered here and nowhere else. */
public enum Format {
    CLOUDTRAIL("cloudtrail", "AWS CloudTrail", CloudTrailMapper::new),
    OKTA("okta", "Okta System Log", OktaMapper::new),
    ENTRA("entra", "Microsoft Entra ID sign-in and audit logs", EntraMapper::new),
    ONEPASSWORD("onepassword", "1Password Events API", OnePasswordMapper::new),
    BITWARDEN("bitwarden", "Bitwarden Public API events", BitwardenMapper::new),
    LASTPASS("lastpass", "LastPass Enterprise reporting API events", LastPassMapper::new),
    KEYVAULT("keyvault", "Azure Key Vault audit logs", KeyVaultMapper::new),
    GCP("gcp", "Google Cloud Audit Logs", GcpAuditMapper::new),
    AZURE("azure", "Azure Activity Log", AzureActivityMapper::new),
    WORKSPACE("workspace", "Google Workspace Reports API activities", WorkspaceMapper::new),
    AUTH0("auth0", "Auth0 tenant logs", Auth0Mapper::new),
    DUO("duo", "Duo authentication logs", DuoMapper::new),
    M365("m365", "Microsoft 365 unified audit log", UnifiedAuditMapper::new),
    OSQUERY("osquery", "osquery results log", OsqueryMapper::new),
    ZEEK("zeek", "Zeek logs (JSON)", ZeekMapper::new),
    ESLOGGER("eslogger", "macOS eslogger (Endpoint Security) JSON", EsloggerMapper::new),
    ONELOGIN("onelogin", "OneLogin events", OneLoginMapper::new),
    PROXY("proxy", "Web proxy access logs (Squid, Cloudflare Gateway)", ProxyMapper::new),
    OCSF("ocsf", "OCSF Authentication and API Activity events", OcsfMapper::new);

    private final String id;
    private final String title;
    private final RecordMapper mapper;

    Format(String id, String title, Supplier<RecordMapper> mapper) {
        this.id = id;
        this.title = title;
        this.mapper = mapper.get();
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public RecordMapper mapper() {
        return mapper;
    }

    public static Optional<Format> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }

    /** The format whose mapper recognises this record. */
    public static Optional<Format> detect(JsonNode record) {
        return Arrays.stream(values()).filter(f -> f.mapper.recognizes(record)).findFirst();
    }

    /** CloudTrail digest files sit beside the logs, sign them, and hold no events. */
    static boolean isCloudTrailDigest(JsonNode record) {
        return field(record, "digestStartTime") != null && field(record, "digestSignatureAlgorithm") != null;
    }

    /** Tokenward's own ground-truth files (tokenward evaluate) can sit beside the logs they describe. */
    static boolean isGroundTruth(JsonNode record) {
        return field(record, "storyline") != null && field(record, "analytics") != null
                || "population".equals(text(record, "type")) && field(record, "principals") != null;
    }

    /** A field of a tree by name, ignoring case. */
    public static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        String wanted = name.toLowerCase(Locale.ROOT);
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(wanted)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** Text of a field of a tree by name, ignoring case; null when absent, null or empty. */
    public static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isEmpty() ? null : text;
    }
}
