package dev.tokenward.simulate;

/** The three products' logs, written into one spool. */
record Sinks(OktaLog okta, EntraLog entra, CloudTrailLog cloudTrail) {

    static Sinks into(Spool spool, Geography geography) {
        return new Sinks(new OktaLog(spool, geography), new EntraLog(spool, geography), new CloudTrailLog(spool));
    }
}
