package io.github.ssebroadcast.benchmarks.runner;

import java.util.List;

import io.github.ssebroadcast.benchmarks.runner.SystemResults.RampStep;

/**
 * What the relay scenario measured: the same clients, at the same rates, all on one instance
 * without the relay, and spread over two instances that relay every event through Redis,
 * each event published to the first of them; and whether the relay meets its goals: it adds
 * under {@value #ADDED_P50_GOAL_MILLIS} ms to the p50 latency, and two instances deliver at
 * least as many events a second as one.
 *
 * @param clients the clients, in all
 * @param one the clients on one instance, without the relay
 * @param two the clients spread over two instances, with the relay
 */
record RelayComparison(int clients, Setup one, Setup two) {

	/** What the relay may add to the p50 latency at each fixed rate, in milliseconds: less than this. */
	static final double ADDED_P50_GOAL_MILLIS = 5;

	RelayComparison {
		if (one.rates().size() != two.rates().size()) {
			throw new IllegalArgumentException("Both setups must be measured at the same rates");
		}
	}

	/**
	 * Return the peak of two instances over that of one, which the goal wants at least 1.
	 * @return the ratio, or not a number when one instance passed no step
	 */
	double peakRatio() {
		return (this.one.peak() > 0) ? this.two.peak() / this.one.peak() : Double.NaN;
	}

	/**
	 * Return what the relay added to the p50 latency at one of the fixed rates.
	 * @param rate the index of the rate
	 * @return milliseconds, negative when two instances were faster
	 */
	double addedP50Millis(int rate) {
		return this.two.rates().get(rate).p50Millis() - this.one.rates().get(rate).p50Millis();
	}

	/**
	 * Return the most the relay added to the p50 latency over the fixed rates.
	 * @return milliseconds, or not a number when a rate has no latency
	 */
	double mostAddedP50Millis() {
		double most = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < this.one.rates().size(); i++) {
			double added = addedP50Millis(i);
			if (Double.isNaN(added)) {
				return Double.NaN;
			}
			most = Math.max(most, added);
		}
		return Double.isInfinite(most) ? Double.NaN : most;
	}

	/**
	 * Whether the relay added less than the goal to the p50 latency at every fixed rate,
	 * with no delivery lost at any of them in either setup.
	 * @return whether the latency goal is met
	 */
	boolean meetsLatencyGoal() {
		return mostAddedP50Millis() < ADDED_P50_GOAL_MILLIS && this.one.lost() == 0 && this.two.lost() == 0;
	}

	/**
	 * Whether two instances delivered at least as many events a second as one, with no loss.
	 * @return whether the peak goal is met
	 */
	boolean meetsPeakGoal() {
		return peakRatio() >= 1;
	}

	/**
	 * One of the two setups.
	 *
	 * @param name what it is, for the report
	 * @param instances how many instances of the application the clients are spread over
	 * @param rates the latency at each fixed rate
	 * @param peak the highest deliveries per second of a ramp step that passed
	 * @param ramp the ramp's steps
	 */
	record Setup(String name, int instances, List<Rate> rates, double peak, List<RampStep> ramp) {

		/**
		 * Return the deliveries lost at the fixed rates, in all.
		 * @return the count
		 */
		long lost() {
			return this.rates.stream().mapToLong(Rate::lost).sum();
		}

	}

	/**
	 * The latency at one fixed rate.
	 *
	 * @param eventsPerSecond the rate events were published at
	 * @param deliveriesPerSecond deliveries per second achieved
	 * @param p50Millis median latency
	 * @param p99Millis 99th percentile latency
	 * @param lost deliveries missing after the grace time
	 * @param cpu the CPUs used meanwhile: by each instance, then by Redis when there is one
	 */
	record Rate(double eventsPerSecond, double deliveriesPerSecond, double p50Millis, double p99Millis, long lost,
			CpuMeter.Use cpu) {

	}

}
