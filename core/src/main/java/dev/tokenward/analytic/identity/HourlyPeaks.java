package dev.tokenward.analytic.identity;

import dev.tokenward.analytic.identity.MassApiAccess.Settings;
import dev.tokenward.analytic.identity.MassApiAccess.State;

import java.util.Arrays;

/**
 * Mass-api-access's baseline of one principal: the busiest window of each of its last active hours,
 * and the robust threshold (median and median absolute deviation) drawn from them; kept apart so
 * that the statistics read in one place.
 */
final class HourlyPeaks {
    private static final int HISTORY = 48;

    private HourlyPeaks() {
    }

    /** Keeps the closing hour's busiest window, if it had calls, in a ring of the last {@value #HISTORY}. */
    static void closeHour(State state) {
        if (state.hourPeak > 0) {
            if (state.peaks == null) {
                state.peaks = new int[HISTORY];
            }
            state.peaks[state.next] = state.hourPeak;
            state.next = (state.next + 1) % HISTORY;
            state.size = Math.min(HISTORY, state.size + 1);
        }
        state.hourPeak = 0;
    }

    /** Median + deviations × scaled MAD of recent hourly peaks; four times minCalls while learning. */
    static double threshold(State state, Settings settings) {
        if (state.size < settings.learningHours()) {
            return 4.0 * settings.minCalls() - 1;
        }
        int[] peaks = Arrays.copyOf(state.size == HISTORY ? state.peaks : Arrays.copyOf(state.peaks, state.size), state.size);
        double median = median(peaks);
        int[] deviations = new int[peaks.length];
        for (int i = 0; i < peaks.length; i++) {
            deviations[i] = (int) Math.round(Math.abs(peaks[i] - median));
        }
        double mad = Math.max(1.0, 1.4826 * median(deviations));
        return Math.max(settings.minCalls() - 1, median + settings.deviations() * mad);
    }

    static double median(int[] values) {
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
