package dev.tokenward.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The world's land as one SVG path, in an equirectangular projection of {@link #WIDTH} by
 * {@link #HEIGHT} units, read once from Natural Earth's 1:110m land as the world-atlas package
 * ships it (TopoJSON: quantised, delta-encoded arcs shared by polygons; see {@code land-110m.NOTICE}).
 */
final class WorldMap {
    static final int WIDTH = 720;
    static final int HEIGHT = 360;

    private WorldMap() {
    }

    /** The path data of the land, computed on first use. */
    static String land() {
        return Land.PATH;
    }

    /** Where a point lies on the map: x from longitude, y from latitude. */
    static double x(double longitude) {
        return (longitude + 180) * WIDTH / 360.0;
    }

    static double y(double latitude) {
        return (90 - latitude) * HEIGHT / 180.0;
    }

    private static final class Land {
        static final String PATH = read();

        private static String read() {
            try (InputStream in = WorldMap.class.getResourceAsStream("land-110m.json")) {
                if (in == null) {
                    throw new IllegalStateException("land-110m.json is missing from the build");
                }
                JsonNode topology = Json.mapper().readTree(in);
                List<double[][]> arcs = arcs(topology);
                StringBuilder path = new StringBuilder(64 * 1024);
                for (JsonNode geometry : topology.get("objects").get("land").get("geometries")) {
                    JsonNode polygons = geometry.get("arcs");
                    boolean multi = "MultiPolygon".equals(geometry.get("type").asText());
                    for (JsonNode polygon : multi ? polygons : List.of(polygons)) {
                        for (JsonNode ring : polygon) {
                            ring(ring, arcs, path);
                        }
                    }
                }
                return path.toString();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled world map", e);
            }
        }

        /** Every arc in degrees: positions are quantised and each after the first is a delta from the one before. */
        private static List<double[][]> arcs(JsonNode topology) {
            JsonNode transform = topology.get("transform");
            double sx = transform.get("scale").get(0).asDouble();
            double sy = transform.get("scale").get(1).asDouble();
            double tx = transform.get("translate").get(0).asDouble();
            double ty = transform.get("translate").get(1).asDouble();
            List<double[][]> arcs = new ArrayList<>();
            for (JsonNode arc : topology.get("arcs")) {
                double[][] points = new double[arc.size()][2];
                long qx = 0;
                long qy = 0;
                for (int i = 0; i < arc.size(); i++) {
                    qx += arc.get(i).get(0).asLong();
                    qy += arc.get(i).get(1).asLong();
                    points[i][0] = qx * sx + tx;
                    points[i][1] = qy * sy + ty;
                }
                arcs.add(points);
            }
            return arcs;
        }

        /**
         * One closed ring: its arcs in order, a negative index ~i meaning arc i reversed. A ring
         * that crosses the antimeridian is drawn open, broken where it jumps across the map.
         */
        private static void ring(JsonNode ring, List<double[][]> arcs, StringBuilder path) {
            boolean first = true;
            boolean broken = false;
            double lastLongitude = 0;
            for (JsonNode index : ring) {
                int i = index.asInt();
                double[][] arc = arcs.get(i < 0 ? ~i : i);
                for (int p = 0; p < arc.length; p++) {
                    double[] point = arc[i < 0 ? arc.length - 1 - p : p];
                    if (!first && p == 0) {
                        continue;
                    }
                    boolean jump = !first && Math.abs(point[0] - lastLongitude) > 180;
                    broken |= jump;
                    path.append(first || jump ? 'M' : 'L').append(String.format(Locale.ROOT, "%.1f,%.1f", x(point[0]), y(point[1])));
                    lastLongitude = point[0];
                    first = false;
                }
            }
            if (!broken) {
                path.append('Z');
            }
        }
    }
}
