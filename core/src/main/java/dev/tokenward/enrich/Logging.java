package dev.tokenward.enrich;

/**
 * yauaa logs through the log4j API; without a log4j implementation on the class path the API
 * complains on standard error at every start. Tokenward routes it to log4j's simple logger at
 * warning level unless the user chose otherwise.
 */
final class Logging {
    private Logging() {
    }

    static void quietLog4j() {
        if (System.getProperty("log4j2.loggerContextFactory") == null) {
            System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
            System.setProperty("org.apache.logging.log4j.simplelog.level", "WARN");
            System.setProperty("log4j2.statusLoggerLevel", "OFF");
        }
    }
}
