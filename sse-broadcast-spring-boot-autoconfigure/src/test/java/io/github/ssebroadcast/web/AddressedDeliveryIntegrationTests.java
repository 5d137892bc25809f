package io.github.ssebroadcast.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.ssebroadcast.servlet.SseStream;
import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.SseTestClient.Event;
import io.github.ssebroadcast.test.TestApplication;
import io.github.ssebroadcast.test.TestBootLine;
import io.github.ssebroadcast.test.TestHttp;
import io.github.ssebroadcast.test.TestServer;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Addressed and resumable delivery over real sockets: topics, users, replay by
 * {@code Last-Event-ID} while events are published, and the reset event.
 */
class AddressedDeliveryIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String USER_HEADER = "X-Test-User";

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "jetty" })
	void topicEventsReachOnlyTheTopicsSubscribers(String container) throws Exception {
		try (TestServer server = start(container);
				SseTestClient orders = connected(server, "/sse/broadcast?topic=orders");
				SseTestClient both = connected(server, "/sse/broadcast?topic=alerts&topic=orders");
				SseTestClient none = connected(server, "/sse/broadcast")) {
			assertThat(post(server, "{\"event\":\"alert\",\"data\":\"a1\",\"topic\":\"alerts\"}").body())
				.isEqualTo("{\"ok\":true,\"event\":\"alert\",\"connected\":1}");
			assertThat(post(server, "{\"event\":\"order\",\"data\":\"o1\",\"topic\":\"orders\"}").body())
				.isEqualTo("{\"ok\":true,\"event\":\"order\",\"connected\":2}");
			assertThat(post(server, "{\"event\":\"order\",\"data\":\"x\",\"topic\":\"nobody\"}").body())
				.isEqualTo("{\"ok\":true,\"event\":\"order\",\"connected\":0}");
			server.broadcaster().broadcast("all", "b1");
			assertThat(data(orders, 2)).containsExactly("o1", "b1");
			assertThat(data(both, 3)).containsExactly("a1", "o1", "b1");
			assertThat(data(none, 1)).containsExactly("b1");
		}
	}

	@Test
	void userEventsReachEveryStreamOfThatUserAndNoOtherStream() throws Exception {
		try (TestServer server = start("tomcat");
				SseTestClient aliceTab = connected(server, "/sse/broadcast", USER_HEADER + ": alice");
				SseTestClient alicePhone = connected(server, "/sse/broadcast?topic=orders", USER_HEADER + ": alice");
				SseTestClient bob = connected(server, "/sse/broadcast", USER_HEADER + ": bob");
				SseTestClient anonymous = connected(server, "/sse/broadcast")) {
			assertThat(server.broadcaster().sendToUser("alice", "note", "for alice").queued()).isEqualTo(2);
			assertThat(server.broadcaster().sendToUser("nobody", "note", "lost").queued()).isZero();
			server.broadcaster().broadcast("all", "b1");
			assertThat(data(aliceTab, 2)).containsExactly("for alice", "b1");
			assertThat(data(alicePhone, 2)).containsExactly("for alice", "b1");
			assertThat(data(bob, 1)).containsExactly("b1");
			assertThat(data(anonymous, 1)).containsExactly("b1");
		}
	}

	/**
	 * Clients resume, by header and by parameter, while another thread publishes: each gets
	 * every event after the one it names exactly once and in order, from the history or live.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "jetty" })
	void clientsResumingWhileEventsArePublishedGetExactlyWhatTheyMissed(String container) throws Exception {
		int events = 3000;
		ExecutorService publisher = Executors.newSingleThreadExecutor();
		List<SseTestClient> resumed = new ArrayList<>();
		try (TestServer server = start(container, "sse.broadcast.client-queue-capacity=10000",
				"sse.broadcast.client-queue-max-bytes=10MB", "sse.broadcast.replay.max-events=10000");
				SseTestClient first = connected(server, "/sse/broadcast")) {
			Future<?> publishing = publisher.submit(() -> {
				for (int i = 1; i <= events; i++) {
					server.broadcaster().broadcast("n", String.valueOf(i));
				}
			});
			List<Integer> resumedAfter = new ArrayList<>();
			for (int c = 0; c < 20; c++) {
				Event seen = first.nextEvent(TIMEOUT);
				resumedAfter.add(Integer.parseInt(seen.data()));
				resumed.add((c % 2 == 0)
						? SseTestClient.connect(server.port(), "/sse/broadcast", "Last-Event-ID: " + seen.id())
						: SseTestClient.connect(server.port(), "/sse/broadcast?lastEventId=" + seen.id()));
				for (int skip = 0; skip < 50; skip++) {
					first.nextEvent(TIMEOUT);
				}
			}
			publishing.get(60, TimeUnit.SECONDS);
			for (int c = 0; c < resumed.size(); c++) {
				SseTestClient client = resumed.get(c);
				int after = resumedAfter.get(c);
				Event connected = client.nextEvent(TIMEOUT);
				assertThat(connected.name()).isEqualTo("connected");
				List<String> expected = IntStream.rangeClosed(after + 1, events).mapToObj(String::valueOf).toList();
				assertThat(data(client, expected.size())).as("client resumed after %d", after)
					.containsExactlyElementsOf(expected);
				assertThat(client.pollEvent()).isNull();
			}
		}
		finally {
			publisher.shutdownNow();
			resumed.forEach(SseTestClient::close);
		}
	}

	@Test
	void aResumingClientIsToldHowManyEventsWereReplayedAndTheHeaderWinsOverTheParameter() throws Exception {
		try (TestServer server = start("tomcat"); SseTestClient first = connected(server, "/sse/broadcast")) {
			IntStream.rangeClosed(1, 3).forEach((i) -> server.broadcaster().broadcast("n", String.valueOf(i)));
			List<Event> events = List.of(first.nextEvent(TIMEOUT), first.nextEvent(TIMEOUT), first.nextEvent(TIMEOUT));
			assertThat(events).extracting(Event::id).doesNotContain("").doesNotHaveDuplicates();
			try (SseTestClient resumed = SseTestClient.connect(server.port(),
					"/sse/broadcast?lastEventId=" + events.get(0).id(), "Last-Event-ID: " + events.get(1).id())) {
				Event connected = resumed.nextEvent(TIMEOUT);
				assertThat(connected.id()).isEmpty();
				assertThat(connected.data()).endsWith(",\"replayed\":1}");
				assertThat(resumed.nextEvent(TIMEOUT)).isEqualTo(events.get(2));
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "jetty" })
	void anUnknownIdGetsTheResetEventThenLiveEvents(String container) throws Exception {
		try (TestServer server = start(container)) {
			server.broadcaster().broadcast("n", "1", "newest", null);
			try (SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast",
					"Last-Event-ID: from-before-a-restart")) {
				assertThat(client.nextEvent(TIMEOUT).data()).doesNotContain("replayed");
				assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "reset",
						"{\"lastEventId\":\"from-before-a-restart\",\"reason\":\"unknown\"}"));
				server.broadcaster().broadcast("n", "live", "live-1", null);
				assertThat(client.nextEvent(TIMEOUT)).isEqualTo(new Event("live-1", "n", "live"));
			}
		}
	}

	@Test
	void anIdTrimmedByTheHistorysSizeGetsTheResetEvent() throws Exception {
		try (TestServer server = start("tomcat", "sse.broadcast.replay.max-events=3");
				SseTestClient first = connected(server, "/sse/broadcast")) {
			IntStream.rangeClosed(1, 5).forEach((i) -> server.broadcaster().broadcast("n", String.valueOf(i)));
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				ids.add(first.nextEvent(TIMEOUT).id());
			}
			try (SseTestClient expired = connected(server, "/sse/broadcast", "Last-Event-ID: " + ids.get(0))) {
				assertThat(expired.nextEvent(TIMEOUT)).isEqualTo(new Event(ids.get(4), "reset",
						"{\"lastEventId\":\"" + ids.get(0) + "\",\"reason\":\"expired\"}"));
			}
			try (SseTestClient kept = connected(server, "/sse/broadcast", "Last-Event-ID: " + ids.get(2))) {
				assertThat(data(kept, 2)).containsExactly("4", "5");
			}
		}
	}

	@Test
	void anIdTrimmedByTheHistorysAgeGetsTheResetEvent() throws Exception {
		try (TestServer server = start("tomcat", "sse.broadcast.replay.max-age=1s");
				SseTestClient first = connected(server, "/sse/broadcast")) {
			IntStream.rangeClosed(1, 3).forEach((i) -> server.broadcaster().broadcast("n", String.valueOf(i)));
			String id = first.nextEvent(TIMEOUT).id();
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			Event event;
			do {
				// the history keeps the events for a second, and the newest for good: resume
				// until the second is gone too, getting either it again or the reset event
				try (SseTestClient client = connected(server, "/sse/broadcast", "Last-Event-ID: " + id)) {
					event = client.nextEvent(TIMEOUT);
				}
			}
			while (!event.name().equals("reset") && System.nanoTime() < deadline);
			assertThat(event.withoutId())
				.isEqualTo(new Event("", "reset", "{\"lastEventId\":\"" + id + "\",\"reason\":\"expired\"}"));
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "jetty" })
	void theLastEventIdHeaderIsReadAsTheUtf8BrowsersSend(String container) throws Exception {
		try (TestServer server = start(container)) {
			server.broadcaster().broadcast("n", "1", "café-1", null);
			server.broadcaster().broadcast("n", "2", "x-2", null);
			try (SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast",
					utf8Header("Last-Event-ID: café-1"))) {
				assertThat(client.nextEvent(TIMEOUT).data()).endsWith(",\"replayed\":1}");
				assertThat(client.nextEvent(TIMEOUT)).isEqualTo(new Event("x-2", "n", "2"));
			}
		}
	}

	@Test
	void anOverlongLastEventIdGetsTheResetEventEchoingItCutShort() throws Exception {
		try (TestServer server = start("tomcat");
				SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast",
						"Last-Event-ID: " + "a".repeat(3000))) {
			assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
			Event reset = client.nextEvent(TIMEOUT);
			assertThat(reset.name()).isEqualTo("reset");
			assertThat(reset.data())
				.isEqualTo("{\"lastEventId\":\"" + "a".repeat(256) + "\",\"reason\":\"unknown\"}");
		}
	}

	@Test
	void anEmptyLastEventIdHeaderLeavesTheParameterToSayWhereToResume() throws Exception {
		try (TestServer server = start("tomcat")) {
			server.broadcaster().broadcast("n", "1", "one", null);
			server.broadcaster().broadcast("n", "2", "two", null);
			try (SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast?lastEventId=one",
					"Last-Event-ID:")) {
				assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
				assertThat(client.nextEvent(TIMEOUT)).isEqualTo(new Event("two", "n", "2"));
			}
		}
	}

	/**
	 * Return a header line whose UTF-8 bytes the test client, which writes one byte per char,
	 * sends as a browser does.
	 */
	private static String utf8Header(String line) {
		return new String(line.getBytes(StandardCharsets.UTF_8),
				StandardCharsets.ISO_8859_1);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "topic=a%20b", "topic=", "topic=%C3%A9t%C3%A9", "topic=orders&topic=a*b" })
	void anInvalidTopicGets400NamingTheParameterBeforeTheStreamStarts(String query) throws Exception {
		try (TestServer server = start("tomcat")) {
			HttpResponse<String> response = TestHttp.get(server.port(), "/sse/broadcast?" + query);
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("\"parameter\":\"topic\"")
				.contains("is invalid; a topic is 1 to 128 letters, digits")
				.doesNotContain("Exception");
			assertThat(server.broadcaster().getClientCount()).isZero();
		}
	}

	@Test
	void moreTopicsThanAllowedGet400AndAsManyAsAllowedAreAccepted() throws Exception {
		try (TestServer server = start("tomcat", "sse.broadcast.topics.max-per-client=4")) {
			String four = IntStream.rangeClosed(1, 4).mapToObj((i) -> "topic=t" + i).collect(Collectors.joining("&"));
			HttpResponse<String> response = TestHttp.get(server.port(), "/sse/broadcast?" + four + "&topic=t5");
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("Too many topics; a client may subscribe to 4 at most")
				.contains("\"parameter\":\"topic\"");
			try (SseTestClient client = connected(server, "/sse/broadcast?" + four + "&topic=t4")) {
				server.broadcaster().publish("t4", "n", "to t4");
				assertThat(data(client, 1)).containsExactly("to t4");
			}
		}
	}

	@Test
	void anInvalidTopicInTheApiGets400AndPublishesNothing() throws Exception {
		try (TestServer server = start("tomcat"); SseTestClient client = connected(server, "/sse/broadcast")) {
			HttpResponse<String> response = post(server, "{\"data\":\"x\",\"topic\":\"a b\"}");
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("\"field\":\"topic\"")
				.contains("'topic' must be 1 to 128 letters, digits or '_', '.', ':', '/', '-'");
			assertThat(post(server, "{\"data\":\"x\",\"topic\":7}").statusCode()).isEqualTo(400);
			server.broadcaster().broadcast("sentinel", "after");
			assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "sentinel", "after"));
		}
	}

	@Test
	void aPerConnectionStreamSendsObjectsAsJsonWithTheApplicationsMapper() throws Exception {
		TestApplication.handedOverStreams.clear();
		try (TestServer server = start("tomcat");
				SseTestClient client = SseTestClient.connect(server.port(), "/test/handed-over")) {
			assertThat(client.awaitStatus(TIMEOUT)).isEqualTo(200);
			SseStream stream = TestApplication.handedOverStreams.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(stream.sendObject("order", Map.of("id", 17))).isTrue();
			assertThat(stream.send("text", "as is")).isTrue();
			assertThat(client.nextEvent(TIMEOUT)).isEqualTo(new Event("", "order", "{\"id\":17}"));
			assertThat(client.nextEvent(TIMEOUT)).isEqualTo(new Event("", "text", "as is"));
		}
	}

	private static TestServer start(String container, String... properties) {
		Class<?>[] configurations = container.equals("jetty")
				? new Class<?>[] { UserFromHeader.class, TestBootLine.OnJetty.class }
				: new Class<?>[] { UserFromHeader.class };
		return TestServer.start(configurations, properties);
	}

	/**
	 * Connect and wait for the {@code connected} event, so that the client is registered.
	 */
	private static SseTestClient connected(TestServer server, String path, String... headers) throws IOException,
			InterruptedException {
		SseTestClient client = SseTestClient.connect(server.port(), path, headers);
		assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
		return client;
	}

	private static HttpResponse<String> post(TestServer server, String json) throws IOException, InterruptedException {
		return TestHttp.postJson(server.port(), "/api/broadcast", json);
	}

	/**
	 * Return the data of the next events, and check that every one has an id.
	 */
	private static List<String> data(SseTestClient client, int count) throws InterruptedException {
		List<String> data = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Event event = client.nextEvent(TIMEOUT);
			assertThat(event).as("event %d of %d", i + 1, count).isNotNull();
			assertThat(event.id()).isNotEmpty();
			data.add(event.data());
		}
		return data;
	}

	/**
	 * Authenticates a request as the user its test header names, as a security filter would.
	 */
	@Configuration(proxyBeanMethods = false)
	static class UserFromHeader {

		@Bean
		Filter userFromHeader() {
			return (request, response, chain) -> {
				String user = ((HttpServletRequest) request).getHeader(USER_HEADER);
				if (user == null) {
					chain.doFilter(request, response);
					return;
				}
				Principal principal = () -> user;
				chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {

					@Override
					public Principal getUserPrincipal() {
						return principal;
					}

				}, response);
			};
		}

	}

}
