package io.github.ssebroadcast.benchmarks.runner;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.github.ssebroadcast.benchmarks.runner.RelayComparison.Rate;
import io.github.ssebroadcast.benchmarks.runner.RelayComparison.Setup;
import io.github.ssebroadcast.benchmarks.runner.SystemResults.Figure;
import io.github.ssebroadcast.benchmarks.runner.SystemResults.RampStep;
import io.github.ssebroadcast.benchmarks.runner.SystemResults.TopicStep;

/**
 * The results of a run as one Markdown table, each figure of each system with the starter's
 * ratio to it, the relay scenario's comparison side by side, plus the ramps' steps as CSV.
 */
final class Report {

	private final RunSettings settings;

	private final List<SystemResults> results;

	private final Machine before;

	private final Machine after;

	private final Duration elapsed;

	private final String arguments;

	Report(RunSettings settings, List<SystemResults> results, Machine before, Machine after, Duration elapsed,
			String arguments) {
		this.settings = settings;
		this.results = results;
		this.before = before;
		this.after = after;
		this.elapsed = elapsed;
		this.arguments = arguments;
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("## SSE fan-out benchmark (").append(this.settings.mode()).append(" mode)\n\n");
		md.append("Run ").append(Instant.now()).append(", ").append(this.elapsed.toSeconds()).append(" s, `java -jar benchmarks/target/benchmarks.jar ")
			.append(this.arguments)
			.append("`\n\n");
		md.append("- Machine: ").append(this.before.cpu()).append("; ").append(this.before.memory()).append(" memory\n");
		md.append("- Java: ").append(this.before.java()).append("; servers run with `")
			.append(String.join(" ", BenchmarkRunner.SERVER_JVM_OPTIONS))
			.append("`, load generator in the runner's JVM, all on 127.0.0.1\n");
		md.append("- Load average before / after: ").append(this.before.loadAverage()).append(" / ")
			.append(this.after.loadAverage()).append("\n");
		md.append("- Systems: ");
		for (int i = 0; i < this.results.size(); i++) {
			SystemUnderTest system = this.results.get(i).system;
			md.append((i > 0) ? "; " : "").append("`").append(system.name()).append("` ").append(system.description());
		}
		md.append("\n\n");
		SystemResults starter = this.results.stream()
			.filter((r) -> r.system.equals(SystemUnderTest.STARTER))
			.findFirst()
			.orElse(null);
		md.append("| scenario | figure |");
		this.results.forEach((r) -> md.append(' ').append(r.system.name()).append(" |"));
		if (starter != null) {
			this.results.stream()
				.filter((r) -> r != starter)
				.forEach((r) -> md.append(" starter vs ").append(r.system.name()).append(" |"));
		}
		md.append("\n|---|---|");
		this.results.forEach((r) -> md.append("---:|"));
		if (starter != null) {
			this.results.stream().filter((r) -> r != starter).forEach((r) -> md.append("---:|"));
		}
		md.append('\n');
		for (Figure figure : Figure.values()) {
			md.append("| ").append(figure.scenario).append(" | ").append(figure.label)
				.append(figure.higherIsBetter ? " ↑" : " ↓").append(" |");
			for (SystemResults r : this.results) {
				Double value = r.get(figure);
				md.append(' ').append((value != null) ? format(figure, value) : "–").append(" |");
			}
			if (starter != null) {
				for (SystemResults r : this.results) {
					if (r != starter) {
						md.append(' ').append(ratio(figure, starter.get(figure), r.get(figure))).append(" |");
					}
				}
			}
			md.append('\n');
		}
		md.append("\nRatios say how many times better the starter is (above 1: better; ↑ higher is better, ↓ lower is "
				+ "better).\n");
		for (SystemResults r : this.results) {
			for (String error : r.errors) {
				md.append("\n- `").append(r.system.name()).append("` failed: ").append(error);
			}
			for (String skipped : r.skipped) {
				md.append("\n- `").append(r.system.name()).append("` skipped ").append(skipped);
			}
		}
		appendTopicSteps(md);
		appendRelay(md);
		md.append("\n\n### Scenarios\n\n");
		RunSettings s = this.settings;
		md.append(String.format(Locale.ROOT,
				"Before the first system, the load generator runs %d s at %.0f events/s against the raw NIO peer, "
						+ "so that its own JIT compilation is done; nothing of that run is kept.%n%n",
				BenchmarkRunner.LOAD_GENERATOR_WARM_UP.toSeconds(), s.latencyRate()));
		md.append(String.format(Locale.ROOT,
				"- **latency**: %,d clients, after %d s of warm-up at the same rate, %.0f events/s for %d s, events of about 60 bytes; publish-to-receipt "
						+ "latency of every delivery, measured from the time each event was due (open loop); lost means "
						+ "not received within 2 s of the end of publishing. "
						+ "Headers: how many clients got response headers within %d s of connecting, before any event.%n",
				s.clients(), s.latencyWarmUp().toSeconds(), s.latencyRate(), s.latencyDuration().toSeconds(),
				BenchmarkRunner.HEADERS_WAIT.toSeconds()));
		md.append(String.format(Locale.ROOT,
				"- **slow clients**: the same %,d clients, after %d s of warm-up with the same events, at %.0f events/s of about %,d bytes for %d s, then again with %d more "
						+ "clients that never read (4 KiB receive buffer), after the same warm-up with them connected. Their p99 and loss; server RSS growth. "
						+ "Then the readers leave and %,d events of about %,d bytes go to the stalled clients alone "
						+ "within %.1f s, more than their sockets and a 1,000-event or 1 MB queue hold: how many the server dropped "
						+ "from its count, and how many of their streams it had ended once they read again.%n",
				s.clients(), BenchmarkRunner.SLOW_WARM_UP.toSeconds(), s.slowRate(), s.slowPadding() + 60, s.slowDuration().toSeconds(), s.stalledClients(),
				BenchmarkRunner.FLOOD_EVENTS, BenchmarkRunner.FLOOD_PADDING + 60,
				BenchmarkRunner.FLOOD_TIME.toMillis() / 1000.0));
		md.append(String.format(Locale.ROOT,
				"- **peak**: a fresh server, %,d clients, open-loop publishing at rising rates (%s events/s, %.1f s each). "
						+ "A step passes when every client gets every event, once and in order, and deliveries keep up "
						+ "with at least %.0f%% of the offered rate; the figure is the highest delivered rate of a passing "
						+ "step; the ramp stops after two failed steps in a row.%n",
				s.clients(), BenchmarkRunner.join(s.rampRates().stream().map(String::valueOf).toList()),
				s.rampStep().toMillis() / 1000.0, BenchmarkRunner.KEEP_UP * 100));
		md.append(String.format(Locale.ROOT,
				"- **shutdown**: a fresh server (the starter with `overflow-policy=drop-oldest`, so that clients "
						+ "that overflow stay connected), %,d clients that never read, then the same %,d events of "
						+ "about %,d bytes within %.1f s, then SIGTERM: the time until the process exits (a graceful "
						+ "shutdown where the system has one; killed after %d s).%n",
				s.stalledClients(), BenchmarkRunner.FLOOD_EVENTS, BenchmarkRunner.FLOOD_PADDING + 60,
				BenchmarkRunner.FLOOD_TIME.toMillis() / 1000.0, BenchmarkRunner.SHUTDOWN_WAIT.toSeconds()));
		md.append(String.format(Locale.ROOT,
				"- **scale**: a fresh server (the emitter loop with `server.tomcat.max-connections=%d`; the starter with "
						+ "its defaults), warmed up by 500 "
						+ "clients that connect and leave, then %,d clients "
						+ "connected at once, then %.0f events/s for %d s. Memory per connection is the growth of RSS "
						+ "and of the heap left after a full GC, divided by the clients.%n",
				BenchmarkRunner.TOMCAT_MAX_CONNECTIONS, s.scaleClients(), s.scaleRate(),
				s.scaleDuration().toSeconds()));
		md.append(String.format(Locale.ROOT,
				"- **topics** (the starter only): a fresh server, %,d clients each subscribed to one of %,d topics "
						+ "(`?topic=`, %,d clients a topic), then %,.0f topic publishes/s, each to the next topic in turn, "
						+ "over %d kept-alive connections with one request in flight on each, for %d s, after %d s of "
						+ "warm-up at %,d/s and steps of %d s at %s/s. Every client must get every event of its topic, "
						+ "once and in order, and none of another; latency from each event's due time, so that it "
						+ "includes any wait for a publishing connection. Then the same clients with %.0f events/s "
						+ "broadcast to all of them for %d s, as many deliveries. Then %,.0f topic publishes/s again "
						+ "for %d s, after %d s at that rate, in batches of %d events a request (`POST "
						+ "/api/broadcast/batch`, %,.0f requests/s) over the same connections: a batch holds the "
						+ "consecutive events of one block of %d topics and goes when its last event is due, each "
						+ "event's latency still counted from its own due time; all of a block's batches go through "
						+ "one connection, so that each topic's events must still arrive in order.%n",
				s.topicClients(), s.topics(), s.topicClients() / s.topics(), s.topicRate(),
				s.topicConnections(), s.topicDuration().toSeconds(),
				s.topicWarmUp().toSeconds(), (int) s.topicWarmUpRate(), s.topicRampStep().toSeconds(),
				BenchmarkRunner.join(s.topicRampRates().stream().map((rate) -> String.format(Locale.ROOT, "%,d", rate)).toList()),
				s.topicBroadcastRate(), s.topicDuration().toSeconds(), s.topicRate(), s.topicDuration().toSeconds(),
				BenchmarkRunner.SLOW_WARM_UP.toSeconds(), s.topicBatch(), s.topicBatchRequestRate(), s.topicBatch()));
		md.append(String.format(Locale.ROOT,
				"- **replay** (the starter only): a fresh server, warmed up by 500 clients that resume once and "
						+ "leave; %,d clients connect at once (at most 256 attempts in flight): the time until every "
						+ "one has its `connected` event. They get %.0f events/s for %d s, then all drop their "
						+ "connections (reset), %,d events are published to everyone, and all reconnect at once with "
						+ "`Last-Event-ID` set to the last id each received: the time until every one has every event "
						+ "it missed, and whether each got exactly those (announced `replayed` count, no gap, no "
						+ "duplicate, order, no `reset`); then %.0f events/s for %d s live. Events go through one "
						+ "publishing connection, so that each client must receive them in the order of their "
						+ "sequence numbers. Server RSS is read every %d ms during the connects and the storm.%n",
				s.stormClients(), BenchmarkRunner.STORM_LIVE_RATE, BenchmarkRunner.STORM_LIVE_TIME.toSeconds(),
				s.stormMissed(), BenchmarkRunner.STORM_LIVE_RATE, BenchmarkRunner.STORM_LIVE_TIME.toSeconds(),
				RssSampler.INTERVAL.toMillis()));
		md.append(String.format(Locale.ROOT,
				"- **relay** (the sample application only, when named, with `redis-server` installed): %,d clients "
						+ "on a fresh instance without the relay; then the same clients spread over two fresh "
						+ "instances, every other client on each, with `sse.broadcast.relay.type=redis` and a fresh "
						+ "`redis-server` on a free loopback port (`--save '' --appendonly no`), every event published "
						+ "to the first instance, so that each goes through Redis to both. Each setup: %d s of warm-up "
						+ "at the highest rate, then %s events/s, each for %d s after %d s at it, then the peak's "
						+ "ramp. Goals: "
						+ "the relay adds under %.0f ms to the p50 at each rate; two instances deliver at least as "
						+ "many events a second as one. All processes share this machine's %d CPUs.%n",
				s.relayClients(), s.latencyWarmUp().toSeconds(),
				BenchmarkRunner.join(s.relayRates().stream().map(String::valueOf).toList()),
				s.latencyDuration().toSeconds(), BenchmarkRunner.SLOW_WARM_UP.toSeconds(),
				RelayComparison.ADDED_P50_GOAL_MILLIS,
				Runtime.getRuntime().availableProcessors()));
		return md.toString();
	}

