package dev.tokenward.respond;

import dev.tokenward.signal.Incident;
import dev.tokenward.signal.Triage;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Carries out an incident's containment actions through the providers' APIs, one after the other,
 * recording each: the actions an incident's plan lists (see containment.tsv), and only those.
 * Steps without an action are a person's to do; {@code respond} prints them.
 */
public final class Responder implements AutoCloseable {

    /**
     * Where the providers are and how to reach them. A provider left unconfigured cannot carry out
     * its actions: {@link #missing} says which.
     *
     * @param oktaOrg      the Okta org's URL
     * @param oktaToken    an Okta API token
     * @param graph        Microsoft Graph's endpoint
     * @param graphToken   a Graph access token
     * @param awsEndpoint  an IAM endpoint to use instead of AWS's (a test server); null for AWS's own
     * @param awsCredentials AWS credentials; null for the SDK's default chain (environment, profile, instance role)
     */
    public record Providers(String oktaOrg, String oktaToken, String graph, String graphToken, URI awsEndpoint,
                            AwsCredentialsProvider awsCredentials) {
    }

    private final Providers settings;
    private final List<Provider> providers = new ArrayList<>();
    private IamClient iam;

    public Responder(Providers settings) {
        this.settings = settings;
        if (settings.oktaOrg() != null && settings.oktaToken() != null) {
            providers.add(new OktaProvider(settings.oktaOrg(), settings.oktaToken()));
        }
        if (settings.graph() != null && settings.graphToken() != null) {
            providers.add(new GraphProvider(settings.graph(), settings.graphToken()));
        }
        providers.add(new AwsProvider(iamClient()));
    }

    private IamClient iamClient() {
        var builder = IamClient.builder().region(Region.AWS_GLOBAL).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(settings.awsCredentials() != null ? settings.awsCredentials() : DefaultCredentialsProvider.builder().build());
        if (settings.awsEndpoint() != null) {
            builder.endpointOverride(settings.awsEndpoint());
        }
        iam = builder.build();
        return iam;
    }

    /** What each action would send, without sending anything; "not configured: ..." for a provider missing its settings. */
    public List<String> describe(Incident incident, Instant cutoff) {
        List<String> described = new ArrayList<>();
        for (Triage.Action action : incident.actions()) {
            described.add(provider(action).map(p -> p.describe(action, cutoff)).orElse("not configured: " + needs(action)));
        }
        return described;
    }

    /** The settings the incident's actions need and lack, in words; empty when everything can be carried out. */
    public List<String> missing(Incident incident) {
        return incident.actions().stream().filter(a -> provider(a).isEmpty()).map(Responder::needs).distinct().toList();
    }

    /**
     * Carries out every action of the incident, in the plan's order, handing each result to
     * {@code audit} as it comes; one that fails does not stop the next.
     *
     * @param cutoff sessions issued before this are denied (the time of the response)
     */
    public List<AuditRecord> execute(Incident incident, Instant cutoff, Consumer<AuditRecord> audit) {
        List<AuditRecord> records = new ArrayList<>();
        for (Triage.Action action : incident.actions()) {
            Optional<Provider> provider = provider(action);
            Outcome outcome = provider.isPresent() ? provider.get().execute(action, cutoff)
                    : Outcome.failed("nothing", "not configured: " + needs(action));
            AuditRecord record = new AuditRecord(Instant.now(), incident.id(), action.action(), action.subject(), action.credential(),
                    outcome.request(), outcome.status(), outcome.detail());
            audit.accept(record);
            records.add(record);
        }
        return records;
    }

    private Optional<Provider> provider(Triage.Action action) {
        return providers.stream().filter(p -> p.handles(action.action())).findFirst();
    }

    private static String needs(Triage.Action action) {
        return switch (action.action()) {
            case OktaProvider.CLEAR_SESSIONS -> "Okta needs --okta-org and OKTA_API_TOKEN in the environment";
            case GraphProvider.REVOKE_SESSIONS -> "Microsoft Graph needs GRAPH_TOKEN in the environment (an access token with User.RevokeSessions.All)";
            default -> "no provider carries out " + action.action();
        };
    }

    @Override
    public void close() {
        if (iam != null) {
            iam.close();
        }
    }
}
