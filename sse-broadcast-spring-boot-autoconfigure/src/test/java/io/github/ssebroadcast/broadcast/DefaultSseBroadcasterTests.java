package io.github.ssebroadcast.broadcast;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.ssebroadcast.event.SseFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The broadcaster's core over a transport of the test's own, without a server: queues,
 * overflow policies and their bounds in events and in bytes, keep-alives, shutdown.
 */
class DefaultSseBroadcasterTests {

	/** Runs writers only when the test says: until then every client is a stalled one. */
	private final HeldExecutor writers = new HeldExecutor();

	private final List<DefaultSseBroadcaster> broadcasters = new ArrayList<>();

	@AfterEach
	void destroy() {
		this.broadcasters.forEach(DefaultSseBroadcaster::destroy);
	}

	@Test
	void everyClientGetsTheSameEncodedFrame() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		RecordingTransport first = new RecordingTransport();
		RecordingTransport second = new RecordingTransport();
		broadcaster.connect(first);
		broadcaster.connect(second);
		assertThat(broadcaster.broadcast("tick", "1")).isEqualTo(new BroadcastResult(2, 0));
		this.writers.runAll();
		assertThat(first.texts()).containsExactly("event: tick\ndata: 1\n\n");
		assertThat(first.frames.get(0)).isSameAs(second.frames.get(0));
	}

	@Test
	void disconnectPolicyEndsAClientPastTheQueueCapacity() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().clientQueueCapacity(3));
		RecordingTransport transport = new RecordingTransport();
		broadcaster.connect(transport);
		for (int i = 1; i <= 3; i++) {
			assertThat(broadcaster.broadcast("tick", String.valueOf(i))).isEqualTo(new BroadcastResult(1, 0));
		}
		assertThat(broadcaster.broadcast("tick", "4")).isEqualTo(new BroadcastResult(0, 1));
		assertThat(broadcaster.getClientCount()).isZero();
		assertThat(broadcaster.getDroppedEventCount()).isOne();
		this.writers.runAll();
		assertThat(transport.frames).isEmpty();
		assertThat(transport.completed).isTrue();
	}

	@Test
	void disconnectPolicyEndsAClientPastTheQueueByteBound() {
		DefaultSseBroadcaster broadcaster = broadcaster(
				DefaultSseBroadcaster.builder().clientQueueCapacity(1000).clientQueueMaxBytes(1000));
		RecordingTransport transport = new RecordingTransport();
		broadcaster.connect(transport);
		String data = "x".repeat(400);
		assertThat(broadcaster.broadcast("big", data)).isEqualTo(new BroadcastResult(1, 0));
		assertThat(broadcaster.broadcast("big", data)).isEqualTo(new BroadcastResult(1, 0));
		assertThat(broadcaster.broadcast("big", data)).isEqualTo(new BroadcastResult(0, 1));
		assertThat(broadcaster.getClientCount()).isZero();
		this.writers.runAll();
		assertThat(transport.frames).isEmpty();
		assertThat(transport.completed).isTrue();
	}

	@Test
	void dropOldestKeepsTheNewestEventsWithinTheQueueCapacity() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder()
			.clientQueueCapacity(3)
			.overflowPolicy(OverflowPolicy.DROP_OLDEST));
		RecordingTransport transport = new RecordingTransport();
		broadcaster.connect(transport);
		int overflowed = 0;
		for (int i = 1; i <= 5; i++) {
			BroadcastResult result = broadcaster.broadcast("tick", String.valueOf(i));
			assertThat(result.queued()).isOne();
			overflowed += result.overflowed();
		}
		assertThat(overflowed).isEqualTo(2);
		this.writers.runAll();
		assertThat(transport.texts()).containsExactly("event: tick\ndata: 3\n\n", "event: tick\ndata: 4\n\n",
				"event: tick\ndata: 5\n\n");
		assertThat(broadcaster.getClientCount()).isOne();
	}

	@Test
	void dropOldestKeepsTheNewestEventsWithinTheQueueByteBound() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder()
			.clientQueueMaxBytes(1000)
			.overflowPolicy(OverflowPolicy.DROP_OLDEST));
		RecordingTransport transport = new RecordingTransport();
		broadcaster.connect(transport);
		for (int i = 1; i <= 4; i++) {
			assertThat(broadcaster.broadcast("big", i + "x".repeat(400)).queued()).isOne();
		}
		this.writers.runAll();
		assertThat(transport.texts()).extracting((text) -> text.charAt("event: big\ndata: ".length()))
			.containsExactly('3', '4');
	}

	@Test
	void anEventLargerThanTheByteBoundIsQueuedAloneWhateverThePolicy() {
		for (OverflowPolicy policy : OverflowPolicy.values()) {
			DefaultSseBroadcaster broadcaster = broadcaster(
					DefaultSseBroadcaster.builder().clientQueueMaxBytes(100).overflowPolicy(policy));
			RecordingTransport transport = new RecordingTransport();
			broadcaster.connect(transport);
			String big = "x".repeat(200);
			assertThat(broadcaster.broadcast("big", big)).as(policy.name()).isEqualTo(new BroadcastResult(1, 0));
			this.writers.runAll();
			assertThat(transport.texts()).containsExactly("event: big\ndata: " + big + "\n\n");
		}
	}

	@Test
	void anEventLargerThanTheByteBoundBehindOthersOverflows() {
		DefaultSseBroadcaster dropping = broadcaster(
				DefaultSseBroadcaster.builder().clientQueueMaxBytes(100).overflowPolicy(OverflowPolicy.DROP_OLDEST));
		RecordingTransport kept = new RecordingTransport();
		dropping.connect(kept);
		dropping.broadcast("small", "1");
		assertThat(dropping.broadcast("big", "x".repeat(200))).isEqualTo(new BroadcastResult(1, 1));
		DefaultSseBroadcaster disconnecting = broadcaster(DefaultSseBroadcaster.builder().clientQueueMaxBytes(100));
		RecordingTransport ended = new RecordingTransport();
		disconnecting.connect(ended);
		disconnecting.broadcast("small", "1");
		assertThat(disconnecting.broadcast("big", "x".repeat(200))).isEqualTo(new BroadcastResult(0, 1));
		this.writers.runAll();
		assertThat(kept.texts()).singleElement().asString().startsWith("event: big\n");
		assertThat(dropping.getClientCount()).isOne();
		assertThat(ended.frames).isEmpty();
		assertThat(disconnecting.getClientCount()).isZero();
	}

	@Test
	void keepAliveNeverTakesThePlaceOfAnEvent() {
		// every stream counts as silent at once
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().keepAlive(Duration.ofNanos(2)));
		RecordingTransport transport = new RecordingTransport();
		broadcaster.connect(transport);
		broadcaster.broadcast("tick", "1");
		broadcaster.sendKeepAlive();
		this.writers.runAll();
		assertThat(transport.texts()).containsExactly("event: tick\ndata: 1\n\n");
		broadcaster.sendKeepAlive();
		this.writers.runAll();
		assertThat(transport.texts()).hasSize(2).last().asString().startsWith(": keep-alive ");
	}

	@Test
	void keepAliveSkipsAStreamThatSentSomethingWithinHalfTheInterval() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().keepAlive(Duration.ofHours(1)));
		RecordingTransport transport = new RecordingTransport();
		broadcaster.connect(transport);
		broadcaster.sendKeepAlive();
		this.writers.runAll();
		assertThat(transport.frames).isEmpty();
	}

	@Test
	void aClientThatLeftIsRemovedAtItsNextWrite() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		RecordingTransport transport = new RecordingTransport();
		broadcaster.connect(transport);
		transport.gone = true;
		assertThat(broadcaster.broadcast("tick", "1").queued()).isOne();
		assertThat(broadcaster.getClientCount()).isOne();
		this.writers.runAll();
		assertThat(broadcaster.getClientCount()).isZero();
		assertThat(transport.completed).as("complete() on a stream whose write failed").isFalse();
		assertThat(broadcaster.broadcast("tick", "2")).isEqualTo(new BroadcastResult(0, 0));
	}

	@Test
	void stopSendsWhatWasQueuedThenTheReconnectTimeThenEndsEveryStream() throws Exception {
		ExecutorService writer = Executors.newSingleThreadExecutor();
		try {
			DefaultSseBroadcaster broadcaster = DefaultSseBroadcaster.builder()
				.writerExecutor(writer)
				.reconnectTime(Duration.ofSeconds(3))
				.build();
			this.broadcasters.add(broadcaster);
			broadcaster.start();
			RecordingTransport transport = new RecordingTransport();
			broadcaster.connect(transport);
			broadcaster.broadcast("tick", "1");
			broadcaster.broadcast("tick", "2");
			broadcaster.stop();
			assertThat(broadcaster.getClientCount()).isZero();
			assertThat(transport.texts()).containsExactly("event: tick\ndata: 1\n\n", "event: tick\ndata: 2\n\n",
					"retry: 3000\n\n");
			assertThat(transport.completed).isTrue();
			assertThat(broadcaster.broadcast("tick", "3")).isEqualTo(new BroadcastResult(0, 0));
			assertThatExceptionOfType(SseSubscriptionRejectedException.class)
				.isThrownBy(() -> broadcaster.connect(new RecordingTransport()))
				.withMessage("The server is shutting down");
		}
		finally {
			writer.shutdown();
			assertThat(writer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void clientsPastTheLimitAreRefused() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().maxClients(2));
		broadcaster.connect(new RecordingTransport());
		broadcaster.connect(new RecordingTransport());
		assertThatExceptionOfType(SseSubscriptionRejectedException.class)
			.isThrownBy(() -> broadcaster.connect(new RecordingTransport()))
			.withMessage("The limit of 2 connected clients is reached");
		assertThat(broadcaster.getClientCount()).isEqualTo(2);
	}

	private DefaultSseBroadcaster broadcaster(DefaultSseBroadcaster.Builder builder) {
		DefaultSseBroadcaster broadcaster = builder.writerExecutor(this.writers).build();
		this.broadcasters.add(broadcaster);
		return broadcaster;
	}

	/**
	 * Keeps the writers handed to it until {@link #runAll()}.
	 */
	static final class HeldExecutor implements Executor {

		private final Queue<Runnable> tasks = new ArrayDeque<>();

		@Override
		public void execute(Runnable task) {
			this.tasks.add(task);
		}

		void runAll() {
			Runnable task;
			while ((task = this.tasks.poll()) != null) {
				task.run();
			}
		}

	}

	/**
	 * Records what is sent to it, or refuses it once its client is gone.
	 */
	static final class RecordingTransport implements SseTransport {

		final List<SseFrame> frames = new ArrayList<>();

		volatile boolean gone;

		volatile boolean completed;

		@Override
		public synchronized boolean send(SseFrame[] frames, int count) {
			if (this.gone || this.completed) {
				return false;
			}
			for (int i = 0; i < count; i++) {
				this.frames.add(frames[i]);
			}
			return true;
		}

		@Override
		public void complete() {
			this.completed = true;
		}

		synchronized List<String> texts() {
			return this.frames.stream().map(SseFrame::toString).toList();
		}

	}

}
