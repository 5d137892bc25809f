package io.github.ssebroadcast.broadcast;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

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
		connect(broadcaster, first);
		connect(broadcaster, second);
		assertThat(broadcaster.broadcast("tick", "1")).isEqualTo(new BroadcastResult(2, 0));
		this.writers.runAll();
		assertThat(first.texts()).containsExactly("event: tick\ndata: 1\n\n");
		assertThat(first.frames.get(1)).isSameAs(second.frames.get(1));
	}

	@Test
	void disconnectPolicyEndsAClientPastTheQueueCapacity() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().clientQueueCapacity(3));
		RecordingTransport transport = new RecordingTransport();
		connect(broadcaster, transport);
		for (int i = 1; i <= 3; i++) {
			assertThat(broadcaster.broadcast("tick", String.valueOf(i))).isEqualTo(new BroadcastResult(1, 0));
		}
		assertThat(broadcaster.broadcast("tick", "4")).isEqualTo(new BroadcastResult(0, 1));
		assertThat(broadcaster.getClientCount()).isZero();
		assertThat(broadcaster.getDroppedEventCount()).isOne();
		this.writers.runAll();
		assertThat(transport.texts()).isEmpty();
		assertThat(transport.aborted).isTrue();
	}

	@Test
	void disconnectPolicyEndsAClientPastTheQueueByteBound() {
		DefaultSseBroadcaster broadcaster = broadcaster(
				DefaultSseBroadcaster.builder().clientQueueCapacity(1000).clientQueueMaxBytes(1000));
		RecordingTransport transport = new RecordingTransport();
		connect(broadcaster, transport);
		String data = "x".repeat(400);
		assertThat(broadcaster.broadcast("big", data)).isEqualTo(new BroadcastResult(1, 0));
		assertThat(broadcaster.broadcast("big", data)).isEqualTo(new BroadcastResult(1, 0));
		assertThat(broadcaster.broadcast("big", data)).isEqualTo(new BroadcastResult(0, 1));
		assertThat(broadcaster.getClientCount()).isZero();
		this.writers.runAll();
		assertThat(transport.texts()).isEmpty();
		assertThat(transport.aborted).isTrue();
	}

	@Test
	void dropOldestKeepsTheNewestEventsWithinTheQueueCapacity() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder()
			.clientQueueCapacity(3)
			.overflowPolicy(OverflowPolicy.DROP_OLDEST));
		RecordingTransport transport = new RecordingTransport();
		connect(broadcaster, transport);
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
		connect(broadcaster, transport);
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
			connect(broadcaster, transport);
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
		connect(dropping, kept);
		dropping.broadcast("small", "1");
		assertThat(dropping.broadcast("big", "x".repeat(200))).isEqualTo(new BroadcastResult(1, 1));
		DefaultSseBroadcaster disconnecting = broadcaster(DefaultSseBroadcaster.builder().clientQueueMaxBytes(100));
		RecordingTransport ended = new RecordingTransport();
		connect(disconnecting, ended);
		disconnecting.broadcast("small", "1");
		assertThat(disconnecting.broadcast("big", "x".repeat(200))).isEqualTo(new BroadcastResult(0, 1));
		this.writers.runAll();
		assertThat(kept.texts()).singleElement().asString().startsWith("event: big\n");
		assertThat(dropping.getClientCount()).isOne();
		assertThat(ended.texts()).isEmpty();
		assertThat(ended.aborted).isTrue();
		assertThat(disconnecting.getClientCount()).isZero();
	}

	@Test
	void keepAliveNeverTakesThePlaceOfAnEvent() {
		// every stream counts as silent at once
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().keepAlive(Duration.ofNanos(2)));
		RecordingTransport transport = new RecordingTransport();
		connect(broadcaster, transport);
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
		connect(broadcaster, transport);
		broadcaster.sendKeepAlive();
		this.writers.runAll();
		assertThat(transport.texts()).isEmpty();
	}

	@Test
	void aClientThatLeftIsRemovedAtItsNextWrite() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		RecordingTransport transport = new RecordingTransport();
		connect(broadcaster, transport);
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
				.replay(false)
				.writerExecutor(writer)
				.reconnectTime(Duration.ofSeconds(3))
				.build();
			this.broadcasters.add(broadcaster);
			broadcaster.start();
			RecordingTransport transport = new RecordingTransport();
			connect(broadcaster, transport);
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
	void aClientWhoseTransportTakesNothingHoldsNoWriterThread() throws Exception {
		ExecutorService writer = Executors.newSingleThreadExecutor();
		try {
			DefaultSseBroadcaster broadcaster = DefaultSseBroadcaster.builder().replay(false).writerExecutor(writer).build();
			this.broadcasters.add(broadcaster);
			List<RecordingTransport> stalled = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				RecordingTransport transport = new RecordingTransport();
				transport.ready = false;
				broadcaster.connect(transport);
				stalled.add(transport);
			}
			RecordingTransport healthy = new RecordingTransport();
			broadcaster.connect(healthy);
			for (int i = 1; i <= 100; i++) {
				assertThat(broadcaster.broadcast("tick", String.valueOf(i)).queued()).isEqualTo(11);
			}
			// the one writer thread serves the healthy client while ten others take nothing
			writer.submit(() -> null).get(10, TimeUnit.SECONDS);
			assertThat(healthy.texts()).hasSize(100).last().isEqualTo("event: tick\ndata: 100\n\n");
			assertThat(stalled).allSatisfy((transport) -> assertThat(transport.frames).isEmpty());
			assertThat(broadcaster.getClientCount()).isEqualTo(11);
		}
		finally {
			writer.shutdownNow();
		}
	}

	@Test
	void aClientResumesWhenItsTransportTakesBytesAgain() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		RecordingTransport transport = new RecordingTransport();
		connect(broadcaster, transport);
		transport.ready = false;
		broadcaster.broadcast("tick", "1");
		broadcaster.broadcast("tick", "2");
		this.writers.runAll();
		assertThat(transport.texts()).isEmpty();
		broadcaster.broadcast("tick", "3");
		this.writers.runAll();
		assertThat(transport.texts()).as("publishers only queue while the writer waits").isEmpty();
		transport.takeBytesAgain();
		this.writers.runAll();
		assertThat(transport.texts()).containsExactly("event: tick\ndata: 1\n\n", "event: tick\ndata: 2\n\n",
				"event: tick\ndata: 3\n\n");
		broadcaster.broadcast("tick", "4");
		this.writers.runAll();
		assertThat(transport.texts()).hasSize(4);
	}

	@Test
	void aWritePossibleSignalThatComesBeforeTheWriterWaitsIsNotLost() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		RecordingTransport transport = new RecordingTransport() {

			@Override
			public boolean isReady() {
				if (!this.ready) {
					// the container calls back on another thread before the writer waits
					this.ready = true;
					this.connection.writePossible();
					return false;
				}
				return true;
			}

		};
		connect(broadcaster, transport);
		transport.ready = false;
		broadcaster.broadcast("tick", "1");
		this.writers.runAll();
		assertThat(transport.texts()).containsExactly("event: tick\ndata: 1\n\n");
	}

	@Test
	void aClientThatTakesNothingForTheWriteTimeoutIsEndedAndItsQueueDropped() {
		FakeClock clock = new FakeClock();
		DefaultSseBroadcaster broadcaster = broadcaster(
				DefaultSseBroadcaster.builder().writeTimeout(Duration.ofSeconds(10)).nanoClock(clock));
		RecordingTransport transport = new RecordingTransport();
		connect(broadcaster, transport);
		transport.ready = false;
		broadcaster.broadcast("tick", "1");
		this.writers.runAll();
		clock.advance(Duration.ofSeconds(9));
		assertThat(broadcaster.endStalledClients()).isZero();
		// taking bytes now and then restarts the deadline
		transport.takeBytesAgain();
		this.writers.runAll();
		transport.ready = false;
		broadcaster.broadcast("tick", "2");
		this.writers.runAll();
		clock.advance(Duration.ofSeconds(9));
		assertThat(broadcaster.endStalledClients()).isZero();
		assertThat(broadcaster.getClientCount()).isOne();
		clock.advance(Duration.ofSeconds(1));
		assertThat(broadcaster.endStalledClients()).isOne();
		assertThat(transport.aborted).isTrue();
		assertThat(broadcaster.getClientCount()).isZero();
		assertThat(broadcaster.broadcast("tick", "3")).isEqualTo(new BroadcastResult(0, 0));
		transport.takeBytesAgain();
		this.writers.runAll();
		assertThat(transport.texts()).containsExactly("event: tick\ndata: 1\n\n");
	}

	@Test
	void aClientWhoseTransportStillHoldsWhatWasWrittenIsStalledWithNothingQueued() {
		FakeClock clock = new FakeClock();
		DefaultSseBroadcaster broadcaster = broadcaster(
				DefaultSseBroadcaster.builder().writeTimeout(Duration.ofSeconds(10)).nanoClock(clock));
		RecordingTransport transport = new RecordingTransport() {

			@Override
			public synchronized boolean send(SseFrame[] frames, int count) {
				boolean sent = super.send(frames, count);
				// the socket took part of it: the container holds the rest
				this.ready = false;
				return sent;
			}

		};
		connect(broadcaster, transport);
		transport.takeBytesAgain();
		broadcaster.broadcast("big", "x".repeat(1000));
		this.writers.runAll();
		assertThat(transport.texts()).hasSize(1);
		clock.advance(Duration.ofSeconds(10));
		assertThat(broadcaster.endStalledClients()).isOne();
		assertThat(transport.aborted).isTrue();
	}

	@Test
	void anIdleClientIsNeverStalledHoweverLongItWaits() {
		FakeClock clock = new FakeClock();
		DefaultSseBroadcaster broadcaster = broadcaster(
				DefaultSseBroadcaster.builder().writeTimeout(Duration.ofSeconds(10)).nanoClock(clock));
		RecordingTransport transport = new RecordingTransport();
		connect(broadcaster, transport);
		clock.advance(Duration.ofHours(1));
		assertThat(broadcaster.endStalledClients()).isZero();
		assertThat(broadcaster.getClientCount()).isOne();
	}

	@Test
	void keepAliveGoesOnlyToStreamsSilentForHalfTheInterval() {
		FakeClock clock = new FakeClock();
		DefaultSseBroadcaster broadcaster = broadcaster(
				DefaultSseBroadcaster.builder().keepAlive(Duration.ofSeconds(20)).nanoClock(clock));
		RecordingTransport transport = new RecordingTransport();
		connect(broadcaster, transport);
		clock.advance(Duration.ofSeconds(9));
		broadcaster.sendKeepAlive();
		this.writers.runAll();
		assertThat(transport.texts()).isEmpty();
		clock.advance(Duration.ofSeconds(1));
		broadcaster.sendKeepAlive();
		this.writers.runAll();
		assertThat(transport.texts()).singleElement().asString().startsWith(": keep-alive ");
		clock.advance(Duration.ofSeconds(5));
		broadcaster.broadcast("tick", "1");
		this.writers.runAll();
		clock.advance(Duration.ofSeconds(9));
		broadcaster.sendKeepAlive();
		this.writers.runAll();
		assertThat(transport.texts()).hasSize(2).last().isEqualTo("event: tick\ndata: 1\n\n");
		clock.advance(Duration.ofSeconds(1));
		broadcaster.sendKeepAlive();
		this.writers.runAll();
		assertThat(transport.texts()).hasSize(3).last().asString().startsWith(": keep-alive ");
	}

	@Test
	void stopAbortsClientsThatTakeNothingInsteadOfWaitingForThem() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		broadcaster.start();
		RecordingTransport stalled = new RecordingTransport();
		RecordingTransport reading = new RecordingTransport();
		connect(broadcaster, stalled);
		connect(broadcaster, reading);
		stalled.ready = false;
		broadcaster.broadcast("tick", "1");
		this.writers.runAll();
		Thread stopper = new Thread(broadcaster::stop);
		stopper.start();
		// the reading client's writer sends the goodbye and completes it; the stalled one
		// would wait for bytes to be taken, and is aborted once stop's wait is over
		while (stopper.isAlive() || !this.writers.isEmpty()) {
			this.writers.runAll();
			Thread.onSpinWait();
		}
		assertThat(reading.texts()).containsExactly("event: tick\ndata: 1\n\n", "retry: 2000\n\n");
		assertThat(reading.completed).isTrue();
		assertThat(stalled.aborted).isTrue();
		assertThat(stalled.completed).isFalse();
		assertThat(broadcaster.getClientCount()).isZero();
	}

	@Test
	void nothingIsQueuedAfterTheClosingFrame() throws Exception {
		for (int round = 0; round < 200; round++) {
			ExecutorService writer = Executors.newSingleThreadExecutor();
			ExecutorService publisher = Executors.newSingleThreadExecutor();
			try {
				// a queue that never overflows, however far the writer falls behind the publisher
				DefaultSseBroadcaster broadcaster = DefaultSseBroadcaster.builder()
					.writerExecutor(writer)
					.clientQueueCapacity(10_000)
					.build();
				RecordingTransport transport = new RecordingTransport();
				transport.connection = broadcaster.connect(transport);
				Future<Integer> published = publisher.submit(() -> {
					int queued = 0;
					for (int i = 0; i < 1000; i++) {
						queued += broadcaster.broadcast("tick", String.valueOf(i)).queued();
					}
					return queued;
				});
				broadcaster.stop();
				int queued = published.get(10, TimeUnit.SECONDS);
				writer.submit(() -> null).get(10, TimeUnit.SECONDS);
				List<String> texts = transport.texts();
				assertThat(texts).last().isEqualTo("retry: 2000\n\n");
				assertThat(texts).hasSize(queued + 1);
				broadcaster.destroy();
			}
			finally {
				writer.shutdownNow();
				publisher.shutdownNow();
			}
		}
	}

	@Test
	void aClientWhoseWriterIsRefusedAtOnceIsRefusedAndTakesNoSlot() {
		DefaultSseBroadcaster broadcaster = DefaultSseBroadcaster.builder().maxClients(1).writerExecutor((task) -> {
			throw new RejectedExecutionException("full");
		}).build();
		this.broadcasters.add(broadcaster);
		RecordingTransport transport = new RecordingTransport();
		assertThatExceptionOfType(SseSubscriptionRejectedException.class).isThrownBy(() -> broadcaster.connect(transport));
		assertThat(broadcaster.getClientCount()).isZero();
		assertThat(transport.aborted).isTrue();
		assertThat(broadcaster.broadcast("tick", "1")).isEqualTo(new BroadcastResult(0, 0));
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

	@Test
	void aUserPastTheirLimitOfStreamsIsRefusedAndAnonymousClientsAreNotCounted() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().maxClientsPerUser(2));
		SseSubscription alice = SseSubscription.broadcasts().withUser("alice");
		RecordingTransport firstTab = new RecordingTransport();
		firstTab.connection = broadcaster.connect(firstTab, alice);
		broadcaster.connect(new RecordingTransport(), alice.withTopics(Set.of("orders")));
		RecordingTransport third = new RecordingTransport();
		assertThatExceptionOfType(SseUserLimitExceededException.class)
			.isThrownBy(() -> broadcaster.connect(third, alice))
			.withMessage("User 'alice' already has 2 open streams, the most one user may have");
		assertThat(third.aborted).isTrue();
		broadcaster.connect(new RecordingTransport(), SseSubscription.broadcasts().withUser("bob"));
		for (int i = 0; i < 3; i++) {
			broadcaster.connect(new RecordingTransport());
		}
		assertThat(broadcaster.getClientCount()).isEqualTo(6);
		firstTab.connection.ended();
		broadcaster.connect(new RecordingTransport(), alice);
		assertThat(broadcaster.sendToUser("alice", "note", "n").queued()).isEqualTo(2);
	}

	/**
	 * Connect a transport, and let its writer send the opening frame, as a new client's does.
	 */
	private SseConnection connect(DefaultSseBroadcaster broadcaster, RecordingTransport transport) {
		SseConnection connection = broadcaster.connect(transport);
		transport.connection = connection;
		this.writers.runAll();
		return connection;
	}

	/**
	 * Build a broadcaster without replay, so that events are sent as published, without the
	 * ids replay gives them: {@link DefaultSseBroadcasterReplayTests} covers replay.
	 */
	private DefaultSseBroadcaster broadcaster(DefaultSseBroadcaster.Builder builder) {
		DefaultSseBroadcaster broadcaster = builder.replay(false).writerExecutor(this.writers).build();
		this.broadcasters.add(broadcaster);
		return broadcaster;
	}

	/**
	 * A clock the test moves.
	 */
	static final class FakeClock implements LongSupplier {

		private volatile long nanos = 1_000_000_000L;

		@Override
		public long getAsLong() {
			return this.nanos;
		}

		void advance(Duration duration) {
			this.nanos += duration.toNanos();
		}

	}

	/**
	 * Keeps the writers handed to it until {@link #runAll()}.
	 */
	static final class HeldExecutor implements Executor {

		private final Queue<Runnable> tasks = new ArrayDeque<>();

		@Override
		public synchronized void execute(Runnable task) {
			this.tasks.add(task);
		}

		boolean isEmpty() {
			synchronized (this) {
				return this.tasks.isEmpty();
			}
		}

		void runAll() {
			Runnable task;
			while ((task = poll()) != null) {
				task.run();
			}
		}

		private synchronized Runnable poll() {
			return this.tasks.poll();
		}

	}

	/**
	 * Records what is sent to it, or refuses it once its client is gone; takes nothing while
	 * it is not ready, as the socket of a client that stopped reading.
	 */
	static class RecordingTransport implements SseTransport {

		final List<SseFrame> frames = new ArrayList<>();

		volatile boolean ready = true;

		volatile boolean gone;

		volatile boolean completed;

		volatile boolean aborted;

		volatile SseConnection connection;

		@Override
		public boolean isReady() {
			return this.ready;
		}

		@Override
		public synchronized boolean send(SseFrame[] frames, int count) {
			assertThat(this.ready).as("sent to while not ready").isTrue();
			if (this.gone || this.completed || this.aborted) {
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
			if (this.connection != null) {
				this.connection.ended();
			}
		}

		@Override
		public void abort() {
			this.aborted = true;
		}

		/** Become ready again and tell the client, as a container's write-possible callback. */
		void takeBytesAgain() {
			this.ready = true;
			this.connection.writePossible();
		}

		/**
		 * Return the frames sent after the opening frame, as text.
		 */
		synchronized List<String> texts() {
			assertThat(this.frames).as("opening frame").isNotEmpty();
			return this.frames.stream().skip(1).map(SseFrame::toString).toList();
		}

	}

}
