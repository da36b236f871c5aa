package dev.tokenward.enrich;

import dev.tokenward.event.IpAddress;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Address ranges to autonomous systems, as sorted arrays searched by halving: built once by
 * {@code tokenward geo update} from the ip-location-db ASN ranges (RouteViews, NRO and DB-IP data,
 * published as CSV), written in a compact file of our own, and loaded in a fraction of a second.
 */
final class AsnTable {
    private static final int MAGIC = 0x54574153;
    private static final int VERSION = 1;

    private final long[] v4Start;
    private final long[] v4End;
    private final int[] v4Asn;
    private final int[] v4Org;
    private final long[] v6StartHigh;
    private final long[] v6StartLow;
    private final long[] v6EndHigh;
    private final long[] v6EndLow;
    private final int[] v6Asn;
    private final int[] v6Org;
    private final String[] organizations;

    private AsnTable(long[] v4Start, long[] v4End, int[] v4Asn, int[] v4Org, long[] v6StartHigh, long[] v6StartLow,
                     long[] v6EndHigh, long[] v6EndLow, int[] v6Asn, int[] v6Org, String[] organizations) {
        this.v4Start = v4Start;
        this.v4End = v4End;
        this.v4Asn = v4Asn;
        this.v4Org = v4Org;
        this.v6StartHigh = v6StartHigh;
        this.v6StartLow = v6StartLow;
        this.v6EndHigh = v6EndHigh;
        this.v6EndLow = v6EndLow;
        this.v6Asn = v6Asn;
        this.v6Org = v6Org;
        this.organizations = organizations;
    }

    int size() {
        return v4Start.length + v6StartHigh.length;
    }

    AutonomousSystem lookup(IpAddress ip) {
        if (ip.v4()) {
            int i = Arrays.binarySearch(v4Start, ip.low());
            i = i >= 0 ? i : -i - 2;
            return i >= 0 && ip.low() <= v4End[i] ? new AutonomousSystem(Integer.toUnsignedLong(v4Asn[i]), organizations[v4Org[i]]) : null;
        }
        int low = 0;
        int high = v6StartHigh.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (compare(v6StartHigh[mid], v6StartLow[mid], ip.high(), ip.low()) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (found >= 0 && compare(ip.high(), ip.low(), v6EndHigh[found], v6EndLow[found]) <= 0) {
            return new AutonomousSystem(Integer.toUnsignedLong(v6Asn[found]), organizations[v6Org[found]]);
        }
        return null;
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int byHigh = Long.compareUnsigned(aHigh, bHigh);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(aLow, bLow);
    }

    static AsnTable read(Path file) throws IOException {
        try {
            return readTable(file);
        } catch (RuntimeException | java.io.EOFException corrupt) {
            throw new IOException(file + " is damaged (" + corrupt + "); run tokenward geo update", corrupt);
        }
    }

    private static AsnTable readTable(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file + " is not an ASN table of this version of Tokenward; run tokenward geo update");
            }
            String[] organizations = new String[in.readInt()];
            for (int i = 0; i < organizations.length; i++) {
                organizations[i] = in.readUTF();
            }
            int v4 = in.readInt();
            long[] v4Start = new long[v4];
            long[] v4End = new long[v4];
            int[] v4Asn = new int[v4];
            int[] v4Org = new int[v4];
            for (int i = 0; i < v4; i++) {
                v4Start[i] = in.readInt() & 0xFFFFFFFFL;
                v4End[i] = in.readInt() & 0xFFFFFFFFL;
                v4Asn[i] = in.readInt();
                v4Org[i] = in.readInt();
            }
            int v6 = in.readInt();
            long[] startHigh = new long[v6];
            long[] startLow = new long[v6];
            long[] endHigh = new long[v6];
            long[] endLow = new long[v6];
            int[] v6Asn = new int[v6];
            int[] v6Org = new int[v6];
            for (int i = 0; i < v6; i++) {
                startHigh[i] = in.readLong();
                startLow[i] = in.readLong();
                endHigh[i] = in.readLong();
                endLow[i] = in.readLong();
                v6Asn[i] = in.readInt();
                v6Org[i] = in.readInt();
            }
            return new AsnTable(v4Start, v4End, v4Asn, v4Org, startHigh, startLow, endHigh, endLow, v6Asn, v6Org, organizations);
        }
    }

    /** Collects ranges (in any order) and writes the table. */
    static final class Builder {
        private final List<long[]> v4 = new ArrayList<>();
        private final List<long[]> v6 = new ArrayList<>();
        private final Map<String, Integer> organizations = new HashMap<>();
        private final List<String> names = new ArrayList<>();

        void add(IpAddress start, IpAddress end, long asn, String organization) {
            if (asn < 0 || asn > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("AS number out of range: " + asn);
            }
            if (start.v4() != end.v4()) {
                throw new IllegalArgumentException("range " + start + " - " + end + " mixes IPv4 and IPv6");
            }
            int org = organizations.computeIfAbsent(organization == null ? "" : organization, name -> {
                names.add(name);
                return names.size() - 1;
            });
            if (start.v4()) {
                v4.add(new long[] {start.low(), end.low(), asn, org});
            } else {
                v6.add(new long[] {start.high(), start.low(), end.high(), end.low(), asn, org});
            }
        }

        int size() {
            return v4.size() + v6.size();
        }

        void write(Path file) throws IOException {
            v4.sort((a, b) -> Long.compare(a[0], b[0]));
            v6.sort((a, b) -> compare(a[0], a[1], b[0], b[1]));
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(names.size());
                for (String name : names) {
                    out.writeUTF(name.length() > 200 ? name.substring(0, 200) : name);
                }
                out.writeInt(v4.size());
                for (long[] r : v4) {
                    out.writeInt((int) r[0]);
                    out.writeInt((int) r[1]);
                    out.writeInt((int) r[2]);
                    out.writeInt((int) r[3]);
                }
                out.writeInt(v6.size());
                for (long[] r : v6) {
                    out.writeLong(r[0]);
                    out.writeLong(r[1]);
                    out.writeLong(r[2]);
                    out.writeLong(r[3]);
                    out.writeInt((int) r[4]);
                    out.writeInt((int) r[5]);
                }
            }
        }
    }
}
