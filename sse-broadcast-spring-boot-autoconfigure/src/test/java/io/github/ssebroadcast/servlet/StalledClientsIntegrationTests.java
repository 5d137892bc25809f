package io.github.ssebroadcast.servlet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.broadcast.SseWriterExecutors;
import io.github.ssebroadcast.test.OpenRequests;
import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.TestApplication;
import io.github.ssebroadcast.test.TestBootLine;
import io.github.ssebroadcast.test.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * More clients that stopped reading than any pool has threads, on Tomcat and on Jetty, over
 * real sockets: writers never block on them, so readers get every event as if they were
 * not there, stalled clients are ended after the write timeout, whatever the container's own
 * timeouts, their requests completed and their connections closed, and a shutdown does not
 * wait for them.
 */
class StalledClientsIntegrationTests {

	/** More than Tomcat's and Jetty's 200 request threads, and than any writer pool. */
	private static final int STALLED = 250;

	/** Stalled clients ended at once, more than the few request threads their server has. */
	private static final int ENDED_STALLED = 40;

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** Large enough that a stalled client's socket buffers fill at the first events. */
	private static final String PAYLOAD = "x".repeat(64 * 1024);

	/** Events of {@link #PAYLOAD} that fill a stalled client's socket, about 4 MB on Linux. */
	private static final int FILL_EVENTS = 100;

	enum Container {

		TOMCAT(new Class<?>[0]), JETTY(new Class<?>[] { TestBootLine.OnJetty.class });

		private final Class<?>[] configurations;

		Container(Class<?>[] configurations) {
			this.configurations = configurations;
		}

	}

	private final List<SseTestClient> clients = new ArrayList<>();

	private TestServer server;

