package io.github.ssebroadcast.benchmarks.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures one system reached in a run, keyed by {@link Figure}, and the steps of its
 * rate ramp for the chart.
 */
final class SystemResults {

	final SystemUnderTest system;

	final Map<Figure, Double> values = new LinkedHashMap<>();

	final Map<Figure, String> notes = new LinkedHashMap<>();

	final List<RampStep> ramp = new ArrayList<>();

	final List<String> errors = new ArrayList<>();

	SystemResults(SystemUnderTest system) {
		this.system = system;
	}

	void put(Figure figure, double value) {
		this.values.put(figure, value);
	}

	void note(Figure figure, String note) {
		this.notes.put(figure, note);
	}

	Double get(Figure figure) {
		return this.values.get(figure);
	}

	/**
	 * One step of the rate ramp.
	 *
	 * @param offered deliveries per second asked for: events per second times clients
	 * @param delivered deliveries per second achieved
	 * @param p50Millis median latency
	 * @param p99Millis 99th percentile latency
	 * @param lost deliveries missing after the grace time
	 * @param passed whether the step met the no-loss, keeping-up criteria
	 */
	record RampStep(double offered, double delivered, double p50Millis, double p99Millis, long lost, boolean passed) {

	}

	/**
	 * The figures in the table, in order. Each says which way is better, so that ratios
	 * read as "how many times better the starter is".
	 */
	enum Figure {

		PEAK("peak", "peak deliveries/s with no loss (1,000 clients)", true, "%,.0f"),

		LATENCY_P50("latency", "p50 latency at 50 events/s, 1,000 clients (ms)", false, "%.1f"),

		LATENCY_P99("latency", "p99 latency at 50 events/s, 1,000 clients (ms)", false, "%.1f"),

		LATENCY_P999("latency", "p99.9 latency at 50 events/s, 1,000 clients (ms)", false, "%.1f"),

		LATENCY_LOST("latency", "deliveries lost at 50 events/s", false, "%,.0f"),

		HEADERS_AT_CONNECT("latency", "clients with response headers 3 s after connecting (of 1,000)", true, "%,.0f"),

		SLOW_P99_WITHOUT("slow clients", "p99 of 1,000 readers, no stalled clients (ms)", false, "%.1f"),

		SLOW_P99_WITH("slow clients", "p99 of 1,000 readers with 500 stalled clients (ms)", false, "%.1f"),

		SLOW_RATIO("slow clients", "p99 with stalled / p99 without (goal <= 1.5)", false, "%.2f"),

		SLOW_LOST("slow clients", "deliveries lost by the 1,000 readers", false, "%,.0f"),

		SLOW_DROPPED("slow clients", "stalled clients dropped when flooded, readers gone (of 500)", true, "%,.0f"),

		SLOW_ENDED("slow clients", "stalled streams the server ended (of 500)", true, "%,.0f"),

		SLOW_RSS_GROWTH("slow clients", "server RSS growth while stalled clients connected (MiB)", false, "%.1f"),

		SHUTDOWN_STALLED("shutdown", "graceful shutdown with 500 stalled clients (s)", false, "%.1f"),

		SCALE_CONNECT("scale", "time to connect 10,000 clients (s)", false, "%.2f"),

		SCALE_SUBSCRIBED("scale", "clients the server reports subscribed (of 10,000)", true, "%,.0f"),

		SCALE_LOST("scale", "deliveries lost at 10 events/s to 10,000 clients", false, "%,.0f"),

		SCALE_P99("scale", "p99 latency at 10 events/s, 10,000 clients (ms)", false, "%.1f"),

		SCALE_RSS("scale", "RSS growth per idle connection (KiB)", false, "%.1f"),

		SCALE_HEAP("scale", "live heap per idle connection after GC (KiB)", false, "%.1f"),

		SCALE_THREADS("scale", "server threads with 10,000 clients", false, "%,.0f");

		final String scenario;

		final String label;

		final boolean higherIsBetter;

		final String format;

		Figure(String scenario, String label, boolean higherIsBetter, String format) {
			this.scenario = scenario;
			this.label = label;
			this.higherIsBetter = higherIsBetter;
			this.format = format;
		}

	}

}
