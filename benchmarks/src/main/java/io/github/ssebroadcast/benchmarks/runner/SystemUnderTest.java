package io.github.ssebroadcast.benchmarks.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A system the benchmark runs against, and how to start it.
 *
 * @param name the short name in tables
 * @param description what it is
 * @param plainTomcat whether it runs on Tomcat without the starter, whose connection limit
 * the scale scenario then raises by hand (the starter raises it itself)
 * @param mainClass the main class in the benchmarks jar, or {@code null} for the sample
 * application's jar
 */
record SystemUnderTest(String name, String description, boolean plainTomcat, String mainClass) {

	static final SystemUnderTest STARTER = new SystemUnderTest("starter",
			"this starter (sample app, Spring MVC on Tomcat)", false, null);

	static final SystemUnderTest EMITTER_LOOP = new SystemUnderTest("emitter-loop",
			"hand-written SseEmitter list and send() loop (Spring MVC on Tomcat)", true,
			"io.github.ssebroadcast.benchmarks.peers.emitterloop.EmitterLoopApplication");

	static final SystemUnderTest WEBFLUX = new SystemUnderTest("webflux-sink",
			"Spring WebFlux, multicast Sinks.Many, 256-event buffer per subscriber (Reactor Netty)", false,
			"io.github.ssebroadcast.benchmarks.peers.webflux.WebFluxSinkApplication");

	static final SystemUnderTest RAW_NIO = new SystemUnderTest("raw-nio",
			"one NIO thread writing each pre-encoded event to every socket (the limit proxy)", false,
			"io.github.ssebroadcast.benchmarks.peers.rawnio.RawNioServer");

	static final SystemUnderTest STARTER_ON_JETTY = new SystemUnderTest("starter-jetty",
			"this starter on Jetty 12 (its auto-configuration alone, Spring MVC)", false,
			"io.github.ssebroadcast.benchmarks.jetty.StarterOnJettyApplication");

	static final SystemUnderTest STARTER_ON_MINIMAL_TOMCAT = new SystemUnderTest("starter-tomcat-min",
			"this starter on Tomcat, every buffer Tomcat lets an application size at 1 KiB (its auto-configuration alone)",
			false, "io.github.ssebroadcast.benchmarks.tomcat.StarterOnMinimalTomcatApplication");

	/** The systems a run measures unless told otherwise. */
	static final List<SystemUnderTest> DEFAULT = List.of(STARTER, EMITTER_LOOP, WEBFLUX, RAW_NIO);

	/** Every system {@code --systems=} can name. */
	static final List<SystemUnderTest> ALL = List.of(STARTER, EMITTER_LOOP, WEBFLUX, RAW_NIO, STARTER_ON_JETTY,
			STARTER_ON_MINIMAL_TOMCAT);

	/**
	 * Whether this is the starter, on whichever server.
	 * @return whether options meant for the starter apply
	 */
	boolean isStarter() {
		return this.equals(STARTER) || this.equals(STARTER_ON_JETTY) || this.equals(STARTER_ON_MINIMAL_TOMCAT);
	}

	/**
	 * Build the command line that starts this system.
	 * @param jvmOptions the JVM options every system gets
	 * @param benchmarksJar the benchmarks jar
	 * @param sampleJar the sample application's jar
	 * @param port the port to listen on
	 * @param maxConnections the connection limit to set on plain Tomcat, or 0 to keep the
	 * default
	 * @return the command
	 */
	List<String> command(List<String> jvmOptions, Path benchmarksJar, Path sampleJar, int port, int maxConnections) {
		List<String> command = ServerProcess.java(jvmOptions);
		if (this.mainClass == null) {
			command.add("-jar");
			command.add(sampleJar.toString());
		}
		else {
			command.add("-cp");
			command.add(benchmarksJar.toString());
			command.add(this.mainClass);
		}
		List<String> arguments = new ArrayList<>();
		arguments.add("--server.port=" + port);
		arguments.add("--server.address=127.0.0.1");
		arguments.add("--logging.level.root=WARN");
		arguments.add("--spring.main.banner-mode=off");
		if (this.plainTomcat && maxConnections > 0) {
			arguments.add("--server.tomcat.max-connections=" + maxConnections);
		}
		command.addAll(arguments);
		return command;
	}

}