	/**
	 * The relay scenario's setups side by side, one table per system that ran it, then
	 * their ramps' steps.
	 */
	private void appendRelay(StringBuilder md) {
		for (SystemResults r : this.results) {
			RelayComparison relay = r.relay;
			if (relay == null) {
				continue;
			}
			Setup one = relay.one();
			Setup two = relay.two();
			md.append("\n\n### Several instances over Redis: `").append(r.system.name()).append("`\n\n");
			md.append(String.format(Locale.ROOT, "| %,d clients | %s | %s | two against one |%n", relay.clients(),
					one.name(), two.name()));
			md.append("|---|---:|---:|---:|\n");
			md.append(String.format(Locale.ROOT, "| peak deliveries/s with no loss | %,.0f | %,.0f | %s (goal >= 1) |%n",
					one.peak(), two.peak(), Double.isNaN(relay.peakRatio()) ? "–"
							: String.format(Locale.ROOT, "%.2f×", relay.peakRatio())));
			for (int i = 0; i < one.rates().size(); i++) {
				Rate a = one.rates().get(i);
				Rate b = two.rates().get(i);
				String at = String.format(Locale.ROOT, "at %,.0f events/s (%,.0f deliveries/s)", a.eventsPerSecond(),
						a.eventsPerSecond() * relay.clients());
				md.append(String.format(Locale.ROOT, "| p50 / p99 latency %s (ms) | %.1f / %.1f | %.1f / %.1f | %+.1f ms "
						+ "at p50 (goal < %.0f) |%n", at, a.p50Millis(), a.p99Millis(), b.p50Millis(), b.p99Millis(),
						relay.addedP50Millis(i), RelayComparison.ADDED_P50_GOAL_MILLIS));
				md.append(String.format(Locale.ROOT, "| deliveries/s and deliveries lost %s | %,.0f, %,d lost | %,.0f, "
						+ "%,d lost | |%n", at, a.deliveriesPerSecond(), a.lost(), b.deliveriesPerSecond(), b.lost()));
				md.append(String.format(Locale.ROOT, "| CPUs used %s: instances / Redis / load generator / other | %s | "
						+ "%s | |%n", at, cpus(a.cpu(), one), cpus(b.cpu(), two)));
			}
			md.append(String.format(Locale.ROOT, "%nGoals in this run: the relay added under %.0f ms to the p50 at "
					+ "every rate, with no loss: **%s**; two instances delivered at least as many events a second as "
					+ "one: **%s**. CPUs, here and in the ramp's steps below: instances / Redis / load generator / "
					+ "other, each CPU time over the step's wall time, user and system (the machine has %d); "
					+ "instances: each one's; other: the machine's busy time less the rest.%n",
					RelayComparison.ADDED_P50_GOAL_MILLIS, relay.meetsLatencyGoal() ? "met" : "not met",
					relay.meetsPeakGoal() ? "met" : "not met", Runtime.getRuntime().availableProcessors()));
			md.append(String.format(Locale.ROOT, "%n| events/s | %1$s: delivered/s | p50 / p99 (ms) | lost | passed "
					+ "| CPUs | %2$s: delivered/s | p50 / p99 (ms) | lost | passed | CPUs |%n", one.name(), two.name()));
			md.append("|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---:|\n");
			for (int i = 0; i < Math.max(one.ramp().size(), two.ramp().size()); i++) {
				RampStep step = (i < one.ramp().size()) ? one.ramp().get(i) : two.ramp().get(i);
				md.append(String.format(Locale.ROOT, "| %,.0f | %s | %s |%n", step.offered() / relay.clients(),
						rampCells(one, i), rampCells(two, i)));
			}
		}
	}

