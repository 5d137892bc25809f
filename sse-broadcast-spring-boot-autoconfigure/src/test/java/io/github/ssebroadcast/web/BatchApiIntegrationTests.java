package io.github.ssebroadcast.web;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssebroadcast.broadcast.SseAudience;
import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.broadcast.SseRelayException;
import io.github.ssebroadcast.event.SseEvent;
import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.SseTestClient.Event;
import io.github.ssebroadcast.test.StubRelay;
import io.github.ssebroadcast.test.TestApplication;
import io.github.ssebroadcast.test.TestBootLine;
import io.github.ssebroadcast.test.TestHttp;
import io.github.ssebroadcast.test.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The batch endpoint over a real socket, read by real streaming clients: a batch reaches
 * each client in its order, to the topics its events name, and a batch with anything wrong
 * in it sends nothing at all.
 */
@SpringBootTest(classes = { TestApplication.class, TestBootLine.DefaultTomcat.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sse.broadcast.api.max-body-size=1KB", "sse.broadcast.api.max-batch-events=5" })
class BatchApiIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String BATCH = "/api/broadcast/batch";

	/** Topics whose client sees every event a batch of the tests could send. */
	private static final String EVERY_TOPIC = "/sse/broadcast?topic=a&topic=b";

	private final ObjectMapper json = new ObjectMapper();

	private final List<SseTestClient> clients = new ArrayList<>();

	@LocalServerPort
	private int port;

	@Autowired
	private SseBroadcaster broadcaster;

	@AfterEach
	void closeClients() {
		this.clients.forEach(SseTestClient::close);
		await().atMost(TIMEOUT).until(() -> {
			this.broadcaster.broadcast("flush", "closing");
			return this.broadcaster.getClientCount() == 0;
		});
	}

	@Test
	void batchReachesEveryClientInOrderWithTheTopicsOfItsEvents() throws Exception {
		SseTestClient onA = connected("/sse/broadcast?topic=a");
		SseTestClient onB = connected("/sse/broadcast?topic=b");
		SseTestClient onBoth = connected(EVERY_TOPIC);
		SseTestClient onNone = connected("/sse/broadcast");
		HttpResponse<String> response = TestHttp.postJson(this.port, BATCH, """
				{"events": [
				  {"event": "n", "data": "a1", "id": "7", "retry": 3000, "topic": "a"},
				  {"data": {"text": "for everyone", "n": [1, 2]}},
				  {"event": "n", "data": "b1", "topic": "b"},
				  {"event": "n", "data": "a2", "topic": "a"},
				  {"event": "n", "data": "lost", "topic": "nobody"}
				]}""");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat(this.json.readTree(response.body()))
			.isEqualTo(this.json.readTree("{\"ok\":true,\"published\":5,\"connected\":[2,4,2,2,0]}"));
		Event a1 = new Event("", "n", "a1");
		Event everyone = new Event("", "message", "{\"text\":\"for everyone\",\"n\":[1,2]}");
		Event b1 = new Event("", "n", "b1");
		Event a2 = new Event("", "n", "a2");
		List<Event> seenOnA = next(onA, 3);
		assertThat(seenOnA).extracting(Event::withoutId).containsExactly(a1, everyone, a2);
		assertThat(seenOnA.get(0).id()).isEqualTo("7");
		assertThat(next(onB, 2)).extracting(Event::withoutId).containsExactly(everyone, b1);
		assertThat(next(onBoth, 4)).extracting(Event::withoutId).containsExactly(a1, everyone, b1, a2);
		assertThat(next(onNone, 1)).extracting(Event::withoutId).containsExactly(everyone);
		assertThat(onA.retries()).containsExactly(2000L, 3000L);
		assertThat(onB.retries()).containsExactly(2000L);
		for (SseTestClient client : List.of(onA, onB, onBoth, onNone)) {
			assertNothingMoreWasSent(client);
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			bad topic in the middle     | application/json | {"events":[{"data":1,"topic":"a"},{"data":2,"topic":"a b"},{"data":3}]} | 400 | 'events[1].topic' must be 1 to 128 | events[1].topic
			missing data in the middle  | application/json | {"events":[{"data":1,"topic":"a"},{"event":"x"},{"data":3}]}         | 400 | 'events[1].data' is required | events[1].data
			bad event name last         | application/json | {"events":[{"data":1,"topic":"a"},{"data":2},{"event":"a b","data":3}]} | 400 | 'events[2].event' must be 1 to 128 | events[2].event
			negative retry              | application/json | {"events":[{"data":1,"topic":"a"},{"data":2,"retry":-1}]}          | 400 | 'events[1].retry' must be a non-negative integer | events[1].retry
			id with LF                  | application/json | {"events":[{"data":1,"topic":"a"},{"data":2,"id":"1\\n2"}]}        | 400 | 'events[1].id' must not contain CR, LF or NUL | events[1].id
			event that is not an object | application/json | {"events":[{"data":1,"topic":"a"},"x"]}                           | 400 | 'events[1]' must be a JSON object, not a string | events[1]
			unknown field of an event   | application/json | {"events":[{"data":1,"topic":"a"},{"data":2,"name":"x"}]}         | 400 | Unknown field 'events[1].name' | events[1].name
			field twice in an event     | application/json | {"events":[{"data":1,"topic":"a"},{"data":2,"data":3}]}           | 400 | Field 'events[1].data' is given more than once | events[1].data
			too many events             | application/json | {"events":[{"data":1,"topic":"a"},{"data":2},{"data":3},{"data":4},{"data":5},{"data":6}]} | 400 | 'events' must hold 1 to 5 events; it holds 6 | events
			empty array                 | application/json | {"events":[]}                                                     | 400 | 'events' must hold 1 to 5 events; it holds 0 | events
			events not an array         | application/json | {"events":{"data":1,"topic":"a"}}                                 | 400 | 'events' must be an array of 1 to 5 events | events
			events null                 | application/json | {"events":null}                                                   | 400 | 'events' must be an array of 1 to 5 events | events
			no events                   | application/json | {}                                                                | 400 | 'events' must be an array of 1 to 5 events | events
			a single event              | application/json | {"data":1,"topic":"a"}                                            | 400 | Unknown field 'data'; the only accepted field is 'events' | data
			unknown top-level field     | application/json | {"events":[{"data":1,"topic":"a"}],"topic":"a"}                   | 400 | Unknown field 'topic'; the only accepted field is 'events' | topic
			events given twice          | application/json | {"events":[{"data":1,"topic":"a"}],"events":[{"data":2}]}          | 400 | Field 'events' is given more than once | events
			trailing garbage            | application/json | {"events":[{"data":1,"topic":"a"}]} garbage                       | 400 | unexpected content after the JSON object | 
			two concatenated batches    | application/json | {"events":[{"data":1,"topic":"a"}]}{"events":[{"data":2}]}         | 400 | unexpected content after the JSON object | 
			an array of events          | application/json | [{"data":1,"topic":"a"}]                                          | 400 | Request body must be a JSON object, not an array | 
			malformed JSON              | application/json | {"events":[{"data":1,"topic":"a"},]}                              | 400 | Malformed JSON at line 1, column 35 | 
			empty body                  | application/json | ``                                                                | 400 | Request body is missing; send {"events": [ | 
			text content type           | text/plain       | {"events":[{"data":1,"topic":"a"}]}                               | 415 | text/plain | 
			no content type             |                  | {"events":[{"data":1,"topic":"a"}]}                               | 415 | missing | 
			""")
	void batchWithAnythingWrongGetsProblemResponseAndSendsNothing(String description, String contentType,
			String body, int status, String detail, String field) throws Exception {
		SseTestClient client = connected(EVERY_TOPIC);
		HttpResponse<String> response = TestHttp.post(this.port, BATCH, contentType, (body != null) ? body : "");
		assertProblem(response, status, detail, field);
		assertNothingMoreWasSent(client);
	}

	@Test
	void batchThatIsNotUtf8Gets400AndSendsNothing() throws Exception {
		SseTestClient client = connected(EVERY_TOPIC);
		byte[] valid = "{\"events\":[{\"data\":\"a\",\"topic\":\"a\"},{\"data\":\"".getBytes(StandardCharsets.UTF_8);
		// an overlong '/' in the second event's data
		byte[] body = new byte[valid.length + 6];
		System.arraycopy(valid, 0, body, 0, valid.length);
		System.arraycopy(new byte[] { (byte) 0xC0, (byte) 0xAF, '"', '}', ']', '}' }, 0, body, valid.length, 6);
		HttpResponse<String> response = TestHttp.post(this.port, BATCH, "application/json", body);
		assertProblem(response, 400,
				"Request body is not valid UTF-8: bad byte sequence at byte offset " + valid.length, null);
		assertNothingMoreWasSent(client);
	}

	/**
	 * With a {@code Content-Length}, the limit is known from the headers; sent chunked, it is
	 * found as the body arrives.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "with Content-Length", "chunked" })
	void batchOverTheBodyLimitGets413AndSendsNothing(String framing) throws Exception {
		SseTestClient client = connected(EVERY_TOPIC);
		// two events within max-batch-events, 1,200 bytes in all: over the limit of 1 KB
		String event = "{\"data\":\"" + "x".repeat(580) + "\",\"topic\":\"a\"}";
		byte[] body = ("{\"events\":[" + event + "," + event + "]}").getBytes(StandardCharsets.UTF_8);
		HttpRequest.BodyPublisher publisher = framing.equals("chunked")
				? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
				: HttpRequest.BodyPublishers.ofByteArray(body);
		HttpResponse<String> response = TestHttp.send(
				TestHttp.request(this.port, BATCH).header("Content-Type", "application/json").POST(publisher).build());
		assertProblem(response, 413, "Request body is larger than the limit of 1024 bytes", null);
		assertNothingMoreWasSent(client);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "text/plain", "text/event-stream", "application/json;q=0" })
	void clientThatDoesNotAcceptTheAnswerGets406AndNothingIsSent(String accept) throws Exception {
		SseTestClient client = connected(EVERY_TOPIC);
		HttpResponse<String> response = TestHttp.postJson(this.port, BATCH, accept,
				"{\"events\":[{\"data\":1,\"topic\":\"a\"},{\"data\":2}]}");
		assertProblem(response, 406, "Accept '" + accept + "'", null);
		assertNothingMoreWasSent(client);
	}

	/**
	 * Each event goes to the relay in turn: when it fails part way, the events before are
	 * sent, to every instance, and the answer says how many.
	 */
	@Test
	void relayThatFailsPartWayGets503WithHowManyEventsWereSent() throws Exception {
		try (TestServer server = TestServer.start(new Class<?>[] { FailingRelayConfiguration.class },
				"sse.broadcast.reconnect-time=3s");
				SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast?topic=a")) {
			assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
			FailingRelay relay = server.context().getBean(FailingRelay.class);
			relay.failAfter(2);
			HttpResponse<String> response = TestHttp.postJson(server.port(), BATCH, "{\"events\":["
					+ "{\"data\":\"0\",\"topic\":\"a\"},{\"data\":\"1\"},{\"data\":\"2\",\"topic\":\"a\"},{\"data\":\"3\"}]}");
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
			JsonNode problem = this.json.readTree(response.body());
			assertThat(problem.get("published").asInt()).isEqualTo(2);
			assertThat(problem.get("detail").asText()).isEqualTo("The relay between instances could not reach Redis: "
					+ "Redis cannot be reached; the event was not sent; the first 2 events of the batch were sent, "
					+ "send the rest later");
			assertThat(problem.get("instance").asText()).isEqualTo(BATCH);
			relay.failAfter(Integer.MAX_VALUE);
			server.broadcaster().broadcast("sentinel", "after");
			assertThat(next(client, 3)).extracting(Event::data).containsExactly("0", "1", "after");
		}
	}

	private SseTestClient connected(String path) throws Exception {
		SseTestClient client = SseTestClient.connect(this.port, path);
		this.clients.add(client);
		assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
		return client;
	}

	private static List<Event> next(SseTestClient client, int count) throws InterruptedException {
		List<Event> events = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			events.add(client.nextEvent(TIMEOUT));
		}
		return events;
	}

	private void assertProblem(HttpResponse<String> response, int status, String detail, String field)
			throws Exception {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("detail").asText()).contains(detail);
		assertThat(problem.get("instance").asText()).isEqualTo(BATCH);
		if (field != null) {
			assertThat(problem.get("field").asText()).isEqualTo(field);
		}
		else {
			assertThat(problem.has("field")).isFalse();
		}
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	/**
	 * Broadcast a sentinel and check that it is the next event the client receives.
	 */
	private void assertNothingMoreWasSent(SseTestClient client) throws Exception {
		this.broadcaster.broadcast("sentinel", "after");
		assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "sentinel", "after"));
	}

	/**
	 * A relay that hands every event back at once, as if every instance read it from the
	 * log, until the test tells it to fail.
	 */
	static class FailingRelay extends StubRelay {

		private final AtomicInteger permits = new AtomicInteger(Integer.MAX_VALUE);

		private final AtomicInteger ids = new AtomicInteger();

		private volatile Listener listener;

		/**
		 * Take the given number of events more, then fail as a relay that lost Redis does.
		 */
		void failAfter(int events) {
			this.permits.set(events);
		}

		@Override
		public String publish(SseAudience audience, SseEvent event) {
			if (this.permits.getAndUpdate((permits) -> Math.max(0, permits - 1)) == 0) {
				throw new SseRelayException("Redis cannot be reached; the event was not sent");
			}
			String id = "1-" + this.ids.incrementAndGet();
			this.listener.relayed(id, audience, event, true);
			return id;
		}

		@Override
		public void start(Listener listener, int history) {
			this.listener = listener;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingRelayConfiguration {

		@Bean
		FailingRelay failingRelay() {
			return new FailingRelay();
		}

	}

}
