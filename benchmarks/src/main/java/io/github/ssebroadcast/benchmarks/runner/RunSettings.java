package io.github.ssebroadcast.benchmarks.runner;

import java.time.Duration;
import java.util.List;

/**
 * How long and how hard each scenario runs: a quick mode that fits in five minutes for the
 * four systems, and a full mode with longer steps and a finer ramp.
 *
 * @param mode the mode's name
 * @param clients reading clients in the latency, slow-client and peak scenarios
 * @param latencyRate events per second in the latency scenario
 * @param latencyWarmUp how long the latency scenario publishes at the same rate before it
 * measures, so that the servers' JIT compilers are done with the publishing path
 * @param latencyDuration how long the latency scenario publishes
 * @param slowRate events per second in the slow-client scenario
 * @param slowPadding padding of each event in the slow-client scenario, so that stalled
 * clients fill their socket buffers within the scenario
 * @param slowDuration how long each half of the slow-client scenario publishes
 * @param stalledClients clients that never read
 * @param rampRates events per second of each ramp step
 * @param rampStep how long each ramp step publishes
 * @param scaleClients clients in the scale scenario
 * @param scaleRate events per second in the scale scenario
 * @param scaleDuration how long the scale scenario publishes
 * @param padding padding of each event elsewhere, for events of about 60 bytes on the wire
 */
record RunSettings(String mode, int clients, double latencyRate, Duration latencyWarmUp, Duration latencyDuration,
		double slowRate, int slowPadding, Duration slowDuration, int stalledClients, List<Integer> rampRates, Duration rampStep,
		int scaleClients, double scaleRate, Duration scaleDuration, int padding) {

	static RunSettings quick() {
		return new RunSettings("quick", 1000, 50, Duration.ofSeconds(5), Duration.ofSeconds(5), 50, 2000,
				Duration.ofSeconds(4), 500,
				List.of(10, 25, 50, 100, 150, 200, 300, 400, 500, 800, 1000, 1500, 2000),
				Duration.ofMillis(1500), 10_000, 10, Duration.ofSeconds(2), 16);
	}

	static RunSettings full() {
		return new RunSettings("full", 1000, 50, Duration.ofSeconds(10), Duration.ofSeconds(20), 50, 2000,
				Duration.ofSeconds(15), 500,
				List.of(10, 25, 40, 50, 75, 100, 125, 150, 175, 200, 250, 300, 350, 400, 450, 500, 600, 700, 800, 900, 1000,
						1150, 1300, 1500, 1750, 2000, 2500),
				Duration.ofSeconds(5), 10_000, 10, Duration.ofSeconds(10), 16);
	}

}
