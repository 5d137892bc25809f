package io.github.ssebroadcast.benchmarks.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures one system reached in a run, keyed by {@link Figure}, the steps of its rate
 * ramp for the chart, and what the relay scenario compared.
 */
final class SystemResults {

	final SystemUnderTest system;

	final Map<Figure, Double> values = new LinkedHashMap<>();

	final List<RampStep> ramp = new ArrayList<>();

	final List<TopicStep> topicSteps = new ArrayList<>();

	final List<String> errors = new ArrayList<>();

	/** Scenarios that did not run, each with the reason. */
	final List<String> skipped = new ArrayList<>();

	/** What the relay scenario measured, or {@code null} when it did not run. */
	RelayComparison relay;

	SystemResults(SystemUnderTest system) {
		this.system = system;
	}

	void put(Figure figure, double value) {
		this.values.put(figure, value);
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
	 * @param cpu the CPUs the servers, this process and the rest of the machine used meanwhile
	 */
	record RampStep(double offered, double delivered, double p50Millis, double p99Millis, long lost, boolean passed,
			CpuMeter.Use cpu) {

	}

	/**
	 * One rate of the topics scenario.
	 *
	 * @param offered topic publishes per second asked for
	 * @param batch events in each request to the batch endpoint, or
	 * {@link BenchmarkRunner#NO_BATCH} for one event in each request to the broadcast endpoint
	 * @param answered topic publishes per second the server answered
	 * @param delivered deliveries per second
	 * @param p50Millis median latency
	 * @param p99Millis 99th percentile latency
	 * @param maxMillis highest latency
	 * @param lost deliveries missing after the grace time
	 * @param serverCpu CPUs the server used meanwhile, on average
	 * @param loadCpu CPUs the load generator and publisher used meanwhile, on average
	 * @param otherCpu CPUs the rest of the machine used meanwhile, on average
	 */
	record TopicStep(double offered, int batch, double answered, double delivered, double p50Millis, double p99Millis,
			double maxMillis, long lost, double serverCpu, double loadCpu, double otherCpu) {

		/**
		 * Whether the server kept up: every delivery, 90% of the rate answered, and the
		 * latency goal met.
		 */
		boolean keptUp() {
			return this.lost == 0 && this.answered >= BenchmarkRunner.KEEP_UP * this.offered
					&& this.p99Millis < BenchmarkRunner.TOPIC_P99_GOAL_MILLIS;
		}

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

		SCALE_THREADS("scale", "server threads with 10,000 clients", false, "%,.0f"),

		TOPICS_KEPT_UP("topics", "highest topic publish rate kept up with, p99 < 50 ms, no loss (1,000 topics, 10 clients each)",
				true, "%,.0f"),

		TOPICS_PUBLISH_RATE("topics", "topic publishes/s the server answered when asked for 10,000/s (goal 10,000)",
				true, "%,.0f"),

		TOPICS_DELIVERIES("topics", "deliveries/s publishing 10,000 topic events/s", true, "%,.0f"),

		TOPICS_LOST("topics", "deliveries lost at 10,000 topic events/s (goal 0)", false, "%,.0f"),

		TOPICS_CLIENTS_SHORT("topics", "clients that missed an event of their topic at 10,000/s (of 10,000)", false, "%,.0f"),

		TOPICS_MISDELIVERED("topics", "events a client received for a topic it did not subscribe to", false, "%,.0f"),

		TOPICS_P50("topics", "p50 latency at 10,000 topic events/s (ms)", false, "%.1f"),

		TOPICS_P99("topics", "p99 latency at 10,000 topic events/s (goal < 50 ms)", false, "%.1f"),

		TOPICS_MAX("topics", "max latency at 10,000 topic events/s (ms)", false, "%.1f"),

		TOPICS_SERVER_CPU("topics", "server CPUs used at 10,000 topic events/s", false, "%.2f"),

		TOPICS_BROADCAST_DELIVERIES("topics", "deliveries/s broadcasting to all 10,000 at 10 events/s instead", true,
				"%,.0f"),

		TOPICS_BROADCAST_LOST("topics", "deliveries lost broadcasting", false, "%,.0f"),

		TOPICS_BROADCAST_P50("topics", "p50 latency broadcasting (ms)", false, "%.1f"),

		TOPICS_BROADCAST_P99("topics", "p99 latency broadcasting (ms)", false, "%.1f"),

		TOPICS_BROADCAST_MAX("topics", "max latency broadcasting (ms)", false, "%.1f"),

		TOPICS_BROADCAST_SERVER_CPU("topics", "server CPUs used broadcasting", false, "%.2f"),

		TOPICS_BATCH_PUBLISH_RATE("topics",
				"topic publishes/s the server answered when asked for 10,000/s in batches (goal 10,000)", true, "%,.0f"),

		TOPICS_BATCH_DELIVERIES("topics", "deliveries/s publishing 10,000 topic events/s in batches", true, "%,.0f"),

		TOPICS_BATCH_LOST("topics", "deliveries lost at 10,000 topic events/s in batches (goal 0)", false, "%,.0f"),

		TOPICS_BATCH_CLIENTS_SHORT("topics",
				"clients that missed an event of their topic at 10,000/s in batches (of 10,000)", false, "%,.0f"),

		TOPICS_BATCH_MISDELIVERED("topics",
				"events a client received for a topic it did not subscribe to, in batches", false, "%,.0f"),

		TOPICS_BATCH_P50("topics", "p50 latency at 10,000 topic events/s in batches (ms)", false, "%.1f"),

		TOPICS_BATCH_P99("topics", "p99 latency at 10,000 topic events/s in batches (goal < 50 ms)", false, "%.1f"),

		TOPICS_BATCH_MAX("topics", "max latency at 10,000 topic events/s in batches (ms)", false, "%.1f"),

		TOPICS_BATCH_SERVER_CPU("topics", "server CPUs used at 10,000 topic events/s in batches", false, "%.2f"),

		REPLAY_FRESH("replay", "10,000 fresh clients connecting at once: until every connected event (s)", false, "%.2f"),

		REPLAY_STORM_CONNECTED("replay", "10,000 clients resuming at once: until every connected event (s)", false,
				"%.2f"),

		REPLAY_STORM("replay", "10,000 clients resuming 500 events behind: until every missed event (s)", false, "%.2f"),

		REPLAY_FRESH_CPU("replay", "server CPU time for the fresh connects (s)", false, "%.2f"),

		REPLAY_STORM_CPU("replay", "server CPU time for the storm, until every missed event (s)", false, "%.2f"),

		REPLAY_EXACT("replay", "clients that got exactly their 500 missed events, in order, no reset (of 10,000)", true,
				"%,.0f"),

		REPLAY_RESETS("replay", "reset events received by resuming clients", false, "%,.0f"),

		REPLAY_LIVE_LOST("replay", "live deliveries lost after the storm", false, "%,.0f"),

		REPLAY_RSS_IDLE("replay", "server RSS before any client (MiB)", false, "%,.0f"),

		REPLAY_RSS_FRESH("replay", "server RSS peak while 10,000 clients connect fresh (MiB)", false, "%,.0f"),

		REPLAY_RSS_STORM("replay", "server RSS peak during the storm (MiB)", false, "%,.0f"),

		REPLAY_HEAP_BEFORE("replay", "live heap after GC, 10,000 clients, before they drop (MiB)", false, "%,.1f"),

		REPLAY_HEAP_AFTER("replay", "live heap after GC, 10,000 clients, after the storm (MiB)", false, "%,.1f"),

		RELAY_PEAK_ONE("relay", "peak deliveries/s with no loss, 2,000 clients on one instance", true, "%,.0f"),

		RELAY_PEAK_TWO("relay", "peak deliveries/s with no loss, 2,000 clients over two instances and Redis", true,
				"%,.0f"),

		RELAY_PEAK_RATIO("relay", "two instances over Redis / one instance, peak (goal >= 1)", true, "%.2f"),

		RELAY_ADDED_P50("relay", "p50 latency the relay added, most over the fixed rates (goal < 5 ms)", false,
				"%.1f"),

		RELAY_LOST("relay", "deliveries lost at the fixed rates over two instances and Redis", false, "%,.0f");

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
