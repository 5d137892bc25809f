package io.github.ssebroadcast.benchmarks.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.ssebroadcast.benchmarks.load.LoadGenerator;
import io.github.ssebroadcast.benchmarks.load.LoadGenerator.CatchUp;
import io.github.ssebroadcast.benchmarks.load.LoadGenerator.ConnectResult;
import io.github.ssebroadcast.benchmarks.load.LoadGenerator.Opened;
import io.github.ssebroadcast.benchmarks.load.LoadGenerator.StepResult;
import io.github.ssebroadcast.benchmarks.load.Publisher;
import io.github.ssebroadcast.benchmarks.load.Publisher.PublishResult;
import io.github.ssebroadcast.benchmarks.load.TopicSpread;
import io.github.ssebroadcast.benchmarks.runner.SystemResults.Figure;
import io.github.ssebroadcast.benchmarks.runner.SystemResults.RampStep;
import io.github.ssebroadcast.benchmarks.runner.SystemResults.TopicStep;

/**
 * Runs every scenario against every system, one system at a time, in one run, and prints
 * and writes the results. The topics and replay scenarios run against the starter only, on
 * whichever server: the other systems have neither topics nor replay. The relay scenario
 * runs only when {@code --scenarios=} names it, against the sample application only, the
 * one with Spring Data Redis, and needs {@code redis-server} installed; without it, it is
 * skipped, and says so.
 * <p>Options: {@code --quick} (default) or {@code --full}; {@code --systems=starter,webflux-sink}
 * to run some systems only, or {@code starter-jetty} and {@code starter-tomcat-min}, which run only
 * when named; {@code --scenarios=latency,relay} to run some scenarios only;
 * {@code --out=benchmarks/results}; {@code --sample-jar=...};
 * {@code --port=18200} (first of the ports used, one per system); {@code --io-threads=1};
 * {@code --jfr} to record each server with Java Flight Recorder next to its log;
 * {@code --starter-arg=--server.tomcat.threads.max=32} (repeatable) to pass an argument to
 * the starter, on Tomcat and on Jetty; {@code --topic-connections=50} for the publishing
 * connections of the topics scenario; {@code --topic-batch=10} for the events in each request
 * when the topics scenario publishes at its goal rate in batches (1 to 1,000).
 */
public final class BenchmarkRunner {

	/** The scenarios, in the order they run; {@code --scenarios=} picks some. */
	static final List<String> SCENARIOS = List.of("latency", "peak", "shutdown", "scale", "topics", "replay",
			"relay");

	/**
	 * The scenarios that run only when {@code --scenarios=} names them: the relay needs
	 * {@code redis-server}, and compares the starter with itself rather than with the others.
	 */
	static final List<String> NAMED_ONLY_SCENARIOS = List.of("relay");

	/** Starter arguments of the relay scenario's instances, followed by Redis's port. */
	static final List<String> RELAY_STARTER_ARGS = List.of("--sse.broadcast.relay.type=redis",
			"--spring.data.redis.host=127.0.0.1");

	/** Step of the first fixed rate of the relay scenario; the others follow. */
	private static final int RELAY_FIRST_STEP = 400;

	/**
	 * Starter arguments of the shutdown scenario: stalled clients that overflow keep their
	 * place, so that they are still connected, their sockets full, when the server stops.
	 */
	static final List<String> SHUTDOWN_STARTER_ARGS = List.of("--sse.broadcast.overflow-policy=drop-oldest");

	/** Longest a shutdown is waited for before the server is killed. */
	static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

	/** JVM options of every server, so that all get the same heap. */
	static final List<String> SERVER_JVM_OPTIONS = List.of("-Xms256m", "-Xmx2g", "-XX:+UseG1GC");

	/** Tomcat connection limit set for the scale scenario, above its default of 8192. */
	static final int TOMCAT_MAX_CONNECTIONS = 12_000;

	/** Open files the load generator needs for the scale scenario, with some to spare. */
	static final long MIN_OPEN_FILES = 10_500;

	/** Connections the publisher spreads its requests over, one in flight on each. */
	static final int PUBLISHING_CONNECTIONS = 16;

	/** A ramp step passes if the deliveries keep up with at least this share of the rate. */
	static final double KEEP_UP = 0.9;

	private static final Duration GRACE = Duration.ofSeconds(2);

	private static final int WARM_UP_CLIENTS = 500;

	/**
	 * How long clients wait for response headers before any event is published: a fresh
	 * server that answers 1,000 connections at once takes about a second. The peers that send
	 * no headers before the first event wait it out, so it is not longer than it needs to be.
	 */
	static final Duration HEADERS_WAIT = Duration.ofSeconds(3);

	/** How long the load generator warms up before the first system. */
	static final Duration LOAD_GENERATOR_WARM_UP = Duration.ofSeconds(4);

	/** How long the slow-client scenario's larger events are published before it measures. */
	static final Duration SLOW_WARM_UP = Duration.ofSeconds(2);

	/**
	 * Events published to the stalled clients alone: 16 MiB for each, more than Linux lets a
	 * loopback socket hold (about 4 MiB) plus the 256 events a server's queue holds, so that
	 * a server with an overflow policy must apply it.
	 */
	static final int FLOOD_EVENTS = 1000;

	/** How long the flood takes. */
	static final Duration FLOOD_TIME = Duration.ofMillis(500);

	/** Padding of each flood event: about 16 KiB. */
	static final int FLOOD_PADDING = 16 * 1024;

	/** How long to wait for the server's answers during the flood. */
	private static final Duration FLOOD_WAIT = Duration.ofSeconds(1);

	/** The topics scenario's goal for the p99 latency, in milliseconds. */
	static final double TOPIC_P99_GOAL_MILLIS = 50;

	/** Start of the name of every topic of the topics scenario. */
	static final String TOPIC_PREFIX = "bench-";

	/**
	 * Publishing connections of the topics scenario, one request in flight on each. Sixteen
	 * cannot take 10,000 publishes a second once the server also writes to 10,000 streams:
	 * each would need an answer every 1.6 ms. Fifty divides the 1,000 topics, so that each
	 * topic's events all go through one connection, in the order they were published, and
	 * each client's events must arrive in that order.
	 */
	static final int TOPIC_PUBLISHING_CONNECTIONS = 50;

	/**
	 * Events in each request when the topics scenario publishes at its goal rate in batches:
	 * 1,000 requests a second instead of 10,000, and the first event of a batch waits 0.9 ms
	 * for its last to be due.
	 */
	static final int TOPIC_BATCH = 10;

	/** Batch size of the topics scenario's steps that publish one event in each request. */
	static final int NO_BATCH = 0;

	/** Events per second every client of the replay scenario receives before it drops, and after the storm. */
	static final double STORM_LIVE_RATE = 10;

	/** How long those events are published. */
	static final Duration STORM_LIVE_TIME = Duration.ofSeconds(2);

	/**
	 * Rate the events the replay scenario's clients miss are due at: faster than one
	 * connection is answered, so they go out as fast as the server answers them.
	 */
	static final double STORM_MISSED_RATE = 2000;

	/** Longest the replay scenario waits for clients to connect or catch up. */
	static final Duration STORM_WAIT = Duration.ofSeconds(60);

	private final RunSettings settings;

	private final Path benchmarksJar;

	private final Path sampleJar;

