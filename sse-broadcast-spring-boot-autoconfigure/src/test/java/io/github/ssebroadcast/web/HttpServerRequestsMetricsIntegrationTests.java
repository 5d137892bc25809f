package io.github.ssebroadcast.web;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.servlet.SseStream;
import io.github.ssebroadcast.servlet.SseStreams;
import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.TestApplication;
import io.github.ssebroadcast.test.TestBootLine;
import io.github.ssebroadcast.test.TestHttp;
import io.github.ssebroadcast.test.TestServer;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Actuator records in {@code http.server.requests} for event streams. A stream whose
 * client left, however it left, is no error: an error-rate alert must not fire for every
 * closed browser tab. This holds for the broadcast stream and for a per-connection stream,
 * on Tomcat and on Jetty; a handler that fails is still an error.
 */
class HttpServerRequestsMetricsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	/** Large enough that a client that reads nothing leaves writes waiting at the first events. */
	private static final String PAYLOAD = "x".repeat(64 * 1024);

	/** Events of {@link #PAYLOAD} that fill a client's socket, about 4 MB on Linux. */
	private static final int FILL_EVENTS = 100;

	enum Container {

		TOMCAT(new Class<?>[] { ObservedRequests.class }),

		JETTY(new Class<?>[] { TestBootLine.OnJetty.class, ObservedRequests.class });

		private final Class<?>[] configurations;

		Container(Class<?>[] configurations) {
			this.configurations = configurations;
		}

	}

	/**
	 * The streams a client opens: the broadcast stream, and a per-connection stream of
	 * {@link SseStreams} that the test sends to itself.
	 */
	enum Endpoint {

		BROADCAST("/sse/broadcast"), PER_CONNECTION("/test/handed-over");

		private final String path;

		Endpoint(String path) {
			this.path = path;
		}

	}

	private final List<SseTestClient> clients = new ArrayList<>();

	private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();

	private TestServer server;

	@AfterEach
	void closeClientsAndServer() {
		this.publisher.shutdownNow();
		this.clients.forEach(SseTestClient::close);
		if (this.server != null) {
			this.server.close();
		}
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void requestsAreObserved(Container container) throws Exception {
		start(container);
		assertThat(TestHttp.get(this.server.port(), "/test/ticks?count=1").statusCode()).isEqualTo(200);
		awaitObserved("/test/ticks");
		assertThat(timers("/test/ticks")).singleElement()
			.satisfies((timer) -> assertThat(timer.getId().getTag("outcome")).isEqualTo("SUCCESS"));
		assertNoErrorRecorded("/test/ticks");
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void clientThatClosesItsConnectionIsNoError(Container container) throws Exception {
		assertClientThatLeavesIsNoError(container, SseTestClient::close);
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void clientThatResetsItsConnectionIsNoError(Container container) throws Exception {
		assertClientThatLeavesIsNoError(container, SseTestClient::reset);
	}

	private void assertClientThatLeavesIsNoError(Container container, Consumer<SseTestClient> leave) throws Exception {
		start(container);
		for (Endpoint endpoint : Endpoint.values()) {
			OpenStream stream = open(endpoint);
			leave.accept(stream.client());
			awaitObserved(stream);
			assertNoErrorRecorded(endpoint.path);
		}
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void clientThatLeavesWhileEventsAreWrittenIsNoError(Container container) throws Exception {
		start(container);
		for (Endpoint endpoint : Endpoint.values()) {
			OpenStream stream = open(endpoint);
			String data = "y".repeat(1024);
			ScheduledFuture<?> publishing = this.publisher.scheduleAtFixedRate(() -> stream.publish(data), 0, 1,
					TimeUnit.MILLISECONDS);
			for (int i = 0; i < 20; i++) {
				assertThat(stream.client().nextEvent(TIMEOUT).data()).isEqualTo(data);
			}
			stream.client().reset();
			awaitObserved(endpoint.path);
			publishing.cancel(false);
			assertNoErrorRecorded(endpoint.path);
		}
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void clientThatLeavesWhileWritesWaitForItIsNoError(Container container) throws Exception {
		start(container, "sse.broadcast.client-queue-max-bytes=64MB", "sse.broadcast.write-timeout=1h");
		SseTestClient broadcastClient = connectStalled(Endpoint.BROADCAST.path);
		SseBroadcaster broadcaster = this.server.broadcaster();
		await().atMost(TIMEOUT).until(() -> broadcaster.getClientCount() == 1);
		for (int i = 0; i < FILL_EVENTS; i++) {
			broadcaster.broadcast("big", PAYLOAD);
		}
		broadcastClient.reset();
		awaitObserved(Endpoint.BROADCAST.path, () -> broadcaster.broadcast("probe", "x"));
		assertNoErrorRecorded(Endpoint.BROADCAST.path);

		TestApplication.handedOverStreams.clear();
		SseTestClient perConnectionClient = connectStalled(Endpoint.PER_CONNECTION.path);
		SseStream stream = TestApplication.nextHandedOverStreamFilled(TIMEOUT, PAYLOAD, FILL_EVENTS);
		perConnectionClient.reset();
		awaitObserved(Endpoint.PER_CONNECTION.path, () -> stream.send("probe", "x"));
		assertNoErrorRecorded(Endpoint.PER_CONNECTION.path);
	}

	/**
	 * A client that stopped reading, ended by the write timeout: its request is recorded as
	 * soon as its connection is closed, and no longer counted as active.
	 */
	@ParameterizedTest
	@EnumSource(Container.class)
	void clientEndedByTheWriteTimeoutIsNoError(Container container) throws Exception {
		start(container, "sse.broadcast.overflow-policy=drop-oldest", "sse.broadcast.client-queue-max-bytes=64MB",
				"sse.broadcast.write-timeout=1s");
		connectStalled(Endpoint.BROADCAST.path);
		SseBroadcaster broadcaster = this.server.broadcaster();
		await().atMost(TIMEOUT).until(() -> broadcaster.getClientCount() == 1);
		await().atMost(TIMEOUT).until(() -> {
			broadcaster.broadcast("big", PAYLOAD);
			return broadcaster.getClientCount() == 0;
		});
		awaitObserved(Endpoint.BROADCAST.path);
		assertNoErrorRecorded(Endpoint.BROADCAST.path);
		assertThat(activeRequests()).isZero();

		TestApplication.handedOverStreams.clear();
		connectStalled(Endpoint.PER_CONNECTION.path);
		SseStream stream = TestApplication.nextHandedOverStreamFilled(TIMEOUT, PAYLOAD, FILL_EVENTS);
		// more than the socket's buffers could ever take waits, and then nothing more is sent
		for (int i = 0; i < FILL_EVENTS; i++) {
			stream.send("big", PAYLOAD);
		}
		awaitObserved(Endpoint.PER_CONNECTION.path);
		assertNoErrorRecorded(Endpoint.PER_CONNECTION.path);
		assertThat(activeRequests()).isZero();
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void clientThatResetsBeforeTheFirstBytesIsNoError(Container container) throws Exception {
		start(container);
		HeldStream held = this.server.context().getBean(HeldStream.class);
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.server.port()));
			OutputStream out = socket.getOutputStream();
			out.write("GET /test/held HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(held.entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			socket.setSoLinger(true, 0);
		}
		// the connection is reset: now let the handler return its stream
		held.release.countDown();
		awaitObserved("/test/held");
		assertNoErrorRecorded("/test/held");
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void streamThatTimesOutIsNoError(Container container) throws Exception {
		start(container, "sse.broadcast.timeout=1s");
		for (Endpoint endpoint : Endpoint.values()) {
			OpenStream stream = open(endpoint);
			assertThat(stream.client().awaitEnd(TIMEOUT)).isTrue();
			awaitObserved(endpoint.path);
			assertNoErrorRecorded(endpoint.path);
		}
	}

	/**
	 * Spring Boot closes the meter registries as the application context starts to close,
	 * before the broadcaster ends its streams, so {@code http.server.requests} never counts
	 * them: their observations stop without an error all the same.
	 */
	@ParameterizedTest
	@EnumSource(Container.class)
	void broadcastStreamEndedByShutdownIsNoError(Container container) throws Exception {
		start(container, "server.shutdown=graceful", "spring.lifecycle.timeout-per-shutdown-phase=30s");
		ObservedRequests observed = this.server.context().getBean(ObservedRequests.class);
		OpenStream stream = open(Endpoint.BROADCAST);
		this.server.close();
		this.server = null;
		assertThat(stream.client().awaitEnd(TIMEOUT)).isTrue();
		await().atMost(TIMEOUT).until(() -> !observed.stopped(Endpoint.BROADCAST.path).isEmpty());
		assertThat(observed.stopped(Endpoint.BROADCAST.path)).singleElement()
			.satisfies((request) -> assertThat(request.error()).isNull());
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void handlerThatFailsAfterOpeningAStreamIsAnError(Container container) throws Exception {
		start(container);
		assertThat(TestHttp.get(this.server.port(), "/test/failing").statusCode()).isEqualTo(500);
		awaitObserved("/test/failing");
		assertThat(timers("/test/failing")).singleElement().satisfies((timer) -> {
			assertThat(timer.getId().getTag("outcome")).isEqualTo("SERVER_ERROR");
			assertThat(timer.getId().getTag("status")).isEqualTo("500");
		});
	}

	private void start(Container container, String... properties) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add("sse.broadcast.keep-alive=0");
		this.server = TestServer.start(container.configurations, all.toArray(new String[0]));
		assertThat(TestBootLine.isJetty(this.server.context())).isEqualTo(container == Container.JETTY);
	}

	private SseTestClient connect(String path) throws Exception {
		SseTestClient client = SseTestClient.connect(this.server.port(), path);
		this.clients.add(client);
		return client;
	}

	private SseTestClient connectStalled(String path) throws Exception {
		SseTestClient client = SseTestClient.connectStalled(this.server.port(), path);
		this.clients.add(client);
		return client;
	}

	/**
	 * Open a stream and wait for its {@code connected} event, which the broadcaster sends
	 * and the test sends to a per-connection stream itself.
	 */
	private OpenStream open(Endpoint endpoint) throws Exception {
		if (endpoint == Endpoint.BROADCAST) {
			SseTestClient client = connect(endpoint.path);
			assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
			SseBroadcaster broadcaster = this.server.broadcaster();
			return new OpenStream(endpoint, client, (data) -> broadcaster.broadcast("message", data));
		}
		TestApplication.handedOverStreams.clear();
		SseTestClient client = connect(endpoint.path);
		SseStream stream = TestApplication.handedOverStreams.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(stream).isNotNull();
		stream.send("connected", "{}");
		assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
		return new OpenStream(endpoint, client, (data) -> stream.send("message", data));
	}

	/**
	 * Wait until the request of a stream whose client left is recorded, sending to the
	 * stream meanwhile: only a write finds that a client has gone.
	 */
	private void awaitObserved(OpenStream stream) {
		awaitObserved(stream.endpoint().path, () -> stream.publish("probe"));
	}

	private void awaitObserved(String uri) {
		awaitObserved(uri, () -> {
		});
	}

	private void awaitObserved(String uri, Runnable probe) {
		await().atMost(TIMEOUT).until(() -> {
			probe.run();
			return count(registry(), uri) > 0;
		});
	}

	private void assertNoErrorRecorded(String uri) {
		assertNoErrorRecorded(registry(), this.server.context().getBean(ObservedRequests.class), uri);
	}

	private static void assertNoErrorRecorded(MeterRegistry registry, ObservedRequests observed, String uri) {
		assertThat(registry.find("http.server.requests").tag("uri", uri).timers()).isNotEmpty()
			.allSatisfy((timer) -> {
				assertThat(timer.getId().getTag("exception")).as("exception of %s", timer.getId()).isEqualTo("none");
				assertThat(timer.getId().getTag("outcome")).as("outcome of %s", timer.getId())
					.isNotEqualTo("SERVER_ERROR");
				assertThat(timer.getId().getTag("status")).as("status of %s", timer.getId()).isNotEqualTo("500");
			});
		assertThat(observed.stopped(uri)).isNotEmpty()
			.allSatisfy((request) -> assertThat(request.error()).as("error of %s", request).isNull());
	}

	private MeterRegistry registry() {
		return this.server.context().getBean(MeterRegistry.class);
	}

	private Collection<Timer> timers(String uri) {
		return registry().find("http.server.requests").tag("uri", uri).timers();
	}

	/**
	 * Return how many requests {@code http.server.requests.active} counts.
	 */
	private int activeRequests() {
		return registry().find("http.server.requests.active")
			.longTaskTimers()
			.stream()
			.mapToInt(LongTaskTimer::activeTasks)
			.sum();
	}

	private static long count(MeterRegistry registry, String uri) {
		return registry.find("http.server.requests").tag("uri", uri).timers().stream().mapToLong(Timer::count).sum();
	}

	/**
	 * A stream a client has open, and how the test sends it an event.
	 */
	private record OpenStream(Endpoint endpoint, SseTestClient client, Publisher publisher) {

		void publish(String data) {
			this.publisher.publish(data);
		}

	}

	@FunctionalInterface
	private interface Publisher {

		void publish(String data);

	}

	/**
	 * A request's observation as it stopped.
	 *
	 * @param uri the request's path
	 * @param status the response status
	 * @param error the error the observation recorded, if any
	 */
	record ObservedRequest(String uri, int status, Throwable error) {

	}

	/**
	 * Keeps what each request's observation held when it stopped, the error that the timer's
	 * {@code exception} tag names; and the test's own streams.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ObservedRequests {

		private final Queue<ObservedRequest> stopped = new ConcurrentLinkedQueue<>();

		List<ObservedRequest> stopped(String uri) {
			return this.stopped.stream().filter((request) -> request.uri().equals(uri)).toList();
		}

		@Bean
		ObservationHandler<ServerRequestObservationContext> stoppedRequestRecorder() {
			return new ObservationHandler<>() {

				@Override
				public void onStop(ServerRequestObservationContext context) {
					ObservedRequests.this.stopped.add(new ObservedRequest(context.getCarrier().getRequestURI(),
							context.getResponse().getStatus(), context.getError()));
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return context instanceof ServerRequestObservationContext;
				}

			};
		}

		@Bean
		FailingStreamController failingStreamController(SseStreams streams) {
			return new FailingStreamController(streams);
		}

		@Bean
		HeldStream heldStream(SseStreams streams) {
			return new HeldStream(streams);
		}

	}

	/**
	 * {@code /test/held} opens a stream, then waits for the test to reset the connection
	 * before it returns the stream.
	 */
	@RestController
	static class HeldStream {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		private final SseStreams streams;

		HeldStream(SseStreams streams) {
			this.streams = streams;
		}

		@GetMapping("/test/held")
		SseStream held() throws InterruptedException {
			SseStream stream = this.streams.open();
			this.entered.countDown();
			this.release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			return stream;
		}

	}

	/**
	 * Opens a stream, then fails before it returns it; the application's global exception
	 * handler answers 500.
	 */
	@RestController
	static class FailingStreamController {

		private final SseStreams streams;

		FailingStreamController(SseStreams streams) {
			this.streams = streams;
		}

		@GetMapping("/test/failing")
		SseStream failing() {
			SseStream stream = this.streams.open();
			stream.send("connected", "{}");
			throw new IllegalStateException("The feed is not available");
		}

	}

}
