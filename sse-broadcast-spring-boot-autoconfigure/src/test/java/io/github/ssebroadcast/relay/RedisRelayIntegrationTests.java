package io.github.ssebroadcast.relay;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.broadcast.SseAudience;
import io.github.ssebroadcast.broadcast.SseRelay;
import io.github.ssebroadcast.broadcast.SseRelayException;
import io.github.ssebroadcast.event.SseEvent;
import io.github.ssebroadcast.test.RedisServer;
import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.SseTestClient.Event;
import io.github.ssebroadcast.test.TestHttp;
import io.github.ssebroadcast.test.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Several instances of an application, one audience: the relay over a real
 * {@code redis-server}, started by the test on a free port and killed by it.
 */
class RedisRelayIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String BATCH = "/api/broadcast/batch";

	private RedisServer redis;

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@BeforeEach
	void startRedis() throws IOException {
		this.redis = RedisServer.start();
	}

	@AfterEach
	void stopAll() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
		this.redis.close();
	}

	@Test
	void eventsPublishedOnAnyInstanceReachEveryInstancesClientsOnceInOneOrder() throws Exception {
		TestServer a = instance();
		TestServer b = instance();
		TestServer c = instance();
		SseTestClient onA = connected(a, "/sse/broadcast?topic=orders");
		SseTestClient onB = connected(b, "/sse/broadcast");
		SseTestClient onC = connected(c, "/sse/broadcast?topic=orders");
		int perInstance = 30;
		ExecutorService publishers = Executors.newFixedThreadPool(3);
		try {
			// from a request on A, and from threads that are not request threads on B and C
			List<Future<?>> publishing = List.of(publishers.submit(() -> {
				for (int i = 0; i < perInstance; i++) {
					assertThat(post(a, "{\"event\":\"n\",\"data\":\"a" + i + "\"}").statusCode()).isEqualTo(200);
				}
				return null;
			}), publishers.submit(() -> {
				for (int i = 0; i < perInstance; i++) {
					b.broadcaster().broadcast("n", "b" + i);
				}
			}), publishers.submit(() -> {
				for (int i = 0; i < perInstance; i++) {
					c.broadcaster().publish("orders", "n", "c" + i);
				}
			}));
			for (Future<?> future : publishing) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			publishers.shutdownNow();
		}
		List<Event> seenOnA = onA.nextEvents(3 * perInstance, TIMEOUT);
		List<Event> seenOnC = onC.nextEvents(3 * perInstance, TIMEOUT);
		List<Event> seenOnB = onB.nextEvents(2 * perInstance, TIMEOUT);
		assertThat(seenOnC).as("same events, ids and order on every instance").isEqualTo(seenOnA);
		assertThat(seenOnB).isEqualTo(seenOnA.stream().filter((event) -> !event.data().startsWith("c")).toList());
		assertThat(seenOnA).extracting(Event::id).doesNotHaveDuplicates().allMatch((id) -> id.matches("\\d+-\\d+"));
		assertThat(seenOnA).extracting(Event::data)
			.containsAll(IntStream.range(0, perInstance).mapToObj((i) -> "a" + i).toList());
		assertThat(onB.pollEvent()).as("nothing twice").isNull();
	}

	@Test
	void aBatchPublishedOnOneInstanceReachesTheClientsOfAnotherInItsOrder() throws Exception {
		TestServer a = instance();
		TestServer b = instance();
		SseTestClient onA = connected(a, "/sse/broadcast");
		SseTestClient onB = connected(b, "/sse/broadcast?topic=orders");
		HttpResponse<String> response = post(a, BATCH, "{\"events\":[{\"event\":\"n\",\"data\":\"n0\"},"
				+ "{\"event\":\"o\",\"data\":\"o1\",\"topic\":\"orders\"},{\"event\":\"n\",\"data\":\"n2\"},"
				+ "{\"event\":\"o\",\"data\":\"o3\",\"topic\":\"orders\"},{\"event\":\"n\",\"data\":\"n4\"}]}");
		assertThat(response.statusCode()).isEqualTo(200);
		// the clients of the instance that took the batch: Redis has every event by then
		assertThat(response.body()).isEqualTo("{\"ok\":true,\"published\":5,\"connected\":[1,0,1,0,1]}");
		List<Event> seenOnB = onB.nextEvents(5, TIMEOUT);
		assertThat(seenOnB).extracting(Event::data).containsExactly("n0", "o1", "n2", "o3", "n4");
		assertThat(onA.nextEvents(3, TIMEOUT))
			.isEqualTo(seenOnB.stream().filter((event) -> event.name().equals("n")).toList());
	}

	@Test
	void whileRedisIsDownABatchGets503SayingNoEventWasSent() throws Exception {
		TestServer a = instance();
		SseTestClient onA = connected(a, "/sse/broadcast");
		this.redis.kill();
		HttpResponse<String> refused = post(a, BATCH,
				"{\"events\":[{\"event\":\"n\",\"data\":\"lost\"},{\"event\":\"n\",\"data\":\"lost too\"}]}");
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(refused.body()).contains("The relay between instances could not reach Redis")
			.contains("\"published\":0")
			.doesNotContain("Exception");
		this.redis.restart();
		awaitPublished(a, "after");
		assertThat(onA.nextEvent(TIMEOUT).data()).isEqualTo("after");
	}

	@Test
	void aClientResumesOnAnotherInstanceWithExactlyWhatItMissed() throws Exception {
		TestServer a = instance();
		TestServer b = instance();
		String lastSeen;
		try (SseTestClient onA = connected(a, "/sse/broadcast")) {
			a.broadcaster().broadcast("n", "1");
			a.broadcaster().broadcast("n", "2");
			lastSeen = onA.nextEvents(2, TIMEOUT).get(1).id();
		}
		a.broadcaster().broadcast("n", "3");
		b.broadcaster().broadcast("n", "4");
		try (SseTestClient onB = SseTestClient.connect(b.port(), "/sse/broadcast", "Last-Event-ID: " + lastSeen)) {
			// replayed from B's history, or live as B reads them: either way, each once
			assertThat(onB.nextEvent(TIMEOUT).data()).contains("\"replayed\":");
			assertThat(onB.nextEvents(2, TIMEOUT)).extracting(Event::data).containsExactly("3", "4");
			a.broadcaster().broadcast("n", "live");
			assertThat(onB.nextEvent(TIMEOUT).data()).isEqualTo("live");
		}
	}

	@Test
	void anInstanceStartedLaterResumesClientsFromWhatRedisKept() throws Exception {
		TestServer a = instance();
		SseTestClient onA = connected(a, "/sse/broadcast");
		IntStream.rangeClosed(1, 5).forEach((i) -> a.broadcaster().broadcast("n", String.valueOf(i)));
		List<Event> events = onA.nextEvents(5, TIMEOUT);
		TestServer later = instance();
		try (SseTestClient resumed = SseTestClient.connect(later.port(), "/sse/broadcast",
				"Last-Event-ID: " + events.get(1).id())) {
			assertThat(resumed.nextEvent(TIMEOUT).data()).endsWith("\"replayed\":3}");
			assertThat(resumed.nextEvents(3, TIMEOUT)).isEqualTo(events.subList(2, 5));
		}
	}

	@Test
	void anIdThatRedisTrimmedGetsTheResetEventOnAnInstanceThatNeverHadIt() throws Exception {
		TestServer a = instance("sse.broadcast.relay.redis.max-length=4");
		SseTestClient onA = connected(a, "/sse/broadcast");
		String first = null;
		for (int i = 1; i <= 30; i++) {
			// one at a time, read before the next: Redis keeps about 4
			a.broadcaster().broadcast("n", String.valueOf(i));
			String id = onA.nextEvent(TIMEOUT).id();
			first = (first != null) ? first : id;
		}
		TestServer later = instance("sse.broadcast.relay.redis.max-length=4");
		try (SseTestClient resumed = SseTestClient.connect(later.port(), "/sse/broadcast", "Last-Event-ID: " + first)) {
			assertThat(resumed.nextEvent(TIMEOUT).name()).isEqualTo("connected");
			Event reset = resumed.nextEvent(TIMEOUT);
			assertThat(reset.name()).isEqualTo("reset");
			assertThat(reset.data()).isEqualTo("{\"lastEventId\":\"" + first + "\",\"reason\":\"unknown\"}");
		}
	}

	@Test
	void whileRedisIsDownPublishingFailsClearlyAndClientsStayThenDeliveryResumes() throws Exception {
		TestServer a = instance("sse.broadcast.keep-alive=1s");
		TestServer b = instance("sse.broadcast.keep-alive=1s");
		SseTestClient onB = connected(b, "/sse/broadcast");
		a.broadcaster().broadcast("n", "before");
		assertThat(onB.nextEvent(TIMEOUT).data()).isEqualTo("before");
		this.redis.kill();
		HttpResponse<String> refused = awaitRefused(a);
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(refused.body()).contains("The relay between instances could not reach Redis")
			.doesNotContain("Exception");
		assertThatExceptionOfType(SseRelayException.class).isThrownBy(() -> b.broadcaster().broadcast("n", "x"));
		HttpResponse<String> health = TestHttp.get(b.port(), "/actuator/health/sseBroadcast");
		assertThat(health.statusCode()).isEqualTo(503);
		assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("\"relay\":\"unreachable\"");
		// the client stays connected: keep-alives go on
		assertThat(onB.nextComment(TIMEOUT)).startsWith("keep-alive");
		assertThat(onB.hasEnded()).isFalse();
		this.redis.restart();
		awaitPublished(a, "after");
		assertThat(onB.nextEvent(TIMEOUT).data()).isEqualTo("after");
		assertThat(onB.pollEvent()).isNull();
		assertThat(TestHttp.get(b.port(), "/actuator/health/sseBroadcast").body()).contains("\"status\":\"UP\"")
			.contains("\"relay\":\"connected\"")
			.contains("\"clients\":1");
	}

	@Test
	void aRedisThatCameBackWithoutItsDataRelaysNewEventsAndUnknownIdsGetTheResetEvent() throws Exception {
		TestServer a = instance();
		SseTestClient onA = connected(a, "/sse/broadcast");
		a.broadcaster().broadcast("n", "before");
		String before = onA.nextEvent(TIMEOUT).id();
		this.redis.kill();
		this.redis.restartWithoutData();
		awaitPublished(a, "after");
		assertThat(onA.nextEvent(TIMEOUT).data()).isEqualTo("after");
		TestServer later = instance();
		try (SseTestClient resumed = SseTestClient.connect(later.port(), "/sse/broadcast", "Last-Event-ID: " + before)) {
			assertThat(resumed.nextEvent(TIMEOUT).name()).isEqualTo("connected");
			assertThat(resumed.nextEvent(TIMEOUT).name()).isEqualTo("reset");
		}
	}

	@Test
	void aClientThatStoppedReadingOnOneInstanceDelaysNobody() throws Exception {
		TestServer a = instance();
		TestServer b = instance();
		SseTestClient stalled = SseTestClient.connectStalled(b.port(), "/sse/broadcast");
		this.closeables.add(stalled);
		SseTestClient onA = connected(a, "/sse/broadcast");
		SseTestClient onB = connected(b, "/sse/broadcast");
		String payload = "x".repeat(16 * 1024);
		int events = 200;
		for (int i = 0; i < events; i++) {
			a.broadcaster().broadcast("n", i + ":" + payload);
		}
		// 3 MB, more than the stalled client's socket and queue hold
		for (int i = 0; i < events; i++) {
			assertThat(onA.nextEvent(TIMEOUT).data()).startsWith(i + ":");
			assertThat(onB.nextEvent(TIMEOUT).data()).startsWith(i + ":");
		}
	}

	@Test
	void anEntryThatIsNotAnEventIsSkippedAndTheRelayGoesOn() throws Exception {
		StringRedisTemplate redis = redisTemplate();
		// one in the history an instance reads at start, one while it runs
		redis.opsForStream().add("sse-broadcast", Map.of("not", "an event"));
		TestServer a = instance();
		SseTestClient onA = connected(a, "/sse/broadcast");
		redis.opsForStream().add("sse-broadcast", Map.of("a", "*", "r", "not a number"));
		a.broadcaster().broadcast("n", "after");
		assertThat(onA.nextEvent(TIMEOUT).data()).isEqualTo("after");
		assertThat(a.context().getBean(SseRelay.class).isAvailable()).isTrue();
	}

	@Test
	void entriesTrimmedBeforeAnInstanceReadThemMakeItsClientsResumeWithTheResetEvent() throws Exception {
		TestServer a = instance("sse.broadcast.relay.redis.max-length=4");
		TestServer b = instance("sse.broadcast.relay.redis.max-length=4");
		String lastSeen;
		try (SseTestClient onA = connected(a, "/sse/broadcast")) {
			a.broadcaster().broadcast("n", "1");
			lastSeen = onA.nextEvent(TIMEOUT).id();
		}
		// A stops reading, and comes back after B published more than Redis keeps
		DefaultSseBroadcaster broadcasterOfA = a.context().getBean(DefaultSseBroadcaster.class);
		broadcasterOfA.stop();
		for (int i = 2; i <= 30; i++) {
			b.broadcaster().broadcast("n", String.valueOf(i));
		}
		broadcasterOfA.start();
		SseRelay relayOfA = a.context().getBean(SseRelay.class);
		String live = relayOfA.publish(SseAudience.everyone(), SseEvent.of("n", "live"));
		// A has checked what Redis kept, and read on up to this event
		relayOfA.awaitHandedOver(live, TIMEOUT);
		try (SseTestClient resumed = SseTestClient.connect(a.port(), "/sse/broadcast", "Last-Event-ID: " + lastSeen)) {
			assertThat(resumed.nextEvent(TIMEOUT).name()).isEqualTo("connected");
			Event next = resumed.nextEvent(TIMEOUT);
			assertThat(next.name()).as("a reset, not a replay with a gap").isEqualTo("reset");
		}
	}

	private StringRedisTemplate redisTemplate() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory("127.0.0.1", this.redis.port());
		factory.afterPropertiesSet();
		this.closeables.add(factory::destroy);
		StringRedisTemplate template = new StringRedisTemplate(factory);
		template.afterPropertiesSet();
		return template;
	}

	/**
	 * Publish until Redis takes the event: the relay refuses at once while it knows Redis is
	 * down, and learns that it is back within about a second.
	 */
	private static void awaitPublished(TestServer server, String data) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (true) {
			try {
				server.broadcaster().broadcast("n", data);
				return;
			}
			catch (SseRelayException ex) {
				assertThat(System.nanoTime()).as("published before the deadline").isLessThan(deadline);
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
			}
		}
	}

	private static HttpResponse<String> awaitRefused(TestServer server) throws Exception {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (true) {
			long started = System.nanoTime();
			HttpResponse<String> response = post(server, "{\"event\":\"n\",\"data\":\"lost\"}");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the Redis timeout")
				.isLessThan(Duration.ofSeconds(10));
			if (response.statusCode() != 200 || System.nanoTime() > deadline) {
				return response;
			}
		}
	}

	private TestServer instance(String... more) {
		String[] properties = Stream
			.concat(Stream.of(this.redis.properties()), Stream.of("sse.broadcast.relay.type=redis",
					"management.endpoints.web.exposure.include=health", "management.endpoint.health.show-details=always"))
			.toArray(String[]::new);
		TestServer server = TestServer.start(Stream.concat(Stream.of(properties), Stream.of(more)).toArray(String[]::new));
		this.closeables.add(server);
		return server;
	}

	private SseTestClient connected(TestServer server, String path) throws IOException, InterruptedException {
		SseTestClient client = SseTestClient.connect(server.port(), path);
		this.closeables.add(client);
		assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
		return client;
	}

	private static HttpResponse<String> post(TestServer server, String json) throws IOException, InterruptedException {
		return post(server, "/api/broadcast", json);
	}

	private static HttpResponse<String> post(TestServer server, String path, String json)
			throws IOException, InterruptedException {
		return TestHttp.postJson(server.port(), path, json);
	}

}
