package dev.tokenward.simulate;

/** The products' logs, written into one spool, and the witness that tells decoys about their records. */
record Sinks(OktaLog okta, EntraLog entra, CloudTrailLog cloudTrail, OnePasswordLog onePassword, Witness witness) {

    static Sinks into(Spool spool, Geography geography) {
        Witness witness = new Witness();
        return new Sinks(new OktaLog(spool, geography, witness), new EntraLog(spool, geography, witness),
                new CloudTrailLog(spool, witness), new OnePasswordLog(spool, geography, witness), witness);
    }
}