	private static String cpus(CpuMeter.Use cpu, Setup setup) {
		List<Double> servers = cpu.servers();
		StringBuilder instances = new StringBuilder();
		double redis = 0;
		for (int i = 0; i < servers.size(); i++) {
			if (i < setup.instances()) {
				instances.append((i > 0) ? " + " : "").append(String.format(Locale.ROOT, "%.2f", servers.get(i)));
			}
			else {
				redis += servers.get(i);
			}
		}
		return String.format(Locale.ROOT, "%s / %s / %.2f / %.2f", instances,
				(servers.size() > setup.instances()) ? String.format(Locale.ROOT, "%.2f", redis) : "–", cpu.load(),
				cpu.others());
	}

	private static String rampCells(Setup setup, int index) {
		if (index >= setup.ramp().size()) {
			return "– | – | – | – | –";
		}
		RampStep step = setup.ramp().get(index);
		return String.format(Locale.ROOT, "%,.0f | %.1f / %.1f | %,d | %s | %s", step.delivered(), step.p50Millis(),
				step.p99Millis(), step.lost(), step.passed() ? "yes" : "no", cpus(step.cpu(), setup));
	}

	/**
	 * The topics scenario's rates, one table per system that ran it: CPU shows who ran out
	 * of it on a machine that the server, the clients and the publisher share.
	 */
	private void appendTopicSteps(StringBuilder md) {
		for (SystemResults r : this.results) {
			if (r.topicSteps.isEmpty()) {
				continue;
			}
			md.append("\n\n### Topic publishing rates: `").append(r.system.name()).append("`\n\n");
			md.append("| topic publishes/s asked | answered/s | deliveries/s | p50 (ms) | p99 (ms) | max (ms) | lost "
					+ "| server CPUs | load generator CPUs | other CPUs | kept up |\n");
			md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
			for (TopicStep step : r.topicSteps) {
				md.append(String.format(Locale.ROOT,
						"| %,.0f%s | %,.0f | %,.0f | %.1f | %.1f | %.1f | %,d | %.2f | %.2f | %.2f | %s |%n", step.offered(),
						(step.batch() != BenchmarkRunner.NO_BATCH) ? " in batches of " + step.batch() : "", step.answered(),
						step.delivered(), step.p50Millis(), step.p99Millis(), step.maxMillis(), step.lost(), step.serverCpu(),
						step.loadCpu(), step.otherCpu(), step.keptUp() ? "yes" : "no"));
			}
			md.append(String.format(Locale.ROOT, "%nKept up: no loss, at least %.0f%% of the rate answered, p99 under %.0f ms. "
					+ "CPUs: CPU time over the step's wall time, user and system (the machine has %d); other: the "
					+ "machine's busy time less the server's and the load generator's, other processes that ran "
					+ "meanwhile included.",
					BenchmarkRunner.KEEP_UP * 100, BenchmarkRunner.TOPIC_P99_GOAL_MILLIS,
					Runtime.getRuntime().availableProcessors()));
		}
	}

