package dev.tokenward.simulate;

import dev.tokenward.simulate.CloudTrailLog.Call;

import java.util.ArrayList;
import java.util.List;

/** The AWS API calls people, workloads and attackers make, grouped by habit. */
final class Apis {
    static final List<String> REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
            "eu-west-1", "eu-west-2", "eu-central-1", "eu-north-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
            "ap-northeast-1", "sa-east-1");
    static final List<String> BUCKETS = List.of("tidewater-raw-events", "tidewater-curated", "tidewater-athena-results",
            "tidewater-m365-backup", "tidewater-terraform-state", "tidewater-logs-archive", "tidewater-ml-features",
            "tidewater-exports", "tidewater-insights-web", "tidewater-cloudtrail-482910376154", "tidewater-data-lake-bronze",
            "tidewater-data-lake-silver", "tidewater-data-lake-gold", "tidewater-customer-uploads", "tidewater-reports",
            "tidewater-sagemaker-artifacts", "tidewater-glue-scripts", "tidewater-emr-logs", "tidewater-backups-db",
            "tidewater-config-history");
    static final List<String> ROLES = List.of("etl-worker", "reporting-batch", "m365-backup", "feature-store",
            "Okta-DataEngineering", "Okta-PowerUser", "Okta-ReadOnly", "Okta-Administrator", "github-actions-etl-pipeline",
            "github-actions-insights-web", "github-actions-infra-live", "github-actions-reporting-service",
            "AWSServiceRoleForSupport", "AWSServiceRoleForTrustedAdvisor", "AWSServiceRoleForECS", "lambda-report-mailer",
            "lambda-ingest-webhook", "glue-crawler", "sagemaker-execution", "OrganizationAccountAccessRole");

    /** What people click through in the console. */
    static final List<Call> CONSOLE = List.of(
            Call.of("ec2", "DescribeInstances", true), Call.of("ec2", "DescribeSecurityGroups", true),
            Call.of("ec2", "DescribeVpcs", true), Call.of("s3", "ListBuckets", true),
            Call.of("cloudwatch", "DescribeAlarms", true), Call.of("cloudwatch", "GetMetricData", true),
            Call.of("logs", "DescribeLogGroups", true), Call.of("logs", "FilterLogEvents", true),
            Call.of("athena", "StartQueryExecution", false).with("workGroup", "primary"),
            Call.of("athena", "GetQueryExecution", true), Call.of("athena", "GetQueryResults", true),
            Call.of("glue", "GetTables", true).with("databaseName", "curated"), Call.of("glue", "GetDatabases", true),
            Call.of("lambda", "ListFunctions20150331", true), Call.of("cloudformation", "DescribeStacks", true),
            Call.of("ecs", "ListClusters", true), Call.of("ecs", "DescribeServices", true).with("cluster", "insights-prod"),
            Call.of("health", "DescribeEventAggregates", true), Call.of("sts", "GetCallerIdentity", true));

    /** What engineers run from their terminals. */
    static final List<Call> CLI = List.of(
            Call.of("sts", "GetCallerIdentity", true), Call.of("s3", "ListBuckets", true),
            Call.of("ec2", "DescribeInstances", true), Call.of("logs", "FilterLogEvents", true)
                    .with("logGroupName", "/ecs/insights-api"),
            Call.of("ecr", "GetAuthorizationToken", true), Call.of("ssm", "GetParameter", true)
                    .with("name", "/insights/prod/feature-flags"),
            Call.of("athena", "StartQueryExecution", false).with("workGroup", "primary"),
            Call.of("athena", "GetQueryExecution", true), Call.of("glue", "GetTable", true).with("databaseName", "curated")
                    .with("name", "events_daily"));

    /** Rare but legitimate administration. */
    static final List<Call> ADMINISTRATION = List.of(
            Call.of("iam", "ListRoles", true), Call.of("iam", "GetRole", true).with("roleName", "etl-worker"),
            Call.of("iam", "CreateRole", false).with("roleName", "lambda-invoice-export"),
            Call.of("iam", "AttachRolePolicy", false).with("roleName", "lambda-invoice-export")
                    .with("policyArn", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
            Call.of("iam", "PutRolePolicy", false).with("roleName", "reporting-batch").with("policyName", "athena-results-write"),
            Call.of("ce", "GetCostAndUsage", true), Call.of("organizations", "DescribeOrganization", true),
            Call.of("kms", "DescribeKey", true));

    /** An instance's steady background: the SSM agent, secrets and keys. */
    static final Call SSM_HEARTBEAT = Call.of("ssm", "UpdateInstanceInformation", false);
    static final List<Call> INSTANCE = List.of(
            Call.of("kms", "Decrypt", true), Call.of("secretsmanager", "GetSecretValue", true)
                    .with("secretId", "arn:aws:secretsmanager:us-east-1:482910376154:secret:prod/warehouse-QK3h7Z"),
            Call.of("athena", "StartQueryExecution", false).with("workGroup", "etl"),
            Call.of("athena", "GetQueryExecution", true), Call.of("glue", "GetPartitions", true)
                    .with("databaseName", "raw").with("tableName", "events"),
            Call.of("sts", "GetCallerIdentity", true));

    /** A CI deployment. */
    static final List<Call> DEPLOY = List.of(
            Call.of("ecr", "GetAuthorizationToken", true), Call.of("ecr", "BatchCheckLayerAvailability", true),
            Call.of("ecr", "InitiateLayerUpload", false), Call.of("ecr", "CompleteLayerUpload", false),
            Call.of("ecr", "PutImage", false), Call.of("ecs", "RegisterTaskDefinition", false),
            Call.of("ecs", "UpdateService", false).with("cluster", "insights-prod"),
            Call.of("ecs", "DescribeServices", true).with("cluster", "insights-prod"),
            Call.of("cloudformation", "DescribeStacks", true));

    /** What someone holding a stolen key runs first. */
    static final List<Call> RECON = List.of(
            Call.of("sts", "GetCallerIdentity", true), Call.of("iam", "ListUsers", true), Call.of("iam", "ListRoles", true),
            Call.of("iam", "GetAccountAuthorizationDetails", true), Call.of("iam", "ListAttachedUserPolicies", true),
            Call.of("s3", "ListBuckets", true), Call.of("secretsmanager", "ListSecrets", true),
            Call.of("organizations", "DescribeOrganization", true), Call.of("ec2", "DescribeRegions", true),
            Call.of("guardduty", "ListDetectors", true), Call.of("cloudtrail", "DescribeTrails", true),
            Call.of("lambda", "ListFunctions20150331", true));

    /** What someone does from a desktop with an instance's key: look around, read what the instance reads. */
    static final List<Call> DESKTOP = List.of(Call.of("sts", "GetCallerIdentity", true), Call.of("s3", "ListBuckets", true),
            Call.of("s3", "GetBucketLocation", true).with("bucketName", "tidewater-curated"),
            Call.of("ec2", "DescribeInstances", true), Call.of("secretsmanager", "ListSecrets", true),
            Call.of("secretsmanager", "GetSecretValue", true)
                    .with("secretId", "arn:aws:secretsmanager:us-east-1:482910376154:secret:prod/warehouse-QK3h7Z"),
            Call.of("ssm", "GetParametersByPath", true).with("path", "/insights/prod"), Call.of("kms", "Decrypt", true));

    /** A replica's sync job: who it is, and the us-east-1 buckets it reads its configuration from. */
    static final List<Call> GLOBAL_SYNC = List.of(Call.of("sts", "GetCallerIdentity", true),
            Call.of("iam", "GetRole", true).with("roleName", "analytics-replica-eu"), Call.of("s3", "ListBuckets", true),
            Call.of("s3", "GetBucketLocation", true).with("bucketName", "tidewater-curated"),
            Call.of("s3", "GetBucketPolicy", true).with("bucketName", "tidewater-curated"));

    /** An engineer's work in the machine-learning sandbox account. */
    static final List<Call> SANDBOX = List.of(Call.of("sagemaker", "ListNotebookInstances", true),
            Call.of("sagemaker", "DescribeNotebookInstance", true).with("notebookInstanceName", "feature-exploration"),
            Call.of("sagemaker", "ListTrainingJobs", true), Call.of("s3", "ListBuckets", true),
            Call.of("ec2", "DescribeInstances", true), Call.of("logs", "FilterLogEvents", true)
                    .with("logGroupName", "/aws/sagemaker/TrainingJobs"), Call.of("ecr", "DescribeRepositories", true),
            Call.of("sts", "GetCallerIdentity", true));

    /** A nightly ETL's reads of the catalogue and the warehouse, run by the hundred. */
    static final List<Call> ETL = List.of(
            Call.of("glue", "GetTables", true).with("databaseName", "raw"), Call.of("glue", "GetTable", true)
                    .with("databaseName", "curated").with("name", "events_daily"),
            Call.of("glue", "GetPartitions", true).with("databaseName", "raw").with("tableName", "events"),
            Call.of("glue", "BatchCreatePartition", false).with("databaseName", "curated").with("tableName", "events_daily"),
            Call.of("athena", "StartQueryExecution", false).with("workGroup", "etl"), Call.of("athena", "GetQueryExecution", true),
            Call.of("athena", "GetQueryResults", true), Call.of("s3", "GetBucketLocation", true).with("bucketName", "tidewater-curated"),
            Call.of("dynamodb", "DescribeTable", true).with("tableName", "etl-watermarks"),
            Call.of("kms", "Decrypt", true), Call.of("secretsmanager", "GetSecretValue", true)
                    .with("secretId", "arn:aws:secretsmanager:us-east-1:482910376154:secret:prod/warehouse-QK3h7Z"));

    /** An hourly backup run: snapshots made, listed, tagged and pruned. */
    static final List<Call> BACKUP = List.of(
            Call.of("ec2", "DescribeInstances", true), Call.of("ec2", "DescribeVolumes", true),
            Call.of("ec2", "CreateSnapshot", false), Call.of("ec2", "CreateTags", false),
            Call.of("ec2", "DescribeSnapshots", true), Call.of("ec2", "DeleteSnapshot", false),
            Call.of("rds", "DescribeDBInstances", true), Call.of("rds", "CreateDBSnapshot", false),
            Call.of("rds", "DescribeDBSnapshots", true), Call.of("rds", "DeleteDBSnapshot", false));

    /** A weekly cost report: cost explorer, then every region's inventory. */
    static final List<Call> REPORT = List.of(
            Call.of("ce", "GetCostAndUsage", true), Call.of("ce", "GetCostForecast", true),
            Call.of("organizations", "ListAccounts", true), Call.of("ec2", "DescribeInstances", true),
            Call.of("ec2", "DescribeVolumes", true), Call.of("rds", "DescribeDBInstances", true),
            Call.of("s3", "ListBuckets", true), Call.of("lambda", "ListFunctions20150331", true),
            Call.of("elasticloadbalancing", "DescribeLoadBalancers", true), Call.of("ses", "SendRawEmail", false));

    private Apis() {
    }

    /** What an enumeration sweep repeats in every region. */
    static final List<Call> REGIONAL = List.of(Call.of("ec2", "DescribeInstances", true),
            Call.of("ec2", "DescribeSnapshots", true), Call.of("lambda", "ListFunctions20150331", true),
            Call.of("secretsmanager", "ListSecrets", true));

    /** An enumeration sweep's global part: every bucket's settings and every role's policies. */
    static List<Call> enumeration() {
        List<Call> calls = new ArrayList<>();
        for (String bucket : BUCKETS) {
            calls.add(Call.of("s3", "GetBucketAcl", true).with("bucketName", bucket));
            calls.add(Call.of("s3", "GetBucketPolicy", true).with("bucketName", bucket));
            calls.add(Call.of("s3", "GetBucketEncryption", true).with("bucketName", bucket));
            calls.add(Call.of("s3", "GetBucketPublicAccessBlock", true).with("bucketName", bucket));
        }
        for (String role : ROLES) {
            calls.add(Call.of("iam", "ListAttachedRolePolicies", true).with("roleName", role));
            calls.add(Call.of("iam", "ListRolePolicies", true).with("roleName", role));
        }
        return calls;
    }
}
