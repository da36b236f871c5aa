package dev.tokenward.simulate;

import dev.tokenward.simulate.MacCatalog.Destination;
import dev.tokenward.simulate.MacCatalog.Process;

import java.time.Instant;

/**
 * One TCP connection a Mac's process opened: what osquery's {@code process_open_sockets} shows while
 * it is open at a query run, and what the office sensor logs when the Mac is on the office LAN. Its
 * end is moved earlier when the Mac falls asleep or leaves the network first; it then
 * {@code vanished} rather than closed, and Zeek only gives up on it after its inactivity timeout.
 */
final class MacConnection {
    final Process process;
    final int pid;
    final int parent;
    final Destination to;
    /** For plain HTTP on port 80: the request's path and user agent; null otherwise. */
    final String uri;
    final String agent;
    final String remote;
    final String local;
    final int localPort;
    final Instant start;
    final long sent;
    final long received;
    final String client;
    /** The attack storyline it belongs to, or null. */
    final String storyline;
    final boolean office;
    Instant end;
    boolean vanished;
    /** Some log holds it: a socket snapshot, osquery's socket events or the office sensor. */
    boolean logged;
    /**
     * A tampered updater's call to its own vendor: the attacker's code running, but nothing in the
     * connection tells it from the genuine updater's: logged, it shows the attack only with the replaced binary's signature.
     */
    boolean vendorCall;

    MacConnection(Process process, int pid, int parent, MacCatalog.Call call, String remote, String local, int localPort, Instant start,
                  Instant end, long sent, long received, String client, String storyline, boolean office) {
        this.process = process;
        this.pid = pid;
        this.parent = parent;
        this.to = call.to();
        this.uri = call.uri();
        this.agent = call.agent();
        this.remote = remote;
        this.local = local;
        this.localPort = localPort;
        this.start = start;
        this.end = end;
        this.sent = sent;
        this.received = received;
        this.client = client;
        this.storyline = storyline;
        this.office = office;
    }

    /** Cut short at {@code time}, when the Mac slept or changed networks with it open. */
    void cutAt(Instant time) {
        if (time.isBefore(end)) {
            end = time.isAfter(start) ? time : start.plusMillis(200);
            vanished = true;
        }
    }

    boolean openAt(Instant time) {
        return !time.isBefore(start) && time.isBefore(end);
    }
}
