package io.github.ssebroadcast.broadcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import io.github.ssebroadcast.broadcast.DefaultSseBroadcasterTests.FakeClock;
import io.github.ssebroadcast.broadcast.DefaultSseBroadcasterTests.HeldExecutor;
import io.github.ssebroadcast.broadcast.DefaultSseBroadcasterTests.RecordingTransport;
import io.github.ssebroadcast.event.SseEvent;
import io.github.ssebroadcast.event.SseFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The broadcaster's addressed and resumable delivery, without a server: topics, users, event
 * ids, the history and what a resuming client gets from it.
 */
class DefaultSseBroadcasterReplayTests {

	private static final Pattern ID = Pattern.compile("^id: (.*)$", Pattern.MULTILINE);

	private static final Pattern DATA = Pattern.compile("^data: (.*)$", Pattern.MULTILINE);

	private final HeldExecutor writers = new HeldExecutor();

	private final List<DefaultSseBroadcaster> broadcasters = new ArrayList<>();

	@AfterEach
	void destroy() {
		this.broadcasters.forEach(DefaultSseBroadcaster::destroy);
	}

	@Test
	void topicEventsReachOnlyTheTopicsSubscribersAndBroadcastsReachEveryone() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		RecordingTransport orders = connect(broadcaster, subscription(Set.of("orders"), null, null));
		RecordingTransport both = connect(broadcaster, subscription(Set.of("orders", "alerts"), null, null));
		RecordingTransport none = connect(broadcaster, SseSubscription.broadcasts());
		assertThat(broadcaster.publish("orders", "order", "o1")).isEqualTo(new BroadcastResult(2, 0));
		assertThat(broadcaster.publish("alerts", "alert", "a1")).isEqualTo(new BroadcastResult(1, 0));
		assertThat(broadcaster.publish("nobody", "x", "n1")).isEqualTo(new BroadcastResult(0, 0));
		assertThat(broadcaster.broadcast("all", "b1")).isEqualTo(new BroadcastResult(3, 0));
		this.writers.runAll();
		assertThat(data(orders)).containsExactly("o1", "b1");
		assertThat(data(both)).containsExactly("o1", "a1", "b1");
		assertThat(data(none)).containsExactly("b1");
	}

	@Test
	void userEventsReachEveryStreamOfThatUserAndNoOtherStream() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		RecordingTransport aliceTab = connect(broadcaster, subscription(Set.of(), "alice", null));
		RecordingTransport alicePhone = connect(broadcaster, subscription(Set.of(), "alice", null));
		RecordingTransport bob = connect(broadcaster, subscription(Set.of(), "bob", null));
		RecordingTransport anonymous = connect(broadcaster, SseSubscription.broadcasts());
		assertThat(broadcaster.sendToUser("alice", "note", "for alice")).isEqualTo(new BroadcastResult(2, 0));
		assertThat(broadcaster.sendToUser("carol", "note", "for carol")).isEqualTo(new BroadcastResult(0, 0));
		this.writers.runAll();
		assertThat(data(aliceTab)).containsExactly("for alice");
		assertThat(data(alicePhone)).containsExactly("for alice");
		assertThat(data(bob)).isEmpty();
		assertThat(data(anonymous)).isEmpty();
	}

	@Test
	void aClientThatLeavesIsNoLongerATopicsOrAUsersRecipient() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		RecordingTransport transport = connect(broadcaster, subscription(Set.of("orders"), "alice", null));
		transport.connection.ended();
		assertThat(broadcaster.publish("orders", "order", "o1")).isEqualTo(new BroadcastResult(0, 0));
		assertThat(broadcaster.sendToUser("alice", "note", "n1")).isEqualTo(new BroadcastResult(0, 0));
		assertThat(broadcaster.getClientCount()).isZero();
	}

	@Test
	void everyEventGetsAnIdThatIncreasesUnlessItsPublisherGaveOne() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		RecordingTransport transport = connect(broadcaster, SseSubscription.broadcasts());
		broadcaster.broadcast("tick", "1");
		broadcaster.broadcast("tick", "2", "my-id", null);
		broadcaster.publish("orders", "order", "3");
		broadcaster.broadcast("tick", "4");
		broadcaster.broadcast(SseEvent.builder().comment("not an event").build());
		this.writers.runAll();
		List<String> ids = ids(transport);
		assertThat(ids).hasSize(3);
		assertThat(ids.get(1)).isEqualTo("my-id");
		String prefix = ids.get(0).substring(0, ids.get(0).lastIndexOf('-') + 1);
		// the topic event took the sequence number between them
		assertThat(ids.get(0)).isEqualTo(prefix + "1");
		assertThat(ids.get(2)).isEqualTo(prefix + "4");
		assertThat(transport.frames.get(0).toString()).doesNotContain("id:");
		assertThat(transport.texts().get(3)).isEqualTo(": not an event\n\n");
	}

	@Test
	void aResumingClientGetsExactlyTheEventsItMissedThatItMaySeeThenLiveOnes() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		RecordingTransport first = connect(broadcaster, subscription(Set.of("orders"), "alice", null));
		broadcaster.broadcast("tick", "b1");
		broadcaster.publish("orders", "order", "o1");
		this.writers.runAll();
		String lastSeen = ids(first).get(1);
		broadcaster.publish("alerts", "alert", "a1");
		broadcaster.publish("orders", "order", "o2");
		broadcaster.sendToUser("bob", "note", "for bob");
		broadcaster.sendToUser("alice", "note", "for alice");
		broadcaster.broadcast("tick", "b2");
		RecordingTransport resumed = connect(broadcaster, subscription(Set.of("orders"), "alice", lastSeen));
		broadcaster.broadcast("tick", "b3");
		this.writers.runAll();
		assertThat(data(resumed)).containsExactly("o2", "for alice", "b2", "b3");
		assertThat(resumed.frames.get(0).toString()).startsWith("retry: 2000\nevent: connected\n")
			.contains("\"replayed\":3}");
		assertThat(resumed.frames.get(1)).as("the frame every client got").isSameAs(first.frames.get(3));
	}

	@Test
	void aClientThatResumesFromTheNewestEventGetsNothingReplayed() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		broadcaster.broadcast("tick", "1", "last", null);
		RecordingTransport resumed = connect(broadcaster, subscription(Set.of(), null, "last"));
		assertThat(resumed.frames).hasSize(1);
		assertThat(resumed.frames.get(0).toString()).contains("\"replayed\":0}");
	}

	@Test
	void anUnknownIdGetsTheResetEventWhoseIdResumesAfterTheNewestEvent() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		broadcaster.broadcast("tick", "1", "newest", null);
		RecordingTransport resumed = connect(broadcaster, subscription(Set.of(), null, "made-\"up\"\\"));
		String reset = resumed.texts().get(0);
		assertThat(reset).endsWith(
				"\nevent: reset\ndata: {\"lastEventId\":\"made-\\\"up\\\"\\\\\",\"reason\":\"unknown\"}\n\n");
		assertThat(resumed.frames.get(0).toString()).doesNotContain("replayed");
		String place = ids(resumed).get(0);
		broadcaster.broadcast("tick", "2");
		assertThat(data(connect(broadcaster, subscription(Set.of(), null, place)))).containsExactly("2");
	}

	@Test
	void aClientWhoseLastEventWasTrimmedButNothingAfterItResumesExactly() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().replayMaxEvents(2));
		RecordingTransport transport = connect(broadcaster, SseSubscription.broadcasts());
		IntStream.rangeClosed(1, 3).forEach((i) -> broadcaster.broadcast("tick", String.valueOf(i)));
		this.writers.runAll();
		List<String> ids = ids(transport);
		assertThat(data(connect(broadcaster, subscription(Set.of(), null, ids.get(0))))).containsExactly("2", "3");
		assertThat(resetReason(connect(broadcaster, subscription(Set.of(), null, ids.get(0) + "0"))))
			.isEqualTo("unknown");
	}

	@Test
	void anIdFromBeforeARestartIsUnknown() {
		DefaultSseBroadcaster before = broadcaster(DefaultSseBroadcaster.builder());
		RecordingTransport transport = connect(before, SseSubscription.broadcasts());
		before.broadcast("tick", "1");
		before.broadcast("tick", "2");
		this.writers.runAll();
		String lastSeen = ids(transport).get(0);
		DefaultSseBroadcaster after = broadcaster(DefaultSseBroadcaster.builder());
		after.broadcast("tick", "1");
		after.broadcast("tick", "2");
		assertThat(resetReason(connect(after, subscription(Set.of(), null, lastSeen)))).isEqualTo("unknown");
	}

	@Test
	void anIdTrimmedByTheHistorysSizeIsExpired() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().replayMaxEvents(3));
		RecordingTransport transport = connect(broadcaster, SseSubscription.broadcasts());
		IntStream.rangeClosed(1, 5).forEach((i) -> broadcaster.broadcast("tick", String.valueOf(i)));
		this.writers.runAll();
		List<String> ids = ids(transport);
		assertThat(broadcaster.getHistorySize()).isEqualTo(3);
		assertThat(resetReason(connect(broadcaster, subscription(Set.of(), null, ids.get(0))))).isEqualTo("expired");
		RecordingTransport resumed = connect(broadcaster, subscription(Set.of(), null, ids.get(2)));
		assertThat(data(resumed)).containsExactly("4", "5");
	}

	@Test
	void anIdTrimmedByTheHistorysAgeIsExpired() {
		FakeClock clock = new FakeClock();
		DefaultSseBroadcaster broadcaster = broadcaster(
				DefaultSseBroadcaster.builder().replayMaxAge(Duration.ofMinutes(5)).nanoClock(clock));
		broadcaster.broadcast("tick", "old", "old", null);
		clock.advance(Duration.ofMinutes(4));
		broadcaster.broadcast("tick", "newer", "newer", null);
		clock.advance(Duration.ofMinutes(1).plusNanos(1));
		assertThat(resetReason(connect(broadcaster, subscription(Set.of(), null, "old")))).isEqualTo("unknown");
		assertThat(broadcaster.getHistorySize()).isEqualTo(1);
		assertThat(data(connect(broadcaster, subscription(Set.of(), null, "newer")))).isEmpty();
		clock.advance(Duration.ofMinutes(4));
		RecordingTransport transport = connect(broadcaster, SseSubscription.broadcasts());
		broadcaster.broadcast("tick", "assigned");
		broadcaster.broadcast("tick", "next");
		broadcaster.broadcast("tick", "newest");
		this.writers.runAll();
		String assigned = ids(transport).get(0);
		clock.advance(Duration.ofMinutes(5).plusNanos(1));
		assertThat(resetReason(connect(broadcaster, subscription(Set.of(), null, assigned)))).isEqualTo("expired");
		assertThat(broadcaster.getHistorySize()).as("the newest is kept").isEqualTo(1);
	}

	@Test
	void aClientThatMissedMoreThanItsQueueHoldsGetsTheResetEvent() {
		// three quarters of the queue, less the opening frame: three events
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().clientQueueCapacity(5));
		broadcaster.broadcast("tick", "0", "start", null);
		IntStream.rangeClosed(1, 3).forEach((i) -> broadcaster.broadcast("tick", String.valueOf(i)));
		assertThat(data(connect(broadcaster, subscription(Set.of(), null, "start")))).containsExactly("1", "2", "3");
		broadcaster.broadcast("tick", "4");
		assertThat(resetReason(connect(broadcaster, subscription(Set.of(), null, "start"))))
			.isEqualTo("too-far-behind");
	}

	@Test
	void theResetEventIsNamedAsConfigured() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().resetEventName("history-lost"));
		RecordingTransport resumed = connect(broadcaster, subscription(Set.of(), null, "x"));
		assertThat(resumed.texts()).singleElement().asString().contains("\nevent: history-lost\n");
	}

	@Test
	void aResetBeforeTheFirstEventStillCarriesAnIdToResumeFrom() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		RecordingTransport reset = connect(broadcaster, subscription(Set.of(), null, "from-before-a-restart"));
		String place = ids(reset).get(0);
		broadcaster.broadcast("tick", "1");
		broadcaster.broadcast("tick", "2");
		assertThat(data(connect(broadcaster, subscription(Set.of(), null, place)))).containsExactly("1", "2");
	}

	@Test
	void withoutReplayEventsCarryOnlyTheirPublishersIdsAndResumingClientsGetNothingMore() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().replay(false));
		broadcaster.broadcast("tick", "1", "7", null);
		RecordingTransport resumed = connect(broadcaster, subscription(Set.of(), null, "6"));
		broadcaster.broadcast("tick", "2");
		this.writers.runAll();
		assertThat(resumed.texts()).containsExactly("event: tick\ndata: 2\n\n");
		assertThat(broadcaster.getHistorySize()).isZero();
	}

	@Test
	void anIdThatTwoKeptEventsCarryGetsTheResetEventRatherThanASilentGap() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().replayMaxEvents(4));
		broadcaster.broadcast("order", "v1", "order-42", null);
		broadcaster.broadcast("tick", "missed-1");
		broadcaster.broadcast("order", "v2", "order-42", null);
		broadcaster.broadcast("tick", "missed-2");
		assertThat(resetReason(connect(broadcaster, subscription(Set.of(), null, "order-42")))).isEqualTo("unknown");
		// once the older one is trimmed, the id names one place again
		broadcaster.broadcast("tick", "later");
		assertThat(data(connect(broadcaster, subscription(Set.of(), null, "order-42"))))
			.containsExactly("missed-2", "later");
	}

	@Test
	void aClientThatResumesAfterAQuietPeriodLongerThanTheMaxAgeMissedNothing() {
		FakeClock clock = new FakeClock();
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().nanoClock(clock));
		broadcaster.broadcast("tick", "1", "db-17", null);
		clock.advance(Duration.ofHours(1));
		RecordingTransport resumed = connect(broadcaster, subscription(Set.of(), null, "db-17"));
		assertThat(resumed.texts()).isEmpty();
		assertThat(resumed.frames.get(0).toString()).contains("\"replayed\":0}");
	}

	@Test
	void theHistoryIsBoundedInBytesButKeepsTheNewestEvent() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().replayMaxBytes(1100));
		IntStream.rangeClosed(1, 10).forEach((i) -> broadcaster.broadcast("tick", "x".repeat(300)));
		assertThat(broadcaster.getHistorySize()).isEqualTo(3);
		broadcaster.broadcast("big", "y".repeat(5000));
		assertThat(broadcaster.getHistorySize()).isEqualTo(1);
	}

	@Test
	void aReplayLeavesRoomInTheQueueForTheLiveEventsThatFollow() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().clientQueueCapacity(8));
		broadcaster.broadcast("tick", "0", "start", null);
		IntStream.rangeClosed(1, 5).forEach((i) -> broadcaster.broadcast("tick", String.valueOf(i)));
		RecordingTransport resumed = new RecordingTransport();
		resumed.connection = broadcaster.connect(resumed, subscription(Set.of(), null, "start"));
		// nothing written yet: the opening frame and five missed events wait with the live ones
		broadcaster.broadcast("tick", "live-1");
		broadcaster.broadcast("tick", "live-2");
		this.writers.runAll();
		assertThat(resumed.aborted).isFalse();
		assertThat(data(resumed)).containsExactly("1", "2", "3", "4", "5", "live-1", "live-2");
		broadcaster.broadcast("tick", "6");
		assertThat(resetReason(connect(broadcaster, subscription(Set.of(), null, "start"))))
			.isEqualTo("too-far-behind");
	}

	@Test
	void aClientThatEndsWhileItConnectsLeavesNothingBehind() {
		DefaultSseBroadcaster broadcaster = DefaultSseBroadcaster.builder().writerExecutor(Runnable::run).build();
		this.broadcasters.add(broadcaster);
		RecordingTransport gone = new RecordingTransport();
		gone.gone = true;
		broadcaster.connect(gone, subscription(Set.of("orders"), "alice", null));
		assertThat(broadcaster.getClientCount()).isZero();
		assertThat(broadcaster.publish("orders", "order", "o1")).isEqualTo(new BroadcastResult(0, 0));
		assertThat(broadcaster.sendToUser("alice", "note", "n1")).isEqualTo(new BroadcastResult(0, 0));
	}

	@Test
	void aClientWhoseReplayTheWritersRefuseEndsAndTakesNoSlot() {
		AtomicInteger executions = new AtomicInteger();
		DefaultSseBroadcaster broadcaster = DefaultSseBroadcaster.builder().writerExecutor((task) -> {
			if (executions.incrementAndGet() > 1) {
				throw new RejectedExecutionException("full");
			}
			// the opening frame's writer runs at once and finishes, so the replay needs another
			task.run();
		}).build();
		this.broadcasters.add(broadcaster);
		broadcaster.broadcast("tick", "1", "1", null);
		broadcaster.broadcast("tick", "2", "2", null);
		RecordingTransport transport = new RecordingTransport();
		transport.connection = broadcaster.connect(transport, subscription(Set.of("orders"), "alice", "1"));
		assertThat(transport.aborted).isTrue();
		assertThat(broadcaster.getClientCount()).isZero();
		assertThat(broadcaster.publish("orders", "order", "o1")).isEqualTo(new BroadcastResult(0, 0));
		assertThat(broadcaster.sendToUser("alice", "note", "n1")).isEqualTo(new BroadcastResult(0, 0));
	}

	@Test
	void aClientDisconnectedForOverflowIsAbortedOnlyOnceTheEventReachedEveryoneElse() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder().clientQueueCapacity(2));
		List<RecordingTransport> transports = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			RecordingTransport transport = (i != 5) ? new RecordingTransport() : new RecordingTransport() {

				@Override
				public void abort() {
					super.abort();
					// a transport that publishes when it is aborted, as a presence event would
					broadcaster.broadcast("left", "E2");
				}

			};
			transport.connection = broadcaster.connect(transport, SseSubscription.broadcasts());
			transports.add(transport);
		}
		this.writers.runAll();
		transports.get(5).ready = false;
		broadcaster.broadcast("tick", "pre1");
		broadcaster.broadcast("tick", "pre2");
		this.writers.runAll();
		broadcaster.broadcast("tick", "E1");
		this.writers.runAll();
		for (int i = 0; i < transports.size(); i++) {
			if (i != 5) {
				assertThat(data(transports.get(i))).as("client %d", i).containsExactly("pre1", "pre2", "E1", "E2");
			}
		}
	}

	@Test
	void invalidTopicsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> SseAudience.topic("has space"));
		assertThatIllegalArgumentException().isThrownBy(() -> SseAudience.topic("x".repeat(129)));
		assertThatIllegalArgumentException().isThrownBy(() -> subscription(Set.of(""), null, null));
		assertThat(SseAudience.isValidTopic("orders/eu-1:a_b.c")).isTrue();
		assertThat(SseAudience.isValidTopic("x".repeat(128))).isTrue();
		assertThat(SseAudience.isValidTopic("é")).isFalse();
	}

	/**
	 * Clients resume while a publisher sends events as fast as it can: each gets every event
	 * after the one it names exactly once, in order, whether from the history or live.
	 */
	@Test
	void clientsResumingWhileEventsArePublishedMissNothingAndGetNothingTwice() throws Exception {
		int events = 5000;
		ExecutorService writers = Executors.newFixedThreadPool(2);
		ExecutorService publisher = Executors.newSingleThreadExecutor();
		try {
			DefaultSseBroadcaster broadcaster = DefaultSseBroadcaster.builder()
				.writerExecutor(writers)
				.replayMaxEvents(events)
				.clientQueueCapacity(2 * events)
				.clientQueueMaxBytes(Long.MAX_VALUE)
				.build();
			this.broadcasters.add(broadcaster);
			AtomicInteger published = new AtomicInteger();
			broadcaster.broadcast("tick", "0", "0", null);
			publisher.submit(() -> {
				for (int i = 1; i <= events; i++) {
					broadcaster.broadcast("tick", String.valueOf(i), String.valueOf(i), null);
					published.set(i);
				}
			});
			List<RecordingTransport> resumed = new ArrayList<>();
			List<Integer> resumedAfter = new ArrayList<>();
			for (int c = 0; c < 50; c++) {
				int after = Math.max(0, published.get() - 20);
				RecordingTransport transport = new RecordingTransport();
				transport.connection = broadcaster.connect(transport,
						subscription(Set.of(), null, String.valueOf(after)));
				resumed.add(transport);
				resumedAfter.add(after);
			}
			publisher.shutdown();
			assertThat(publisher.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
			for (int c = 0; c < resumed.size(); c++) {
				RecordingTransport transport = resumed.get(c);
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
				while (!lastDataIs(transport, String.valueOf(events)) && System.nanoTime() < deadline) {
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
				}
				List<String> expected = IntStream.rangeClosed(resumedAfter.get(c) + 1, events)
					.mapToObj(String::valueOf)
					.toList();
				assertThat(data(transport)).as("client resumed after %s", resumedAfter.get(c))
					.containsExactlyElementsOf(expected);
			}
		}
		finally {
			publisher.shutdownNow();
			writers.shutdownNow();
		}
	}

	private static boolean lastDataIs(RecordingTransport transport, String data) {
		synchronized (transport) {
			List<SseFrame> frames = transport.frames;
			return !frames.isEmpty() && frames.get(frames.size() - 1).toString().contains("data: " + data + "\n");
		}
	}

	private static SseSubscription subscription(Set<String> topics, String user, String lastEventId) {
		return new SseSubscription(topics, user, lastEventId);
	}

	private RecordingTransport connect(DefaultSseBroadcaster broadcaster, SseSubscription subscription) {
		RecordingTransport transport = new RecordingTransport();
		transport.connection = broadcaster.connect(transport, subscription);
		this.writers.runAll();
		return transport;
	}

	private DefaultSseBroadcaster broadcaster(DefaultSseBroadcaster.Builder builder) {
		DefaultSseBroadcaster broadcaster = builder.writerExecutor(this.writers).build();
		this.broadcasters.add(broadcaster);
		return broadcaster;
	}

	private static List<String> data(RecordingTransport transport) {
		return field(DATA, transport);
	}

	private static List<String> ids(RecordingTransport transport) {
		return field(ID, transport);
	}

	private static List<String> field(Pattern pattern, RecordingTransport transport) {
		List<String> values = new ArrayList<>();
		for (String text : transport.texts()) {
			Matcher matcher = pattern.matcher(text);
			if (matcher.find()) {
				values.add(matcher.group(1));
			}
		}
		return values;
	}

	private static String resetReason(RecordingTransport transport) {
		List<String> texts = transport.texts();
		assertThat(texts).singleElement().asString().contains("event: reset\n");
		Matcher matcher = Pattern.compile("\"reason\":\"([^\"]+)\"").matcher(texts.get(0));
		assertThat(matcher.find()).isTrue();
		return matcher.group(1);
	}

}