	private final Path logs;

	private final int ioThreads;

	private final boolean jfr;

	private int starts;

	private final List<String> starterArgs;

	private final Set<String> scenarios;

	private BenchmarkRunner(RunSettings settings, Path benchmarksJar, Path sampleJar, Path logs, int ioThreads,
			boolean jfr, List<String> starterArgs, Set<String> scenarios) {
		this.jfr = jfr;
		this.scenarios = scenarios;
		this.starterArgs = starterArgs;
		this.settings = settings;
		this.benchmarksJar = benchmarksJar;
		this.sampleJar = sampleJar;
		this.logs = logs;
		this.ioThreads = ioThreads;
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		RunSettings settings = RunSettings.quick();
		Path out = Path.of("benchmarks", "results");
		Path sampleJar = null;
		int port = 18200;
		int ioThreads = 1;
		boolean jfr = false;
		List<String> starterArgs = new ArrayList<>();
		List<SystemUnderTest> systems = new ArrayList<>(SystemUnderTest.DEFAULT);
		Set<String> scenarios = defaultScenarios();
		Integer topicConnections = null;
		Integer topicBatch = null;
		for (String arg : args) {
			if (arg.equals("--full")) {
				settings = RunSettings.full();
			}
			else if (arg.equals("--quick")) {
				settings = RunSettings.quick();
			}
			else if (arg.startsWith("--out=")) {
				out = Path.of(value(arg));
			}
			else if (arg.startsWith("--sample-jar=")) {
				sampleJar = Path.of(value(arg));
			}
			else if (arg.startsWith("--port=")) {
				port = Integer.parseInt(value(arg));
			}
			else if (arg.startsWith("--starter-arg=")) {
				starterArgs.add(value(arg));
			}
			else if (arg.equals("--jfr")) {
				jfr = true;
			}
			else if (arg.startsWith("--topic-connections=")) {
				topicConnections = Integer.parseInt(value(arg));
				if (topicConnections <= 0) {
					throw new IllegalArgumentException("Bad number of topic publishing connections " + topicConnections);
				}
			}
			else if (arg.startsWith("--topic-batch=")) {
				topicBatch = Integer.parseInt(value(arg));
				if (topicBatch < 1 || topicBatch > Publisher.MAX_BATCH) {
					throw new IllegalArgumentException("Bad number of events in a topic batch " + topicBatch
							+ "; the batch endpoint takes 1 to " + Publisher.MAX_BATCH);
				}
			}
			else if (arg.startsWith("--io-threads=")) {
				ioThreads = Integer.parseInt(value(arg));
			}
			else if (arg.startsWith("--systems=")) {
				systems = new ArrayList<>();
				for (String name : value(arg).split(",")) {
					systems.add(SystemUnderTest.ALL.stream()
						.filter((system) -> system.name().equals(name))
						.findFirst()
						.orElseThrow(() -> new IllegalArgumentException("Unknown system " + name + "; --systems takes names from "
								+ join(SystemUnderTest.ALL.stream().map(SystemUnderTest::name).toList()))));
				}
			}
			else if (arg.startsWith("--scenarios=")) {
				scenarios = scenarios(value(arg));
			}
			else {
				throw new IllegalArgumentException("Unknown option " + arg
						+ "; use --quick, --full, --systems=, --scenarios=, --out=, --sample-jar=, --port=, --io-threads=, --jfr, "
						+ "--starter-arg=, --topic-connections=, --topic-batch=");
			}
		}
		// --full or --quick may come after them
		settings = settings.withTopicPublishing(
				(topicConnections != null) ? topicConnections : settings.topicConnections(),
				(topicBatch != null) ? topicBatch : settings.topicBatch());
		if (systems.isEmpty()) {
			throw new IllegalArgumentException("No system to run; --systems takes names from "
					+ join(SystemUnderTest.ALL.stream().map(SystemUnderTest::name).toList()));
		}
		Path benchmarksJar = Path.of(BenchmarkRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		if (sampleJar == null) {
			sampleJar = findSampleJar(benchmarksJar);
		}
		if (port < 1024 || port + systems.size() > 65535) {
			throw new IllegalArgumentException("Bad port " + port);
		}
		Path logs = benchmarksJar.getParent().resolve("benchmark-logs");
		Machine before = Machine.describe();
		System.out.printf("SSE fan-out benchmark, %s mode, %s%n%s%n", settings.mode(), Instant.now(), before);
		long openFiles = before.openFilesSoftLimit();
		if (openFiles >= 0 && openFiles < MIN_OPEN_FILES) {
			System.out.printf("Warning: the open-file limit is %d; the scale scenario needs about %d in this process "
					+ "and as many in each server: run 'ulimit -n 20000' first%n", openFiles, MIN_OPEN_FILES);
		}
		BenchmarkRunner runner = new BenchmarkRunner(settings, benchmarksJar, sampleJar, logs, ioThreads, jfr, starterArgs,
				scenarios);
		long start = System.nanoTime();
		runner.warmUpLoadGenerator(port + systems.size());
		List<SystemResults> results = new ArrayList<>();
		for (int i = 0; i < systems.size(); i++) {
			results.add(runner.run(systems.get(i), port + i));
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		Machine after = Machine.describe();
		Report report = new Report(settings, results, before, after, elapsed, String.join(" ", args));
		System.out.println();
		System.out.println(report.markdown());
		Files.createDirectories(out);
		Files.writeString(out.resolve("latest.md"), report.markdown());
		Files.writeString(out.resolve("latest-ramp.csv"), report.rampCsv());
		LatencyChart.write(results, out.resolve("latest.png"));
		System.out.println("Wrote " + out.resolve("latest.md") + ", " + out.resolve("latest-ramp.csv") + " and "
				+ out.resolve("latest.png") + " in " + elapsed.toSeconds() + " s");
		System.exit(0);
	}

	private static String value(String arg) {
		return arg.substring(arg.indexOf('=') + 1);
	}

	/**
	 * Return the scenarios a run runs unless told otherwise: all but those that run only
	 * when named.
	 * @return the scenarios, in the order they run
	 */
	static Set<String> defaultScenarios() {
		Set<String> scenarios = new LinkedHashSet<>(SCENARIOS);
		scenarios.removeAll(NAMED_ONLY_SCENARIOS);
		return scenarios;
	}

	/**
	 * Return the scenarios that {@code --scenarios=} names, in the order they run.
	 * @param names the names, separated by commas
	 * @return the scenarios
	 * @throws IllegalArgumentException if it names none
	 */
	static Set<String> scenarios(String names) {
		Set<String> scenarios = new LinkedHashSet<>(SCENARIOS);
		scenarios.retainAll(Arrays.asList(names.split(",")));
		if (scenarios.isEmpty()) {
			throw new IllegalArgumentException("No scenario to run; --scenarios takes names from " + join(SCENARIOS));
		}
		return scenarios;
	}

	private static Path findSampleJar(Path benchmarksJar) throws IOException {
		Path target = benchmarksJar.getParent().getParent().getParent().resolve("sample-app").resolve("target");
		try (var files = Files.list(target)) {
			return files.filter((file) -> file.getFileName().toString().matches("sample-app-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IOException("No sample-app jar in " + target + "; build it first"));
		}
		catch (IOException ex) {
			throw new IOException("No sample-app jar in " + target
					+ "; build it first (./mvnw -B -q package -DskipTests -pl sample-app,benchmarks -am)", ex);
		}
	}

	private SystemResults run(SystemUnderTest system, int port) {
		SystemResults results = new SystemResults(system);
		System.out.printf("%n== %s: %s (port %d)%n", system.name(), system.description(), port);
		try {
			if (this.scenarios.contains("latency")) {
				try (ServerProcess server = start(system, port, 0)) {
					latencyAndSlowClients(server, results);
				}
			}
			if (this.scenarios.contains("peak")) {
				try (ServerProcess server = start(system, port, 0)) {
					ramp(server, results);
				}
			}
			if (this.scenarios.contains("shutdown")) {
				try (ServerProcess server = start(system, port, 0, SHUTDOWN_STARTER_ARGS)) {
					shutdownWithStalledClients(server, results);
				}
			}
			if (this.scenarios.contains("scale")) {
				try (ServerProcess server = start(system, port, TOMCAT_MAX_CONNECTIONS)) {
					scale(server, results);
				}
			}
			if (this.scenarios.contains("topics") && startersOnly(system, "topics")) {
				try (ServerProcess server = start(system, port, TOMCAT_MAX_CONNECTIONS)) {
					topics(server, results);
				}
			}
			if (this.scenarios.contains("replay") && startersOnly(system, "replay")) {
				try (ServerProcess server = start(system, port, TOMCAT_MAX_CONNECTIONS)) {
					reconnectStorm(server, results);
				}
			}
			if (this.scenarios.contains("relay") && sampleOnly(system, "relay")) {
				relay(port, results);
			}
		}
		catch (Exception ex) {
			results.errors.add(ex.toString());
			System.out.println("   failed: " + ex);
		}
		return results;
	}

	private ServerProcess start(SystemUnderTest system, int port, int maxConnections) throws IOException {
		return start(system, port, maxConnections, List.of());
	}

	private ServerProcess start(SystemUnderTest system, int port, int maxConnections, List<String> starterArgs)
			throws IOException {
		List<String> options = new ArrayList<>(SERVER_JVM_OPTIONS);
		String name = system.name() + "-" + (++this.starts);
		if (this.jfr) {
			options.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
					+ this.logs.resolve(name + ".jfr"));
		}
		List<String> command = system.command(options, this.benchmarksJar, this.sampleJar, port, maxConnections);
		if (system.isStarter()) {
			command.addAll(starterArgs);
			command.addAll(this.starterArgs);
		}
		return ServerProcess.start(name, command, port, this.logs, Duration.ofSeconds(60));
	}

	/**
	 * Run the load generator against the raw NIO peer, whose results are not kept, so that
	 * this JVM's JIT compiler is done with the load generator before the first system is
	 * measured: otherwise whichever system runs first is measured with a cold load generator
	 * (p99 26 and 69 ms for the raw NIO peer run first, 14 to 31 ms run second).
	 */
	private void warmUpLoadGenerator(int port) {
		RunSettings s = this.settings;
		System.out.printf("%nWarming up the load generator against %s (port %d)%n", SystemUnderTest.RAW_NIO.name(), port);
		try (ServerProcess server = start(SystemUnderTest.RAW_NIO, port, 0);
				LoadGenerator load = new LoadGenerator(server.address(), "/sse/broadcast", this.ioThreads, PUBLISHING_CONNECTIONS);
				Publisher publisher = new Publisher(server.address(), "/api/broadcast", PUBLISHING_CONNECTIONS)) {
			check(load.connect(s.clients(), false, Duration.ofSeconds(10)));
			awaitSubscribed(publisher, s.clients());
			step(load, publisher, 0, s.latencyRate(), LOAD_GENERATOR_WARM_UP, s.padding(), s.clients());
		}
		catch (IOException ex) {
			System.out.println("   warm-up failed: " + ex);
		}
	}

	/**
	 * Latency at a moderate rate, then the same clients with and without stalled ones.
	 */
	private void latencyAndSlowClients(ServerProcess server, SystemResults results) throws IOException {
		RunSettings s = this.settings;
		try (LoadGenerator load = new LoadGenerator(server.address(), "/sse/broadcast", this.ioThreads, PUBLISHING_CONNECTIONS);
				Publisher publisher = new Publisher(server.address(), "/api/broadcast", PUBLISHING_CONNECTIONS)) {
			ConnectResult connect = load.connect(s.clients(), false, Duration.ofSeconds(10));
			check(connect);
			// headers must come without any event being published
			long headersFrom = System.nanoTime();
			int headers = load.awaitHeaders(s.clients(), HEADERS_WAIT);
			System.out.printf("   response headers before any event: %,d of %,d clients, after %.2f s%n", headers,
					s.clients(), (System.nanoTime() - headersFrom) / 1e9);
			results.put(Figure.HEADERS_AT_CONNECT, headers);
			awaitSubscribed(publisher, s.clients());
			// warm up the server's JIT with the same traffic; step 0 is not reported
			step(load, publisher, 0, s.latencyRate(), s.latencyWarmUp(), s.padding(), s.clients());
			StepResult latency = step(load, publisher, 1, s.latencyRate(), s.latencyDuration(), s.padding(),
					s.clients());
			results.put(Figure.LATENCY_P50, millis(latency, 50));
			results.put(Figure.LATENCY_P99, millis(latency, 99));
			results.put(Figure.LATENCY_P999, millis(latency, 99.9));
			results.put(Figure.LATENCY_LOST, latency.lost());
			print("latency", latency);

			// the larger events take paths of their own in the server (a flush per 8 KiB
			// buffer, say): warm those up too, or the run without stalled clients pays for it
			step(load, publisher, 0, s.slowRate(), SLOW_WARM_UP, s.slowPadding(), s.clients());
			StepResult without = step(load, publisher, 2, s.slowRate(), s.slowDuration(), s.slowPadding(),
					s.clients());
			print("slow: without stalled", without);
			long rssBefore = server.rssKiB();
			check(load.connect(s.stalledClients(), true, Duration.ofSeconds(10)));
			awaitSubscribed(publisher, s.clients() + s.stalledClients());
			// the same warm-up as the run without them: the server has just taken hundreds of
			// connections, and their sockets fill with the first events
			step(load, publisher, 0, s.slowRate(), SLOW_WARM_UP, s.slowPadding(), s.clients());
			StepResult with = step(load, publisher, 3, s.slowRate(), s.slowDuration(), s.slowPadding(), s.clients());
			long rssAfter = server.rssKiB();
			print("slow: with stalled", with);
			results.put(Figure.SLOW_DROPPED, flood(load, publisher, s.stalledClients()));
			int ended = load.stalledEndedByServer(Duration.ofSeconds(3));
			results.put(Figure.SLOW_P99_WITHOUT, millis(without, 99));
			results.put(Figure.SLOW_P99_WITH, millis(with, 99));
			results.put(Figure.SLOW_RATIO, millis(with, 99) / Math.max(0.001, millis(without, 99)));
			results.put(Figure.SLOW_LOST, with.lost());
			results.put(Figure.SLOW_ENDED, ended);
			results.put(Figure.SLOW_RSS_GROWTH, (rssAfter - rssBefore) / 1024.0);
			System.out.printf("   stalled streams the server ended: %d of %d; RSS %,d -> %,d KiB%n", ended,
					s.stalledClients(), rssBefore, rssAfter);
		}
	}

	/**
	 * Flood the stalled clients alone, once the readers have left, with more than their
	 * sockets and a server's queue can hold.
	 * @return how many of them the server dropped from its count
	 */
	private static int flood(LoadGenerator load, Publisher publisher, int stalled) throws IOException {
		load.closeReaders();
		int before = publisher.awaitAtMostConnected(stalled, Duration.ofSeconds(5));
		if (before < 0 || before > stalled) {
			System.out.printf("   flood: skipped, the server %s 5 s after the readers left%n",
					(before < 0) ? "answered no count" : "still counted " + before + " clients");
			return 0;
		}
		double rate = FLOOD_EVENTS * 1e9 / FLOOD_TIME.toNanos();
		publisher.publish(4, rate, FLOOD_TIME, FLOOD_PADDING, FLOOD_WAIT);
		int after = publisher.awaitAtMostConnected(0, FLOOD_WAIT);
		if (after < 0) {
			// the emitter loop writes on the publishing request's thread, which a stalled client blocks
			System.out.printf("   flood: the server answered no count within %d s after it; counted as none dropped%n",
					FLOOD_WAIT.toSeconds());
			return 0;
		}
		System.out.printf("   flood: the server counted %d clients before, %d after%n", before, after);
		return before - after;
	}

	/**
	 * Stop the server (SIGTERM, a graceful shutdown where the system has one) while clients
	 * that stopped reading are connected, their sockets full, and time it.
	 */
	private void shutdownWithStalledClients(ServerProcess server, SystemResults results) throws IOException {
		RunSettings s = this.settings;
		try (LoadGenerator load = new LoadGenerator(server.address(), "/sse/broadcast", this.ioThreads, PUBLISHING_CONNECTIONS);
				Publisher publisher = new Publisher(server.address(), "/api/broadcast", PUBLISHING_CONNECTIONS)) {
			check(load.connect(s.stalledClients(), true, Duration.ofSeconds(10)));
			awaitSubscribed(publisher, s.stalledClients());
			double rate = FLOOD_EVENTS * 1e9 / FLOOD_TIME.toNanos();
			publisher.publish(4, rate, FLOOD_TIME, FLOOD_PADDING, FLOOD_WAIT);
			Duration shutdown = server.stop(SHUTDOWN_WAIT);
			results.put(Figure.SHUTDOWN_STALLED, shutdown.toNanos() / 1e9);
			System.out.printf("   shutdown with %d stalled clients: %.1f s%n", s.stalledClients(), shutdown.toNanos() / 1e9);
		}
	}

	/**
	 * Rising rates until the system loses events or falls behind.
	 */
	private void ramp(ServerProcess server, SystemResults results) throws IOException {
		RunSettings s = this.settings;
		try (LoadGenerator load = new LoadGenerator(server.address(), "/sse/broadcast", this.ioThreads, PUBLISHING_CONNECTIONS);
				Publisher publisher = new Publisher(server.address(), "/api/broadcast", PUBLISHING_CONNECTIONS)) {
			check(load.connect(s.clients(), false, Duration.ofSeconds(10)));
			awaitSubscribed(publisher, s.clients());
			results.put(Figure.PEAK, rampUp(load, publisher, s.clients(), results.ramp, server));
		}
	}

	/**
	 * Publish at rising rates to clients that are connected, until the server loses events
	 * or falls behind twice in a row.
	 * @param steps receives each step
	 * @param servers the processes whose CPU to measure at each step
	 * @return the highest deliveries per second of a step that passed, or 0
	 */
	private double rampUp(LoadGenerator load, Publisher publisher, int clients, List<RampStep> steps,
			ServerProcess... servers) throws IOException {
		RunSettings s = this.settings;
		double peak = 0;
		int failures = 0;
		int step = 10;
		for (int rate : s.rampRates()) {
			CpuMeter cpu = CpuMeter.start(servers);
			PublishResult published = publisher.publish(step, rate, s.rampStep(), s.padding());
			StepResult result = load.awaitStep(step, published.fromSeq(), published.toSeq(), clients, GRACE);
			CpuMeter.Use used = cpu.stop();
			double seconds = Math.max(published.endedAt(), result.lastReceipt()) - published.startedAt();
			seconds /= 1e9;
			double delivered = result.received() / seconds;
			double offered = (double) rate * clients;
			boolean passed = result.lost() == 0 && published.failed() == 0 && result.duplicates() == 0
					&& result.outOfOrder() == 0 && delivered >= KEEP_UP * offered;
			steps.add(new RampStep(offered, delivered, millis(result, 50), millis(result, 99), result.lost(), passed,
					used));
			System.out.printf("   ramp %5d events/s: offered %,9.0f delivered %,9.0f deliveries/s, lost %,d, "
					+ "p50 %.1f ms, p99 %.1f ms, publisher lag %.1f ms; CPUs: server %.2f, load generator %.2f, "
					+ "others %.2f %s%n", rate, offered, delivered, result.lost(), millis(result, 50),
					millis(result, 99), published.maxLagNanos() / 1e6, used.server(), used.load(), used.others(),
					passed ? "ok" : failure(result, published, delivered / offered));
			step++;
			if (passed) {
				failures = 0;
				peak = Math.max(peak, delivered);
			}
			else if (++failures == 2) {
				// one failed step may be noise on a shared machine; two in a row are the limit
				break;
			}
		}
		return peak;
	}

	private static String failure(StepResult result, PublishResult published, double keptUp) {
		List<String> reasons = new ArrayList<>();
		if (result.lost() > 0) {
			reasons.add("lost events");
		}
		if (published.failed() > 0) {
			reasons.add(published.failed() + " publishes failed");
		}
		if (result.duplicates() > 0) {
			reasons.add(result.duplicates() + " duplicates");
		}
		if (result.outOfOrder() > 0) {
			reasons.add(result.outOfOrder() + " out of order");
		}
		if (keptUp < KEEP_UP) {
			reasons.add(String.format("kept up with %.0f%% of the rate", keptUp * 100));
		}
		return "FAILED: " + String.join(", ", reasons);
	}

	/**
	 * Ten thousand clients on one instance, and what each costs in memory.
	 */
	private void scale(ServerProcess server, SystemResults results) throws IOException {
		RunSettings s = this.settings;
		try (LoadGenerator load = new LoadGenerator(server.address(), "/sse/broadcast", this.ioThreads, PUBLISHING_CONNECTIONS);
				Publisher publisher = new Publisher(server.address(), "/api/broadcast", PUBLISHING_CONNECTIONS)) {
			// warm up the subscribe and broadcast paths: a first burst of connections in a fresh
			// JVM waits on class loading, which is not what this scenario measures
			check(load.connect(WARM_UP_CLIENTS, false, Duration.ofSeconds(10)));
			awaitSubscribed(publisher, WARM_UP_CLIENTS);
			load.closeAll();
			publisher.awaitNoneConnected(Duration.ofSeconds(10));
			long heapBefore = server.heapAfterGcKiB();
			long rssBefore = server.rssKiB();
			ConnectResult connect = load.connect(s.scaleClients(), false, Duration.ofSeconds(20));
			results.put(Figure.SCALE_CONNECT, connect.elapsedNanos() / 1e9);
			System.out.printf("   scale: %,d of %,d connected in %.2f s%s%n", connect.connected(), connect.requested(),
					connect.elapsedNanos() / 1e9,
					(connect.firstError() != null) ? " (first error: " + connect.firstError() + ")" : "");
			int subscribed = publisher.awaitConnected(s.scaleClients(), Duration.ofSeconds(10));
			results.put(Figure.SCALE_SUBSCRIBED, subscribed);
			long heapAfter = server.heapAfterGcKiB();
			long rssAfter = server.rssKiB();
			results.put(Figure.SCALE_RSS, (rssAfter - rssBefore) / (double) s.scaleClients());
			results.put(Figure.SCALE_HEAP, (heapAfter - heapBefore) / (double) s.scaleClients());
			results.put(Figure.SCALE_THREADS, server.threads());
			System.out.printf("   scale: server reports %,d subscribed; RSS %,d -> %,d KiB; heap after GC %,d -> %,d KiB;"
					+ " %d threads%n", subscribed, rssBefore, rssAfter, heapBefore, heapAfter, server.threads());
			StepResult result = step(load, publisher, 100, s.scaleRate(), s.scaleDuration(), s.padding(),
					s.scaleClients());
			results.put(Figure.SCALE_LOST, result.lost());
			results.put(Figure.SCALE_P99, millis(result, 99));
			print("scale", result);
		}
	}

	/**
	 * The same clients at the same rates, all on one instance without the relay, and then
	 * spread over two instances that relay every event through Redis, publishing to the
	 * first: the latency at each fixed rate and the peak of each, side by side. Redis runs
	 * for the scenario alone, on a free loopback port without persistence, and stops with
	 * the instances, or with the run when it fails.
	 */
	private void relay(int port, SystemResults results) throws IOException {
		Optional<Path> redisServer = RedisServer.find();
		if (redisServer.isEmpty()) {
			String reason = RedisServer.EXECUTABLE + " is not installed (not on the PATH, nor in "
					+ join(RedisServer.USUAL_DIRECTORIES.stream().map(Path::toString).toList())
					+ "); on Debian or Ubuntu: apt-get install redis-server";
			System.out.println("   relay: skipped, " + reason);
			results.skipped.add("relay: " + reason);
			return;
		}
		RelayComparison.Setup one;
		try (ServerProcess server = start(SystemUnderTest.STARTER, port, 0)) {
			one = relaySetup("one instance", List.of(server), null);
		}
		RelayComparison.Setup two;
		try (ServerProcess redis = RedisServer.start(redisServer.get(), "redis-" + (++this.starts), this.logs);
				ServerProcess first = start(SystemUnderTest.STARTER, port, 0, relayArgs(redis));
				ServerProcess second = start(SystemUnderTest.STARTER, ServerProcess.freePort(), 0, relayArgs(redis))) {
			System.out.printf("   relay: Redis on port %d, instances on ports %d and %d%n", redis.address().getPort(),
					first.address().getPort(), second.address().getPort());
			two = relaySetup("two instances over Redis", List.of(first, second), redis);
		}
		RelayComparison relay = new RelayComparison(this.settings.relayClients(), one, two);
		results.relay = relay;
		results.put(Figure.RELAY_PEAK_ONE, one.peak());
		results.put(Figure.RELAY_PEAK_TWO, two.peak());
		results.put(Figure.RELAY_PEAK_RATIO, relay.peakRatio());
		results.put(Figure.RELAY_ADDED_P50, relay.mostAddedP50Millis());
		results.put(Figure.RELAY_LOST, two.lost());
		System.out.printf("   relay: peak %,.0f deliveries/s on one instance, %,.0f over two (%.2f×, goal >= 1: %s); "
				+ "p50 added by the relay at most %.1f ms (goal < %.0f ms: %s)%n", one.peak(), two.peak(),
				relay.peakRatio(), relay.meetsPeakGoal() ? "met" : "not met", relay.mostAddedP50Millis(),
				RelayComparison.ADDED_P50_GOAL_MILLIS, relay.meetsLatencyGoal() ? "met" : "not met");
	}

	private static List<String> relayArgs(ServerProcess redis) {
		List<String> args = new ArrayList<>(RELAY_STARTER_ARGS);
		args.add("--spring.data.redis.port=" + redis.address().getPort());
		return args;
	}

	/**
	 * Connect the relay scenario's clients, spread over the instances, and publish to the
	 * first: a warm-up at the highest fixed rate, then each fixed rate after a few seconds at
	 * it, then the ramp.
	 * @param redis the Redis the instances relay through, or {@code null}
	 */
	private RelayComparison.Setup relaySetup(String name, List<ServerProcess> instances, ServerProcess redis)
			throws IOException {
		RunSettings s = this.settings;
		int clients = s.relayClients();
		List<ServerProcess> processes = new ArrayList<>(instances);
		if (redis != null) {
			processes.add(redis);
		}
		ServerProcess[] measured = processes.toArray(ServerProcess[]::new);
		try (LoadGenerator load = new LoadGenerator(instances.stream().map(ServerProcess::address).toList(),
				"/sse/broadcast", this.ioThreads, PUBLISHING_CONNECTIONS);
				Publisher publisher = new Publisher(instances.get(0).address(), "/api/broadcast",
						PUBLISHING_CONNECTIONS)) {
			check(load.connect(clients, false, Duration.ofSeconds(10)));
			awaitSubscribed(instances, publisher, clients);
			// the relay's path, the publish and the reads from Redis, warm up with the rest
			step(load, publisher, 0, Collections.max(s.relayRates()), s.latencyWarmUp(), s.padding(), clients);
			List<RelayComparison.Rate> rates = new ArrayList<>();
			int step = RELAY_FIRST_STEP;
			for (int rate : s.relayRates()) {
				step(load, publisher, 0, rate, SLOW_WARM_UP, s.padding(), clients);
				Delivered delivered = broadcast(load, publisher, step++, rate, s.latencyDuration(), clients, measured);
				print("relay, " + name + ", " + rate + " events/s", delivered);
				StepResult result = delivered.result();
				rates.add(new RelayComparison.Rate(rate, delivered.deliveriesPerSecond(), millis(result, 50),
						millis(result, 99), result.lost(), delivered.cpu()));
			}
			System.out.println("   relay, " + name + ": ramp");
			List<RampStep> ramp = new ArrayList<>();
			double peak = rampUp(load, publisher, clients, ramp, measured);
			return new RelayComparison.Setup(name, instances.size(), rates, peak, ramp);
		}
	}

	/**
	 * Wait until every instance counts its share of the clients, which the load generator
	 * spreads over them round robin, asking each with a publish of its own.
	 */
	private static void awaitSubscribed(List<ServerProcess> instances, Publisher first, int clients)
			throws IOException {
		for (int i = 0; i < instances.size(); i++) {
			int share = clients / instances.size() + ((i < clients % instances.size()) ? 1 : 0);
			if (i == 0) {
				awaitSubscribed(first, share);
				continue;
			}
			try (Publisher probe = new Publisher(instances.get(i).address(), "/api/broadcast", 1)) {
				awaitSubscribed(probe, share);
			}
		}
	}

	private static boolean sampleOnly(SystemUnderTest system, String scenario) {
		if (!system.equals(SystemUnderTest.STARTER)) {
			System.out.printf("   %s: skipped, only the sample application (system %s) has Spring Data Redis%n",
					scenario, SystemUnderTest.STARTER.name());
		}
		return system.equals(SystemUnderTest.STARTER);
	}

	private static boolean startersOnly(SystemUnderTest system, String scenario) {
		if (!system.isStarter()) {
			System.out.printf("   %s: skipped, %s has neither topics nor replay%n", scenario, system.name());
		}
		return system.isStarter();
	}

	/**
	 * Clients spread over topics, each subscribed to one, and publishes spread over the
	 * topics at rising rates up to the goal, the goal for longest; then the same clients with
	 * events broadcast to all of them at the rate that makes as many deliveries as the goal,
	 * for comparison; then the goal again, in batches of events through the batch endpoint.
	 * The CPU the server and this process use is measured at each rate: on a small machine
	 * they share it.
	 */
	private void topics(ServerProcess server, SystemResults results) throws IOException {
		RunSettings s = this.settings;
		TopicSpread spread = new TopicSpread(TOPIC_PREFIX, s.topics());
		try (LoadGenerator load = new LoadGenerator(server.address(), "/sse/broadcast", this.ioThreads,
				s.topicConnections());
				Publisher publisher = new Publisher(server.address(), "/api/broadcast", s.topicConnections())) {
			ConnectResult connect = load.connectToTopics(s.topicClients(), spread, Duration.ofSeconds(20));
			check(connect);
			System.out.printf("   topics: %,d clients on %,d topics connected in %.2f s%n", connect.connected(),
					s.topics(), connect.elapsedNanos() / 1e9);
			awaitSubscribed(publisher, s.topicClients());
			// warm up the server's topic path; not reported
			publishToTopics(server, load, publisher, 200, spread, s.topicWarmUpRate(), s.topicWarmUp(), s.padding(),
					NO_BATCH);
			double keptUp = 0;
			int step = 210;
			for (int rate : s.topicRampRates()) {
				Delivered delivered = publishToTopics(server, load, publisher, step++, spread, rate, s.topicRampStep(),
						s.padding(), NO_BATCH);
				if (record(rate, NO_BATCH, delivered, results).keptUp()) {
					keptUp = rate;
				}
			}
			Delivered topics = publishToTopics(server, load, publisher, 201, spread, s.topicRate(), s.topicDuration(),
					s.padding(), NO_BATCH);
			if (record(s.topicRate(), NO_BATCH, topics, results).keptUp()) {
				keptUp = s.topicRate();
			}
			results.put(Figure.TOPICS_KEPT_UP, keptUp);
			GoalFigures.ONE_A_REQUEST.put(topics, results);
			broadcastInstead(server, load, publisher, results);
			inBatches(server, load, publisher, spread, results);
		}
	}

	/**
	 * Publish to the topics of the topics scenario at its goal rate again, in batches through
	 * the batch endpoint, after a short warm-up of that path: each event's latency still
	 * counts from its own due time, the wait for the rest of its batch included.
	 */
	private void inBatches(ServerProcess server, LoadGenerator load, Publisher publisher, TopicSpread spread,
			SystemResults results) throws IOException {
		RunSettings s = this.settings;
		publishToTopics(server, load, publisher, 204, spread, s.topicRate(), SLOW_WARM_UP, s.padding(), s.topicBatch());
		Delivered batches = publishToTopics(server, load, publisher, 205, spread, s.topicRate(), s.topicDuration(),
				s.padding(), s.topicBatch());
		record(s.topicRate(), s.topicBatch(), batches, results);
		GoalFigures.IN_BATCHES.put(batches, results);
	}

	/**
	 * Broadcast to every client of the topics scenario at the rate that makes as many
	 * deliveries as its goal: the cost of the deliveries alone, with few publishes.
	 */
	private void broadcastInstead(ServerProcess server, LoadGenerator load, Publisher publisher, SystemResults results)
			throws IOException {
		RunSettings s = this.settings;
		double rate = s.topicBroadcastRate();
		step(load, publisher, 202, rate, SLOW_WARM_UP, s.padding(), s.topicClients());
		Delivered broadcast = broadcast(load, publisher, 203, rate, s.topicDuration(), s.topicClients(), server);
		print("topics: broadcast instead", broadcast);
		StepResult result = broadcast.result();
		results.put(Figure.TOPICS_BROADCAST_SERVER_CPU, broadcast.cpu().server());
		results.put(Figure.TOPICS_BROADCAST_DELIVERIES, broadcast.deliveriesPerSecond());
		results.put(Figure.TOPICS_BROADCAST_LOST, result.lost());
		results.put(Figure.TOPICS_BROADCAST_P50, millis(result, 50));
		results.put(Figure.TOPICS_BROADCAST_P99, millis(result, 99));
		results.put(Figure.TOPICS_BROADCAST_MAX, maxMillis(result));
	}

	/**
	 * Broadcast to every client at a rate, and measure what they received and the CPU the
	 * servers and this process used meanwhile.
	 * @param servers the processes whose CPU to measure
	 */
	private Delivered broadcast(LoadGenerator load, Publisher publisher, int step, double rate, Duration duration,
			int clients, ServerProcess... servers) throws IOException {
		CpuMeter cpu = CpuMeter.start(servers);
		PublishResult published = publisher.publish(step, rate, duration, this.settings.padding());
		StepResult result = load.awaitStep(step, published.fromSeq(), published.toSeq(), clients, GRACE);
		return new Delivered(published, result, cpu.stop());
	}

	/**
	 * Publish to topics at a rate, one event a request or in batches, and wait for every
	 * answer, so that what is counted lost was published and the next step starts on its
	 * own: a server that falls behind still answers a thousand or more a second.
	 * @param batch events in each request to the batch endpoint, or {@link #NO_BATCH}
	 */
	private static Delivered publishToTopics(ServerProcess server, LoadGenerator load, Publisher publisher, int step,
			TopicSpread spread, double rate, Duration duration, int padding, int batch) throws IOException {
		Duration answerWait = Duration.ofSeconds(10).plusMillis((long) (rate * duration.toNanos() / 1e9));
		CpuMeter cpu = CpuMeter.start(server);
		PublishResult published = (batch == NO_BATCH)
				? publisher.publishToTopics(step, rate, duration, padding, spread, answerWait)
				: publisher.publishToTopicsInBatches(step, rate, duration, padding, spread, batch, answerWait);
		StepResult result = load.awaitTopicStep(step, published.fromSeq(), published.toSeq(), spread, GRACE);
		return new Delivered(published, result, cpu.stop());
	}

	/**
	 * Print a step of the topics scenario and keep it for the report.
	 * @param batch events in each request to the batch endpoint, or {@link #NO_BATCH}
	 */
	private static TopicStep record(double rate, int batch, Delivered delivered, SystemResults results) {
		print("topics at " + (int) rate + "/s" + ((batch != NO_BATCH) ? " in batches of " + batch : ""), delivered);
		StepResult result = delivered.result();
		TopicStep step = new TopicStep(rate, batch, delivered.published().answeredPerSecond(),
				delivered.deliveriesPerSecond(), millis(result, 50), millis(result, 99), maxMillis(result), result.lost(),
				delivered.cpu().server(), delivered.cpu().load(), delivered.cpu().others());
		results.topicSteps.add(step);
		return step;
	}

	/**
	 * Every client drops its connection, misses events, and all reconnect at once with the
	 * id of the last event they received: the time until every one has every event it
	 * missed, against the time fresh clients take to connect, and the server's memory
	 * meanwhile. Events are published through one connection, so that the server's order
	 * is the order of their sequence numbers and each client's events must arrive in it,
	 * replayed or live.
	 */
	private void reconnectStorm(ServerProcess server, SystemResults results) throws IOException {
		RunSettings s = this.settings;
		try (LoadGenerator load = new LoadGenerator(server.address(), "/sse/broadcast", this.ioThreads, 1);
				Publisher publisher = new Publisher(server.address(), "/api/broadcast", 1)) {
			warmUpReplay(load, publisher);
			connectFresh(server, load, results);
			awaitSubscribed(publisher, s.stormClients());
			print("replay: before the drop",
					step(load, publisher, 300, STORM_LIVE_RATE, STORM_LIVE_TIME, s.padding(), s.stormClients()));
			long heapBefore = server.heapAfterGcKiB();
			results.put(Figure.REPLAY_HEAP_BEFORE, heapBefore / 1024.0);

			load.dropConnections();
			PublishResult missed = publishWhileAway(publisher, 301, results);
			resumeAtOnce(server, load, missed, results);

			StepResult live = step(load, publisher, 302, STORM_LIVE_RATE, STORM_LIVE_TIME, s.padding(),
					s.stormClients());
			print("replay: live after the storm", live);
			results.put(Figure.REPLAY_LIVE_LOST, live.lost());
			long heapAfter = server.heapAfterGcKiB();
			results.put(Figure.REPLAY_HEAP_AFTER, heapAfter / 1024.0);
			System.out.printf("   replay: live heap after GC %,d KiB before the drop, %,d KiB after the storm%n",
					heapBefore, heapAfter);
		}
	}

	/**
	 * Run the replay scenario's path with a few clients, so that the server's JIT compiler
	 * is done with connecting and replaying before it is measured, then let them go.
	 */
	private void warmUpReplay(LoadGenerator load, Publisher publisher) throws IOException {
		check(load.connect(WARM_UP_CLIENTS, false, Duration.ofSeconds(10)));
		awaitSubscribed(publisher, WARM_UP_CLIENTS);
		step(load, publisher, 0, STORM_LIVE_RATE, Duration.ofSeconds(1), this.settings.padding(), WARM_UP_CLIENTS);
		load.dropConnections();
		PublishResult missed = publishMissed(publisher, 0);
		load.watch(missed.fromSeq(), missed.toSeq());
		load.resume(Duration.ofSeconds(10));
		load.awaitWatchedRange((int) missed.events(), Duration.ofSeconds(10));
		load.closeAll();
		publisher.awaitNoneConnected(Duration.ofSeconds(10));
	}

	/**
	 * Connect the replay scenario's clients afresh, all at once, and time them until every
	 * one has its {@code connected} event, reading the server's RSS meanwhile.
	 */
	private void connectFresh(ServerProcess server, LoadGenerator load, SystemResults results) throws IOException {
		long rssIdle = server.rssKiB();
		results.put(Figure.REPLAY_RSS_IDLE, rssIdle / 1024.0);
		long from = System.nanoTime();
		CpuMeter cpu = CpuMeter.start(server);
		try (RssSampler rss = RssSampler.start(server)) {
			ConnectResult connect = load.connect(this.settings.stormClients(), false, STORM_WAIT);
			check(connect);
			Opened fresh = load.awaitConnectedEvents(STORM_WAIT);
			CpuMeter.Use used = cpu.stop();
			double seconds = secondsUntilAll(fresh.opened(), fresh.clients(), fresh.lastAt() - from,
					"fresh clients had their connected event", results);
			results.put(Figure.REPLAY_FRESH, seconds);
			results.put(Figure.REPLAY_FRESH_CPU, used.serverSeconds());
			results.put(Figure.REPLAY_RSS_FRESH, rss.peakKiB() / 1024.0);
			System.out.printf("   replay: %,d fresh clients connected (TCP, request sent) in %.2f s, had their "
					+ "connected event after %.2f s; CPU time: server %.2f s, load generator %.2f s, others %.2f s; "
					+ "RSS %,d KiB idle, peak %,d KiB%n", connect.connected(), connect.elapsedNanos() / 1e9, seconds,
					used.serverSeconds(), used.loadSeconds(), used.others() * used.seconds(), rssIdle, rss.peakKiB());
		}
	}

	/**
	 * Publish the events the dropped clients miss, and check that the server counted none
	 * of them by the last: it finds a dropped client gone when it writes to it.
	 */
	private PublishResult publishWhileAway(Publisher publisher, int step, SystemResults results) throws IOException {
		PublishResult missed = publishMissed(publisher, step);
		int stillCounted = publisher.lastReachedClients();
		System.out.printf("   replay: %,d events published while the clients were away (%d failed); the server "
				+ "counted %,d clients at the last%n", missed.ok(), missed.failed(), stillCounted);
		if (stillCounted > 0) {
			results.errors.add("the server still counted " + stillCounted + " dropped clients after "
					+ missed.events() + " events");
		}
		return missed;
	}

	private PublishResult publishMissed(Publisher publisher, int step) throws IOException {
		int events = this.settings.stormMissed();
		Duration duration = Duration.ofNanos((long) (events * 1e9 / STORM_MISSED_RATE));
		return publisher.publish(step, STORM_MISSED_RATE, duration, this.settings.padding());
	}

	/**
	 * Reconnect every client at once, each with the id of the last event it received, and
	 * time them until every one has every event it missed, reading the server's RSS
	 * meanwhile.
	 */
	private void resumeAtOnce(ServerProcess server, LoadGenerator load, PublishResult missed, SystemResults results) {
		load.watch(missed.fromSeq(), missed.toSeq());
		long rssBefore = server.rssKiB();
		long from = System.nanoTime();
		CpuMeter cpu = CpuMeter.start(server);
		try (RssSampler rss = RssSampler.start(server)) {
			ConnectResult reconnect = load.resume(STORM_WAIT);
			if (reconnect.connected() < reconnect.requested()) {
				System.out.printf("   replay: only %,d of %,d reconnected; first error: %s%n", reconnect.connected(),
						reconnect.requested(), reconnect.firstError());
			}
			CatchUp caughtUp = load.awaitWatchedRange((int) missed.events(), STORM_WAIT);
			CpuMeter.Use used = cpu.stop();
			Opened reopened = load.awaitConnectedEvents(Duration.ofSeconds(1));
			double seconds = secondsUntilAll(caughtUp.caughtUp(), caughtUp.clients(), caughtUp.lastAt() - from,
					"resuming clients had every missed event", results);
			double reopenedSeconds = secondsUntilAll(reopened.opened(), reopened.clients(), reopened.lastAt() - from,
					"resuming clients had their connected event", results);
			results.put(Figure.REPLAY_STORM, seconds);
			results.put(Figure.REPLAY_STORM_CONNECTED, reopenedSeconds);
			results.put(Figure.REPLAY_STORM_CPU, used.serverSeconds());
			results.put(Figure.REPLAY_RSS_STORM, rss.peakKiB() / 1024.0);
			results.put(Figure.REPLAY_RESETS, caughtUp.resets());
			results.put(Figure.REPLAY_EXACT, caughtUp.exact());
			System.out.printf("   replay: storm of %,d: reconnected (TCP, request sent) in %.2f s, connected events "
					+ "after %.2f s, all %,d missed events after %.2f s; %,d caught up, %,d told %,d missed events "
					+ "follow, %,d got exactly those; %,d resets, %,d refused; CPU time: server %.2f s, load generator "
					+ "%.2f s, others %.2f s; RSS %,d KiB before, peak %,d KiB%n", caughtUp.clients(),
					reconnect.elapsedNanos() / 1e9, reopenedSeconds, missed.events(), seconds, caughtUp.caughtUp(),
					caughtUp.announced(), missed.events(), caughtUp.exact(), caughtUp.resets(), caughtUp.refused(),
					used.serverSeconds(), used.loadSeconds(), used.others() * used.seconds(), rssBefore, rss.peakKiB());
		}
	}

	/**
	 * Return the seconds it took every client to get somewhere, or, when some never did,
	 * not a number, noting how many did.
	 */
	private static double secondsUntilAll(int done, int clients, long nanos, String what, SystemResults results) {
		if (done < clients) {
			String error = String.format("only %,d of %,d %s", done, clients, what);
			System.out.println("   replay: " + error);
			results.errors.add(error);
			return Double.NaN;
		}
		return nanos / 1e9;
	}

	/**
	 * The figures of the topics scenario at its goal rate, one event a request or in
	 * batches.
	 */
	private enum GoalFigures {

		ONE_A_REQUEST(Figure.TOPICS_PUBLISH_RATE, Figure.TOPICS_DELIVERIES, Figure.TOPICS_LOST,
				Figure.TOPICS_CLIENTS_SHORT, Figure.TOPICS_MISDELIVERED, Figure.TOPICS_P50, Figure.TOPICS_P99,
				Figure.TOPICS_MAX, Figure.TOPICS_SERVER_CPU),

		IN_BATCHES(Figure.TOPICS_BATCH_PUBLISH_RATE, Figure.TOPICS_BATCH_DELIVERIES, Figure.TOPICS_BATCH_LOST,
				Figure.TOPICS_BATCH_CLIENTS_SHORT, Figure.TOPICS_BATCH_MISDELIVERED, Figure.TOPICS_BATCH_P50,
				Figure.TOPICS_BATCH_P99, Figure.TOPICS_BATCH_MAX, Figure.TOPICS_BATCH_SERVER_CPU);

		private final Figure answered;

		private final Figure deliveries;

		private final Figure lost;

		private final Figure clientsShort;

		private final Figure misdelivered;

		private final Figure p50;

		private final Figure p99;

		private final Figure max;

		private final Figure serverCpu;

		GoalFigures(Figure answered, Figure deliveries, Figure lost, Figure clientsShort, Figure misdelivered,
				Figure p50, Figure p99, Figure max, Figure serverCpu) {
			this.answered = answered;
			this.deliveries = deliveries;
			this.lost = lost;
			this.clientsShort = clientsShort;
			this.misdelivered = misdelivered;
			this.p50 = p50;
			this.p99 = p99;
			this.max = max;
			this.serverCpu = serverCpu;
		}

		void put(Delivered delivered, SystemResults results) {
			StepResult result = delivered.result();
			results.put(this.answered, delivered.published().answeredPerSecond());
			results.put(this.deliveries, delivered.deliveriesPerSecond());
			results.put(this.lost, result.lost());
			results.put(this.clientsShort, result.clientsShort());
			results.put(this.misdelivered, result.misdelivered());
			results.put(this.p50, millis(result, 50));
			results.put(this.p99, millis(result, 99));
			results.put(this.max, maxMillis(result));
			results.put(this.serverCpu, delivered.cpu().server());
		}

	}

	/**
	 * What was published in a step, what the clients received of it, and the CPU used
	 * meanwhile.
	 *
	 * @param published what was published
	 * @param result what was received
	 * @param cpu the CPU the server and this process used
	 */
	private record Delivered(PublishResult published, StepResult result, CpuMeter.Use cpu) {

		/**
		 * Return the deliveries per second, from the first event's due time to the last
		 * delivery or answer.
		 */
		double deliveriesPerSecond() {
			long end = Math.max(this.published.answeredAt(), this.result.lastReceipt());
			return this.result.received() / Math.max(1e-9, (end - this.published.startedAt()) / 1e9);
		}

	}

	private static double maxMillis(StepResult result) {
		return (result.latency().getTotalCount() == 0) ? Double.NaN : result.latency().getMaxValue() / 1000.0;
	}

	private static void print(String name, Delivered delivered) {
		PublishResult published = delivered.published();
		StepResult result = delivered.result();
		System.out.printf("   %s: %,d events published (%,d failed), answered at %,.0f/s, publisher lag up to %.1f ms; "
				+ "%,.0f deliveries/s; %,d of %,d deliveries (lost %,d by %,d clients, misdelivered %,d, duplicates %d, "
				+ "out of order %d, disconnected %d), p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms; "
				+ "CPUs used: server %.2f, load generator %.2f, others %.2f%n", name, published.events(), published.failed(),
				published.answeredPerSecond(), published.maxLagNanos() / 1e6, delivered.deliveriesPerSecond(),
				result.received(), result.expected(), result.lost(), result.clientsShort(), result.misdelivered(),
				result.duplicates(), result.outOfOrder(), result.disconnected(), millis(result, 50), millis(result, 99),
				millis(result, 99.9), maxMillis(result), delivered.cpu().server(), delivered.cpu().load(),
				delivered.cpu().others());
	}

	private static StepResult step(LoadGenerator load, Publisher publisher, int step, double rate, Duration duration,
			int padding, int clients) throws IOException {
		PublishResult published = publisher.publish(step, rate, duration, padding);
		if (published.failed() > 0) {
			System.out.printf("   %d of %d publish requests failed%n", published.failed(), published.events());
		}
		return load.awaitStep(step, published.fromSeq(), published.toSeq(), clients, GRACE);
	}

	private static void awaitSubscribed(Publisher publisher, int clients) throws IOException {
		int subscribed = publisher.awaitConnected(clients, Duration.ofSeconds(15));
		if (subscribed < clients) {
			throw new IOException("Only " + subscribed + " of " + clients + " clients subscribed");
		}
	}

	private static void check(ConnectResult connect) throws IOException {
		if (connect.connected() < connect.requested()) {
			throw new IOException("Only " + connect.connected() + " of " + connect.requested()
					+ " clients connected; first error: " + connect.firstError());
		}
	}

	private static double millis(StepResult result, double percentile) {
		return (result.latency().getTotalCount() == 0) ? Double.NaN
				: result.latency().getValueAtPercentile(percentile) / 1000.0;
	}

	private static void print(String name, StepResult result) {
		System.out.printf("   %s: %,d of %,d deliveries (lost %,d, duplicates %d, out of order %d, disconnected %d), "
				+ "p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n", name, result.received(), result.expected(),
				result.lost(), result.duplicates(), result.outOfOrder(), result.disconnected(), millis(result, 50),
				millis(result, 99), millis(result, 99.9), result.latency().getMaxValue() / 1000.0);
	}

	static String join(List<String> values) {
		return values.stream().collect(Collectors.joining(", "));
	}

}