	String rampCsv() {
		StringBuilder csv = new StringBuilder(
				"system,offered_deliveries_per_s,delivered_per_s,p50_ms,p99_ms,lost,passed,server_cpus,load_cpus,other_cpus\n");
		for (SystemResults r : this.results) {
			for (RampStep step : r.ramp) {
				appendRampStep(csv, r.system.name(), step);
			}
			if (r.relay != null) {
				for (Setup setup : List.of(r.relay.one(), r.relay.two())) {
					for (RampStep step : setup.ramp()) {
						appendRampStep(csv, r.system.name() + " relay scenario: " + setup.name(), step);
					}
				}
			}
		}
		return csv.toString();
	}

	private static void appendRampStep(StringBuilder csv, String name, RampStep step) {
		csv.append(String.format(Locale.ROOT, "%s,%.0f,%.0f,%.2f,%.2f,%d,%s,%.2f,%.2f,%.2f%n", name, step.offered(),
				step.delivered(), step.p50Millis(), step.p99Millis(), step.lost(), step.passed(), step.cpu().server(),
				step.cpu().load(), step.cpu().others()));
	}

	private static String format(Figure figure, double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		return String.format(Locale.ROOT, figure.format, value);
	}

	private static String ratio(Figure figure, Double starter, Double other) {
		if (starter == null || other == null || starter.isNaN() || other.isNaN()) {
			return "–";
		}
		double ratio;
		if (figure.higherIsBetter) {
			if (other == 0) {
				return (starter == 0) ? "=" : "∞";
			}
			ratio = starter / other;
		}
		else {
			if (starter == 0) {
				return (other == 0) ? "=" : "∞";
			}
			ratio = other / starter;
		}
		return String.format(Locale.ROOT, "%.2f×", ratio);
	}

}
