package dev.tokenward.event;

/** What kind of software made a request, judged from its user agent. */
public enum ClientClass {
    /** A person's web browser. */
    BROWSER,
    /** A native app on a phone or desktop (Outlook, Teams, Okta Verify). */
    MOBILE_APP,
    /** A cloud CLI or SDK (aws-cli, boto3, terraform, azure-cli, gcloud). */
    CLI_SDK,
    /** A general-purpose HTTP library or tool (python-requests, curl, Go-http-client, okhttp). */
    SCRIPT,
    /** A browser driven by a program (HeadlessChrome, PhantomJS, Puppeteer, Playwright, Selenium). */
    AUTOMATION,
    /** A crawler, a monitoring robot, or another service's servers calling on their own (a SaaS back end). */
    BOT,
    /** A known offensive or scanning tool (sqlmap, nuclei, ROADtools, AADInternals, ...). */
    ATTACK_TOOL,
    /** The cloud provider calling on a principal's behalf (AWS Internal, *.amazonaws.com, console back ends). */
    CLOUD_SERVICE,
    UNKNOWN
}
