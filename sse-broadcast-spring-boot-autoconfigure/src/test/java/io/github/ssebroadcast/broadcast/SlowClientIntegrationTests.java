package io.github.ssebroadcast.broadcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.SseTestClient.Event;
import io.github.ssebroadcast.test.TestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading, among clients that read, over real sockets.
 */
class SlowClientIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int EVENTS = 10_000;

	private static final int WINDOW = 16;

	/** Large enough that the stalled client's socket buffers fill long before the end. */
	private static final String PAYLOAD = "x".repeat(1024);

	@Test
	void slowClientIsDisconnectedAndDoesNotDelayOthers() throws Exception {
		Outcome outcome = publishWithStalledClients("disconnect", 1);
		assertThat(outcome.overflowed()).isEqualTo(1);
		assertThat(outcome.clientCount()).isEqualTo(2);
		assertThat(outcome.dropped()).isEqualTo(1);
	}

	@Test
	void slowClientLosesOldestEventsAndStaysConnectedWithDropOldest() throws Exception {
		Outcome outcome = publishWithStalledClients("drop-oldest", 1);
		assertThat(outcome.overflowed()).isPositive();
		assertThat(outcome.clientCount()).isEqualTo(3);
		assertThat(outcome.dropped()).isEqualTo(outcome.overflowed());
	}

	@Test
	void moreStalledClientsThanWriterThreadsDoNotStopReaders() throws Exception {
		// one writer thread per CPU (at least 2) serves every client: none may wait for a
		// client that stopped reading
		int stalledCount = 2 * Math.max(2, Runtime.getRuntime().availableProcessors()) + 2;
		Outcome outcome = publishWithStalledClients("drop-oldest", stalledCount);
		assertThat(outcome.overflowed()).isPositive();
		assertThat(outcome.clientCount()).isEqualTo(2 + stalledCount);
	}

	/**
	 * Publish every event to two clients that read and {@code stalledCount} that stopped
	 * reading, checking that the readers get every event in order.
	 */
	private static Outcome publishWithStalledClients(String overflowPolicy, int stalledCount) throws Exception {
		List<SseTestClient> stalled = new ArrayList<>();
		try (TestServer server = TestServer.start("sse.broadcast.client-queue-capacity=64",
				"sse.broadcast.overflow-policy=" + overflowPolicy, "sse.broadcast.keep-alive=0");
				SseTestClient first = SseTestClient.connect(server.port(), "/sse/broadcast");
				SseTestClient second = SseTestClient.connect(server.port(), "/sse/broadcast");
				// closed before the server, which would otherwise wait for their blocked writes
				AutoCloseable closeStalled = () -> stalled.forEach(SseTestClient::close)) {
			for (int i = 0; i < stalledCount; i++) {
				stalled.add(SseTestClient.connectStalled(server.port(), "/sse/broadcast"));
			}
			DefaultSseBroadcaster broadcaster = server.context().getBean(DefaultSseBroadcaster.class);
			awaitConnected(broadcaster, 2 + stalledCount, first, second);
			int overflowed = publishWhileReading(broadcaster, first, second);
			return new Outcome(overflowed, broadcaster.getClientCount(), broadcaster.getDroppedEventCount());
		}
	}

	private static void awaitConnected(SseBroadcaster broadcaster, int count, SseTestClient... readers)
			throws InterruptedException {
		for (SseTestClient reader : readers) {
			assertThat(reader.nextEvent(TIMEOUT).name()).isEqualTo("connected");
		}
		await().atMost(TIMEOUT).until(() -> broadcaster.getClientCount() == count);
	}

	/**
	 * Publish every event while the readers read them in order, and return how many times a
	 * full queue was met. The publisher stays at most {@link #WINDOW} events ahead of the
	 * readers, fewer than their queue holds, so that readers that keep up never overflow
	 * while the stalled client, which reads nothing, does.
	 */
	private static int publishWhileReading(SseBroadcaster broadcaster, SseTestClient... readers)
			throws InterruptedException {
		int overflowed = 0;
		for (int i = 0; i < EVENTS + WINDOW; i++) {
			if (i < EVENTS) {
				overflowed += broadcaster.broadcast("n", i + ":" + PAYLOAD, String.valueOf(i), null).overflowed();
			}
			int expected = i - WINDOW;
			if (expected >= 0) {
				for (SseTestClient reader : List.of(readers)) {
					assertThat(reader.nextEvent(TIMEOUT))
						.isEqualTo(new Event(String.valueOf(expected), "n", expected + ":" + PAYLOAD));
				}
			}
		}
		return overflowed;
	}

	record Outcome(int overflowed, int clientCount, long dropped) {
	}

}
