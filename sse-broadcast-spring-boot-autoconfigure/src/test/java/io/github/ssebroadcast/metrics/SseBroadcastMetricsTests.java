package io.github.ssebroadcast.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.broadcast.OverflowPolicy;
import io.github.ssebroadcast.broadcast.SseConnection;
import io.github.ssebroadcast.broadcast.SseSubscription;
import io.github.ssebroadcast.broadcast.SseTransport;
import io.github.ssebroadcast.event.SseFrame;
import io.github.ssebroadcast.test.LoopbackRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters over a broadcaster and transports of the test's own, without a server: each
 * meter moves as events flow and clients connect, resume, fall behind and leave.
 */
class SseBroadcastMetricsTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final List<DefaultSseBroadcaster> broadcasters = new ArrayList<>();

	@AfterEach
	void destroy() {
		this.broadcasters.forEach(DefaultSseBroadcaster::destroy);
	}

	@Test
	void everyMeterIsRegisteredAtZero() {
		new SseBroadcastMetrics(this.registry, true);
		assertThat(gauge("sse.broadcast.clients")).isZero();
		for (String kind : List.of("broadcast", "topic", "user")) {
			assertThat(count("sse.broadcast.events.published", "kind", kind)).isZero();
		}
		assertThat(count("sse.broadcast.events.delivered")).isZero();
		for (String reason : List.of("overflow", "disconnected")) {
			assertThat(count("sse.broadcast.events.dropped", "reason", reason)).isZero();
		}
		for (String reason : List.of("client", "overflow", "write-timeout", "shutdown", "relay-missed")) {
			assertThat(count("sse.broadcast.disconnects", "reason", reason)).isZero();
		}
		for (String outcome : List.of("replayed", "reset")) {
			assertThat(count("sse.broadcast.replays", "outcome", outcome)).isZero();
		}
		assertThat(this.registry.get("sse.broadcast.relay.lag").timer().count()).isZero();
	}

	@Test
	void relayLagIsNotRegisteredWithoutARelay() {
		new SseBroadcastMetrics(this.registry, false);
		assertThat(this.registry.find("sse.broadcast.relay.lag").meter()).isNull();
	}

	@Test
	void clientsAreCountedUntilTheyLeave() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		Transport first = connect(broadcaster, SseSubscription.broadcasts());
		connect(broadcaster, SseSubscription.broadcasts());
		assertThat(gauge("sse.broadcast.clients")).isEqualTo(2);
		first.leave();
		assertThat(gauge("sse.broadcast.clients")).isOne();
		assertThat(count("sse.broadcast.disconnects", "reason", "client")).isOne();
	}

	@Test
	void publishedEventsAreCountedByKindAndDeliveredOnesByClient() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		connect(broadcaster, SseSubscription.broadcasts().withTopics(Set.of("orders")).withUser("alice"));
		connect(broadcaster, SseSubscription.broadcasts());
		broadcaster.broadcast("tick", "1");
		broadcaster.broadcast("tick", "2");
		broadcaster.publish("orders", "order", "3");
		broadcaster.sendToUser("alice", "note", "4");
		broadcaster.sendToUser("bob", "note", "5");
		assertThat(count("sse.broadcast.events.published", "kind", "broadcast")).isEqualTo(2);
		assertThat(count("sse.broadcast.events.published", "kind", "topic")).isOne();
		assertThat(count("sse.broadcast.events.published", "kind", "user")).isEqualTo(2);
		// two connected events, two broadcasts to both, one topic event and one user event
		assertThat(count("sse.broadcast.events.delivered")).isEqualTo(2 + 4 + 1 + 1);
	}

	@Test
	void keepAlivesAreNotDeliveredEvents() {
		DefaultSseBroadcaster broadcaster = broadcaster(
				DefaultSseBroadcaster.builder().keepAlive(Duration.ofMillis(20)).connectedEvent(false));
		Transport transport = connect(broadcaster, SseSubscription.broadcasts());
		broadcaster.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> transport.texts().stream().anyMatch((text) -> text.startsWith(":")));
		assertThat(count("sse.broadcast.events.delivered")).isZero();
	}

	@Test
	void eventsDroppedForASlowClientAreCountedAsOverflow() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder()
			.clientQueueCapacity(3)
			.overflowPolicy(OverflowPolicy.DROP_OLDEST)
			.connectedEvent(false));
		Transport slow = connect(broadcaster, SseSubscription.broadcasts());
		slow.ready = false;
		for (int i = 1; i <= 10; i++) {
			broadcaster.broadcast("tick", String.valueOf(i));
		}
		// three wait, the oldest seven made room for them
		assertThat(count("sse.broadcast.events.dropped", "reason", "overflow")).isEqualTo(7);
		assertThat(gauge("sse.broadcast.clients")).isOne();
	}

	@Test
	void aClientPastItsQueueIsDisconnectedForOverflowAndWhatWaitedIsDropped() {
		DefaultSseBroadcaster broadcaster = broadcaster(
				DefaultSseBroadcaster.builder().clientQueueCapacity(3).connectedEvent(false));
		Transport slow = connect(broadcaster, SseSubscription.broadcasts());
		slow.ready = false;
		for (int i = 1; i <= 5; i++) {
			broadcaster.broadcast("tick", String.valueOf(i));
		}
		// three waited and were dropped when it ended; the fourth found no room, and the fifth
		// no client
		assertThat(count("sse.broadcast.disconnects", "reason", "overflow")).isOne();
		assertThat(count("sse.broadcast.events.dropped", "reason", "overflow")).isOne();
		assertThat(count("sse.broadcast.events.dropped", "reason", "disconnected")).isEqualTo(3);
		assertThat(count("sse.broadcast.events.delivered")).isZero();
		assertThat(gauge("sse.broadcast.clients")).isZero();
	}

	@Test
	void aClientThatTakesNothingIsDisconnectedForTheWriteTimeout() {
		DefaultSseBroadcaster broadcaster = broadcaster(
				DefaultSseBroadcaster.builder().writeTimeout(Duration.ofMillis(50)).connectedEvent(false));
		Transport stalled = connect(broadcaster, SseSubscription.broadcasts());
		stalled.ready = false;
		broadcaster.start();
		broadcaster.broadcast("tick", "1");
		broadcaster.broadcast("tick", "2");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> count("sse.broadcast.disconnects", "reason", "write-timeout") == 1);
		assertThat(count("sse.broadcast.events.dropped", "reason", "disconnected")).isEqualTo(2);
		assertThat(gauge("sse.broadcast.clients")).isZero();
	}

	@Test
	void clientsClosedOnStopAreDisconnectedForShutdown() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		connect(broadcaster, SseSubscription.broadcasts());
		connect(broadcaster, SseSubscription.broadcasts());
		broadcaster.start();
		broadcaster.stop();
		assertThat(count("sse.broadcast.disconnects", "reason", "shutdown")).isEqualTo(2);
		assertThat(gauge("sse.broadcast.clients")).isZero();
	}

	@Test
	void resumingClientsAreCountedByWhatTheyGot() {
		DefaultSseBroadcaster broadcaster = broadcaster(DefaultSseBroadcaster.builder());
		broadcaster.broadcast("tick", "1", "a", null);
		broadcaster.broadcast("tick", "2", "b", null);
		Transport resumed = connect(broadcaster, SseSubscription.broadcasts().resumingAfter("a"));
		connect(broadcaster, SseSubscription.broadcasts().resumingAfter("unknown"));
		connect(broadcaster, SseSubscription.broadcasts());
		assertThat(count("sse.broadcast.replays", "outcome", "replayed")).isOne();
		assertThat(count("sse.broadcast.replays", "outcome", "reset")).isOne();
		assertThat(resumed.texts()).hasSize(2).last().asString().contains("data: 2");
	}

	@Test
	void relayedEventsAreTimedAndAClientCutOffByTheRelayIsCounted() {
		LoopbackRelay relay = new LoopbackRelay(Duration.ofMillis(3));
		SseBroadcastMetrics metrics = new SseBroadcastMetrics(this.registry, true);
		DefaultSseBroadcaster broadcaster = DefaultSseBroadcaster.builder()
			.writerExecutor(Runnable::run)
			.relay(relay)
			.listener(metrics)
			.build();
		this.broadcasters.add(broadcaster);
		broadcaster.start();
		connect(broadcaster, SseSubscription.broadcasts());
		broadcaster.broadcast("tick", "1");
		broadcaster.broadcast("tick", "2");
		assertThat(count("sse.broadcast.events.published", "kind", "broadcast")).isEqualTo(2);
		assertThat(this.registry.get("sse.broadcast.relay.lag").timer().count()).isEqualTo(2);
		assertThat(this.registry.get("sse.broadcast.relay.lag").timer().totalTime(TimeUnit.MILLISECONDS))
			.isEqualTo(6);
		relay.missed();
		assertThat(count("sse.broadcast.disconnects", "reason", "relay-missed")).isOne();
	}

	private DefaultSseBroadcaster broadcaster(DefaultSseBroadcaster.Builder builder) {
		// writers run on the publisher's thread: what a transport takes is counted at once
		DefaultSseBroadcaster broadcaster = builder.writerExecutor(Runnable::run)
			.listener(new SseBroadcastMetrics(this.registry, false))
			.build();
		this.broadcasters.add(broadcaster);
		return broadcaster;
	}

	private static Transport connect(DefaultSseBroadcaster broadcaster, SseSubscription subscription) {
		Transport transport = new Transport();
		transport.connection = broadcaster.connect(transport, subscription);
		return transport;
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

	private double count(String name, String... tags) {
		return this.registry.get(name).tags(tags).counter().count();
	}

	/**
	 * Takes every frame while ready; a client that stopped reading while not.
	 */
	static final class Transport implements SseTransport {

		private final List<String> texts = new ArrayList<>();

		volatile boolean ready = true;

		@Nullable
		SseConnection connection;

		synchronized List<String> texts() {
			return new ArrayList<>(this.texts);
		}

		void leave() {
			this.connection.ended();
		}

		@Override
		public boolean isReady() {
			return this.ready;
		}

		@Override
		public synchronized boolean send(SseFrame[] frames, int count) {
			for (int i = 0; i < count; i++) {
				this.texts.add(frames[i].toString());
			}
			return true;
		}

		@Override
		public void complete() {
			this.connection.ended();
		}

		@Override
		public void abort() {
			this.connection.ended();
		}

	}

}
