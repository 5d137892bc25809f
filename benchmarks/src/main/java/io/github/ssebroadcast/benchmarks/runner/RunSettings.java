package io.github.ssebroadcast.benchmarks.runner;

import java.time.Duration;
import java.util.List;

/**
 * How long and how hard each scenario runs: a quick mode that fits in five minutes for the
 * four systems, and a full mode with longer steps and a finer ramp. The topics and replay
 * scenarios keep their clients, topics and rates in both modes; quick mode publishes for
 * less time.
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
 * @param topicClients clients in the topics scenario, each subscribed to one topic
 * @param topics topics in the topics scenario
 * @param topicRate topic publishes per second in the topics scenario, spread over the topics: the goal
 * @param topicWarmUp how long the topics scenario publishes before it measures
 * @param topicWarmUpRate topic publishes per second of the warm-up: enough that the server's JIT
 * compiler is done with the publishing path, not so many that the server falls behind
 * @param topicRampRates topic publishes per second of the steps before the goal, to find the rate the
 * server keeps up with when it does not keep up with the goal
 * @param topicRampStep how long each of those steps publishes
 * @param topicDuration how long the topics scenario publishes at the goal rate, to topics and then to
 * everyone
 * @param stormClients clients in the replay scenario
 * @param stormMissed events each client misses while it is away in the replay scenario
 * @param topicConnections publishing connections of the topics scenario, one request in flight on each
 * @param topicBatch events in each request when the topics scenario publishes at the goal rate in
 * batches
 * @param relayClients clients of the relay scenario, in all: on one instance, then spread over two
 * @param relayRates events per second at which the relay scenario measures latency, for as long as
 * the latency scenario measures, after its warm-up at the highest of them: rates well below the
 * peak, so that the latency is the path's and not a queue's
 */
record RunSettings(String mode, int clients, double latencyRate, Duration latencyWarmUp, Duration latencyDuration,
		double slowRate, int slowPadding, Duration slowDuration, int stalledClients, List<Integer> rampRates, Duration rampStep,
		int scaleClients, double scaleRate, Duration scaleDuration, int padding, int topicClients, int topics,
		double topicRate, Duration topicWarmUp, double topicWarmUpRate, List<Integer> topicRampRates,
		Duration topicRampStep,
		Duration topicDuration, int stormClients, int stormMissed, int topicConnections, int topicBatch,
		int relayClients, List<Integer> relayRates) {

	static RunSettings quick() {
		return new RunSettings("quick", 1000, 50, Duration.ofSeconds(5), Duration.ofSeconds(5), 50, 2000,
				Duration.ofSeconds(4), 500,
				List.of(10, 25, 50, 100, 150, 200, 300, 400, 500, 800, 1000, 1500, 2000),
				Duration.ofMillis(1500), 10_000, 10, Duration.ofSeconds(2), 16, 10_000, 1000, 10_000,
				Duration.ofSeconds(3), 2000, List.of(250, 500, 1000, 2000, 5000), Duration.ofSeconds(2),
				Duration.ofSeconds(5),
				10_000, 500, BenchmarkRunner.TOPIC_PUBLISHING_CONNECTIONS, BenchmarkRunner.TOPIC_BATCH, 2000,
				List.of(10, 50));
	}

	static RunSettings full() {
		return new RunSettings("full", 1000, 50, Duration.ofSeconds(10), Duration.ofSeconds(20), 50, 2000,
				Duration.ofSeconds(15), 500,
				List.of(10, 25, 40, 50, 75, 100, 125, 150, 175, 200, 250, 300, 350, 400, 450, 500, 600, 700, 800, 900, 1000,
						1150, 1300, 1500, 1750, 2000, 2500),
				Duration.ofSeconds(5), 10_000, 10, Duration.ofSeconds(10), 16, 10_000, 1000, 10_000,
				Duration.ofSeconds(5), 2000, List.of(250, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500),
				Duration.ofSeconds(5),
				Duration.ofSeconds(20), 10_000, 500, BenchmarkRunner.TOPIC_PUBLISHING_CONNECTIONS,
				BenchmarkRunner.TOPIC_BATCH, 2000, List.of(10, 50));
	}

	/**
	 * Return these settings with other publishing connections and batches for the topics
	 * scenario.
	 * @param connections the number of connections
	 * @param batch the events in each request of its batches
	 * @return the settings
	 */
	RunSettings withTopicPublishing(int connections, int batch) {
		return new RunSettings(this.mode, this.clients, this.latencyRate, this.latencyWarmUp, this.latencyDuration,
				this.slowRate, this.slowPadding, this.slowDuration, this.stalledClients, this.rampRates, this.rampStep,
				this.scaleClients, this.scaleRate, this.scaleDuration, this.padding, this.topicClients, this.topics,
				this.topicRate, this.topicWarmUp, this.topicWarmUpRate, this.topicRampRates, this.topicRampStep,
				this.topicDuration, this.stormClients, this.stormMissed, connections, batch, this.relayClients,
				this.relayRates);
	}

	/**
	 * Return the rate at which broadcasting to every client of the topics scenario makes as
	 * many deliveries as its topic publishes do: each topic has {@code topicClients / topics}
	 * subscribers, so that is {@code topicRate / topics} events per second.
	 * @return events per second
	 */
	double topicBroadcastRate() {
		return this.topicRate / this.topics;
	}

	/**
	 * Return the requests per second the topics scenario sends at its goal rate in batches:
	 * a batch holds the events of one block of {@code topicBatch} topics in each round of
	 * them, the last block shorter when the size does not divide the topics.
	 * @return requests per second
	 */
	double topicBatchRequestRate() {
		int blocks = (this.topics + this.topicBatch - 1) / this.topicBatch;
		return this.topicRate / this.topics * blocks;
	}

}
