package dev.tokenward.simulate;

/** The three products' logs, written into one spool. */
record Sinks(OktaLog okta, EntraLog entra, CloudTrailLog cloudTrail) {

    static Sinks into(Spool spool) {
        return new Sinks(new OktaLog(spool), new EntraLog(spool), new CloudTrailLog(spool));
    }
}