	@AfterEach
	void closeClientsAndServer() {
		this.clients.forEach(SseTestClient::close);
		if (this.server != null) {
			this.server.close();
		}
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void stalledClientsBeyondEveryThreadPoolDelayNoReaderAndHoldNoThread(Container container) throws Exception {
		// dropping the oldest events keeps the stalled clients connected, their sockets full
		// writer threads of other servers of this JVM may still be ending
		long writerThreadsBefore = threadsNamed("sse-writer-");
		start(container, "sse.broadcast.overflow-policy=drop-oldest", "sse.broadcast.write-timeout=1h");
		DefaultSseBroadcaster broadcaster = this.server.context().getBean(DefaultSseBroadcaster.class);
		SseTestClient reader = connectReaderAmongStalledClients(broadcaster);
		for (int i = 0; i < FILL_EVENTS; i++) {
			broadcaster.broadcast("big", i + PAYLOAD);
			assertThat(reader.nextEvent(TIMEOUT).data()).startsWith(i + "x");
		}
		for (int i = 0; i < 10; i++) {
			broadcaster.broadcast("small", String.valueOf(i));
			assertThat(reader.nextEvent(TIMEOUT).data()).isEqualTo(String.valueOf(i));
		}
		assertThat(broadcaster.getClientCount()).isEqualTo(STALLED + 1);
		assertThat(threadsNamed("sse-writer-") - writerThreadsBefore)
			.isLessThanOrEqualTo(SseWriterExecutors.defaultThreads());
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void stalledClientsAreEndedAfterTheWriteTimeoutAndTheirConnectionsClosed(Container container) throws Exception {
		start(container, "sse.broadcast.overflow-policy=drop-oldest", "sse.broadcast.write-timeout=2s");
		DefaultSseBroadcaster broadcaster = this.server.context().getBean(DefaultSseBroadcaster.class);
		SseTestClient reader = connectReaderAmongStalledClients(broadcaster);
		// the socket buffers of the stalled clients fill, then they take nothing for 2 s
		await().atMost(TIMEOUT).until(() -> {
			broadcaster.broadcast("big", PAYLOAD);
			return broadcaster.getClientCount() == 1;
		});
		await().atMost(TIMEOUT).until(() -> openConnections(this.server.context()), (count) -> count <= 1);
		broadcaster.broadcast("after", "1");
		String name;
		do {
			name = reader.nextEvent(TIMEOUT).name();
		}
		while (name.equals("big"));
		assertThat(name).isEqualTo("after");
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void clientEndedByTheWriteTimeoutHasItsRequestCompletedAndItsConnectionClosed(Container container)
			throws Exception {
		start(container, "sse.broadcast.overflow-policy=drop-oldest", "sse.broadcast.write-timeout=1s",
				"server.tomcat.connection-timeout=5m", "server.jetty.connection-idle-timeout=5m");
		DefaultSseBroadcaster broadcaster = this.server.context().getBean(DefaultSseBroadcaster.class);
		OpenRequests requests = this.server.context().getBean(OpenRequests.class);
		SseTestClient stalled = SseTestClient.connectStalled(this.server.port(), "/sse/broadcast");
		this.clients.add(stalled);
		await().atMost(TIMEOUT).until(() -> broadcaster.getClientCount() == 1);
		await().atMost(TIMEOUT).until(() -> {
			broadcaster.broadcast("big", PAYLOAD);
			return broadcaster.getClientCount() == 0;
		});
		// the request ends as any asynchronous request does: its listeners, Spring MVC's and
		// the observation filter's among them, hear of it
		await().atMost(TIMEOUT).until(requests::count, (count) -> count == 0);
		assertThat(stalled.awaitClosedByServer(TIMEOUT)).isTrue();
		await().atMost(TIMEOUT).until(() -> openConnections(this.server.context()), (count) -> count == 0);
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void streamTimeoutEndsStalledClientsWithoutParkingRequestThreads(Container container) throws Exception {
		start(container, "sse.broadcast.overflow-policy=drop-oldest", "sse.broadcast.write-timeout=1h",
				"sse.broadcast.timeout=3s");
		DefaultSseBroadcaster broadcaster = this.server.context().getBean(DefaultSseBroadcaster.class);
		connectStalled(STALLED);
		await().atMost(TIMEOUT).until(() -> broadcaster.getClientCount() == STALLED);
		// the container's timeout ends them, while their sockets are full: ending one never
		// waits for a write
		await().atMost(TIMEOUT).until(() -> {
			broadcaster.broadcast("big", PAYLOAD);
			return broadcaster.getClientCount() == 0;
		});
		SseTestClient late = connect("/sse/broadcast");
		assertThat(late.nextEvent(TIMEOUT).name()).isEqualTo("connected");
		broadcaster.broadcast("tick", "1");
		assertThat(late.nextEvent(TIMEOUT).name()).isEqualTo("tick");
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void shutdownDoesNotWaitForStalledClients(Container container) throws Exception {
		start(container, "sse.broadcast.overflow-policy=drop-oldest", "sse.broadcast.write-timeout=1h",
				"server.shutdown=graceful", "spring.lifecycle.timeout-per-shutdown-phase=2m");
		DefaultSseBroadcaster broadcaster = this.server.context().getBean(DefaultSseBroadcaster.class);
		connectStalled(STALLED);
		await().atMost(TIMEOUT).until(() -> broadcaster.getClientCount() == STALLED);
		// more than the sockets hold: their writes wait for clients that read nothing
		for (int i = 0; i < FILL_EVENTS; i++) {
			broadcaster.broadcast("big", PAYLOAD);
		}
		TestServer stopping = this.server;
		this.server = null;
		// far below the shutdown phase's two minutes, which a wait for them would take
		CompletableFuture.runAsync(stopping::close).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(broadcaster.getClientCount()).isZero();
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void stalledClientsEndedWithTheTailOfAnEventUnwrittenHoldNoRequestThread(Container container) throws Exception {
		// few request threads, and a container write timeout far beyond the test's: a request
		// thread that ending a stream left waiting to write to a full socket would hold its
		// request open past every wait below
		start(container, "sse.broadcast.overflow-policy=drop-oldest", "sse.broadcast.write-timeout=1h",
				"server.tomcat.threads.max=4", "server.tomcat.connection-timeout=5m",
				"server.jetty.connection-idle-timeout=5m");
		DefaultSseBroadcaster broadcaster = this.server.context().getBean(DefaultSseBroadcaster.class);
		OpenRequests requests = this.server.context().getBean(OpenRequests.class);
		connectStalled(ENDED_STALLED);
		await().atMost(TIMEOUT).until(() -> broadcaster.getClientCount() == ENDED_STALLED);
		// events just short of a multiple of the response buffer: once the socket takes no
		// more, the container keeps their last few KiB in the response buffer
		String payload = "x".repeat(5 * 4096 - 200);
		for (int i = 0; i < 3 * FILL_EVENTS; i++) {
			broadcaster.broadcast("big", payload);
		}
		// ends every stream whose client takes nothing: each request ends at once, though its
		// response buffer holds bytes its client will never take
		broadcaster.stop();
		assertThat(broadcaster.getClientCount()).isZero();
		await().atMost(Duration.ofSeconds(10)).until(requests::count, (count) -> count == 0);
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void sendingToAPerConnectionStreamOfAStalledClientNeverBlocks(Container container) throws Exception {
		start(container, "sse.broadcast.client-queue-max-bytes=1MB");
		TestApplication.handedOverStreams.clear();
		SseTestClient stalled = SseTestClient.connectStalled(this.server.port(), "/test/handed-over");
		this.clients.add(stalled);
		SseStream stream = TestApplication.handedOverStreams.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(stream).isNotNull();
		// every send returns at once: the socket's buffers fill, then the backlog, whose bound
		// ends the stream
		int accepted = CompletableFuture.supplyAsync(() -> {
			int sent = 0;
			while (sent < 1000 && stream.send("big", PAYLOAD)) {
				sent++;
			}
			return sent;
		}).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(accepted).isBetween(1, 999);
		assertThat(stream.isOpen()).isFalse();
		await().atMost(TIMEOUT).until(() -> openConnections(this.server.context()), (count) -> count == 0);
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void perConnectionStreamIsEndedAfterTheWriteTimeoutThoughNothingMoreIsSent(Container container)
			throws Exception {
		SseTestClient stalled = openPerConnectionStreamOfStalledClient(container);
		// nothing more is sent, which would have found that the deadline has passed
		assertEndedWithItsRequestAndConnection(stalled);
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void perConnectionStreamCompletedWhileItsClientTakesNothingIsEndedAfterTheWriteTimeout(Container container)
			throws Exception {
		SseTestClient stalled = openPerConnectionStreamOfStalledClient(container);
		SseStream stream = TestApplication.handedOverStreams.remove();
		// completes once the client has taken what waits for it, which it never does
		stream.complete();
		assertEndedWithItsRequestAndConnection(stalled);
	}

	/**
	 * Open a per-connection stream for a client that reads nothing, and send to it until
	 * its socket takes no more, then as much again, more than the socket's buffers could
	 * ever take, which waits in the stream's backlog; the stream is left in
	 * {@link TestApplication#handedOverStreams}.
	 */
	private SseTestClient openPerConnectionStreamOfStalledClient(Container container) throws Exception {
		// a backlog larger than what is sent, and container timeouts far beyond the test's
		start(container, "sse.broadcast.client-queue-max-bytes=64MB", "sse.broadcast.write-timeout=1s",
				"server.tomcat.connection-timeout=5m", "server.jetty.connection-idle-timeout=5m");
		TestApplication.handedOverStreams.clear();
		SseTestClient stalled = SseTestClient.connectStalled(this.server.port(), "/test/handed-over");
		this.clients.add(stalled);
		SseStream stream = TestApplication.nextHandedOverStreamFilled(TIMEOUT, PAYLOAD, FILL_EVENTS);
		for (int i = 0; i < FILL_EVENTS; i++) {
			assertThat(stream.send("big", PAYLOAD)).isTrue();
		}
		TestApplication.handedOverStreams.add(stream);
		return stalled;
	}

	private void assertEndedWithItsRequestAndConnection(SseTestClient stalled) throws Exception {
		OpenRequests requests = this.server.context().getBean(OpenRequests.class);
		await().atMost(TIMEOUT).until(requests::count, (count) -> count == 0);
		assertThat(stalled.awaitClosedByServer(TIMEOUT)).isTrue();
		await().atMost(TIMEOUT).until(() -> openConnections(this.server.context()), (count) -> count == 0);
	}

	@ParameterizedTest
	@EnumSource(Container.class)
	void sendingMoreThanTheBacklogHoldsBeforeReturningTheStreamEndsItAndItsConnection(Container container)
			throws Exception {
		start(container, "sse.broadcast.client-queue-max-bytes=1MB");
		// 20 events of 64 KiB before the handler returns the stream: past the 1 MB bound
		SseTestClient stalled = SseTestClient.connectStalled(this.server.port(), "/test/sent-before-return?count=20&size=65536");
		this.clients.add(stalled);
		await().atMost(TIMEOUT).until(() -> openConnections(this.server.context()), (count) -> count == 0);
	}

	private void start(Container container, String... properties) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add("sse.broadcast.keep-alive=0");
		all.add("sse.broadcast.max-clients=0");
		List<Class<?>> configurations = new ArrayList<>(List.of(container.configurations));
		configurations.add(OpenRequests.class);
		this.server = TestServer.start(configurations.toArray(new Class<?>[0]), all.toArray(new String[0]));
		assertThat(TestBootLine.isJetty(this.server.context())).isEqualTo(container == Container.JETTY);
	}

	/**
	 * Connect {@link #STALLED} clients that never read, and one that reads.
	 */
	private SseTestClient connectReaderAmongStalledClients(DefaultSseBroadcaster broadcaster) throws Exception {
		connectStalled(STALLED);
		SseTestClient reader = connect("/sse/broadcast");
		assertThat(reader.nextEvent(TIMEOUT).name()).isEqualTo("connected");
		await().atMost(TIMEOUT).until(() -> broadcaster.getClientCount() == STALLED + 1);
		return reader;
	}

	private void connectStalled(int count) throws Exception {
		for (int i = 0; i < count; i++) {
			this.clients.add(SseTestClient.connectStalled(this.server.port(), "/sse/broadcast"));
		}
	}

	private SseTestClient connect(String path) throws Exception {
		SseTestClient client = SseTestClient.connect(this.server.port(), path);
		this.clients.add(client);
		return client;
	}

	private static long threadsNamed(String prefix) {
		return Thread.getAllStackTraces().keySet().stream().filter((thread) -> thread.getName().startsWith(prefix)).count();
	}

	/**
	 * Return how many connections the server holds open.
	 */
	static long openConnections(ApplicationContext context) {
		if (TestBootLine.isJetty(context)) {
			return TestBootLine.jettyConnector(context).getConnectedEndPoints().size();
		}
		// Tomcat counts one more: the connection its acceptor is waiting for
		return TestBootLine.tomcatProtocol(context).getConnectionCount() - 1;
	}

}
