package io.github.ssebroadcast.web;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.test.LoopbackRelay;
import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.SseTestClient.Event;
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
 * The endpoints over a real socket, read by a real streaming client: the stream, the
 * broadcast endpoint, and the batch endpoint, whose batch reaches each client in its order,
 * to the topics its events name, and sends nothing at all when anything in it is wrong.
 */
@SpringBootTest(classes = { TestApplication.class, TestBootLine.DefaultTomcat.class }, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sse.broadcast.keep-alive=1s", "sse.broadcast.api.max-body-size=1KB",
				"sse.broadcast.api.max-batch-events=5",
				"spring.mvc.async.request-timeout=100ms", "spring.jackson.property-naming-strategy=SNAKE_CASE",
				"server.compression.enabled=true", "server.compression.min-response-size=1",
				"server.compression.mime-types=text/event-stream,application/json" })
class SseBroadcastEndpointsIntegrationTests {

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
	void streamIsCommittedWithHeadersBeforeAnyBroadcast() throws Exception {
		SseTestClient client = connect();
		assertThat(client.awaitStatus(TIMEOUT)).isEqualTo(200);
		assertThat(client.header("Content-Type")).startsWith("text/event-stream");
		assertThat(client.header("Cache-Control")).isEqualTo("no-cache, no-transform");
		assertThat(client.header("X-Accel-Buffering")).isEqualTo("no");
		assertThat(client.header("Content-Encoding")).isNull();
	}

	@Test
	void clientFirstReceivesReconnectTimeAndConnectedEvent() throws Exception {
		SseTestClient client = connect();
		Event connected = client.nextEvent(TIMEOUT);
		assertThat(connected.name()).isEqualTo("connected");
		JsonNode data = this.json.readTree(connected.data());
		assertThat(data.get("clientId").asText()).matches("[0-9a-f]{32}");
		assertThat(data.get("serverTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		assertThat(client.retries()).containsExactly(2000L);
	}

	@Test
	void everyClientReceivesEveryBroadcastInOrder() throws Exception {
		List<SseTestClient> subscribers = List.of(connect(), connect(), connect());
		for (SseTestClient client : subscribers) {
			assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
		}
		assertThat(this.broadcaster.getClientCount()).isEqualTo(3);
		// a burst within the default queue capacity (1,000 events, 1 MiB), published faster than any socket drains
		int events = 200;
		for (int i = 0; i < events; i++) {
			assertThat(this.broadcaster.broadcast("count", String.valueOf(i), String.valueOf(i), null).queued())
				.isEqualTo(3);
		}
		for (SseTestClient client : subscribers) {
			for (int i = 0; i < events; i++) {
				Event event = client.nextEvent(TIMEOUT);
				assertThat(event).isEqualTo(new Event(String.valueOf(i), "count", String.valueOf(i)));
			}
		}
	}

	@Test
	void keepAliveCommentArrivesOnIdleStream() throws Exception {
		SseTestClient client = connect();
		client.nextEvent(TIMEOUT);
		assertThat(client.nextComment(TIMEOUT)).startsWith("keep-alive ");
	}

	@Test
	void streamOutlivesSpringMvcAsyncRequestTimeout() throws Exception {
		SseTestClient client = connect();
		client.nextEvent(TIMEOUT);
		// the first keep-alive comes 1 s after connecting, ten times the MVC async timeout
		client.nextComment(TIMEOUT);
		this.broadcaster.broadcast("still", "open");
		assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("still");
	}

	@Test
	void postBroadcastsToEveryClientAndAnswersWithKestrunShape() throws Exception {
		SseTestClient first = connect();
		SseTestClient second = connect();
		first.nextEvent(TIMEOUT);
		second.nextEvent(TIMEOUT);
		HttpResponse<String> response = TestHttp.postJson(this.port, "/api/broadcast",
				"{\"event\":\"message\",\"data\":{\"text\":\"hello\", \"n\": [1, 2]},\"id\":\"7\",\"retry\":3000}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(response.body()))
			.isEqualTo(this.json.readTree("{\"ok\":true,\"event\":\"message\",\"connected\":2}"));
		for (SseTestClient client : List.of(first, second)) {
			assertThat(client.nextEvent(TIMEOUT)).isEqualTo(new Event("7", "message", "{\"text\":\"hello\",\"n\":[1,2]}"));
			assertThat(client.retries()).containsExactly(2000L, 3000L);
		}
	}

	@Test
	void postDefaultsEventToMessageAndSendsStringDataAsIs() throws Exception {
		SseTestClient client = connect();
		client.nextEvent(TIMEOUT);
		HttpResponse<String> response = TestHttp.postJson(this.port, "/api/broadcast",
				"{\"data\":\"first line\\nsecond line\\r\\nthird\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(response.body()).get("event").asText()).isEqualTo("message");
		assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "message", "first line\nsecond line\nthird"));
	}

	@Test
	void objectDataIsSerializedWithApplicationObjectMapper() throws Exception {
		SseTestClient client = connect();
		client.nextEvent(TIMEOUT);
		this.broadcaster.broadcast("user", new User("Ada", "Lovelace"));
		assertThat(client.nextEvent(TIMEOUT).data()).isEqualTo("{\"first_name\":\"Ada\",\"last_name\":\"Lovelace\"}");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			malformed JSON             | application/json | {"event":"x","data":   | 400 | Malformed JSON | 
			not an object              | application/json | [1, 2]                 | 400 | JSON object    | 
			empty body                 | application/json | ``                     | 400 | missing        | 
			missing data               | application/json | {"event":"x"}          | 400 | 'data' is required | data
			null data                  | application/json | {"data":null}          | 400 | 'data' is required | data
			event with LF              | application/json | {"event":"a\\nb","data":1}  | 400 | 'event' | event
			event with CR              | application/json | {"event":"a\\rb","data":1}  | 400 | 'event' | event
			event with NUL             | application/json | {"event":"a\\u0000b","data":1} | 400 | 'event' | event
			event with space           | application/json | {"event":"a b","data":1}    | 400 | 'event' | event
			event not a string         | application/json | {"event":5,"data":1}        | 400 | 'event' must be a string | event
			id with LF                 | application/json | {"id":"1\\n2","data":1}     | 400 | 'id' | id
			id with CR                 | application/json | {"id":"1\\r2","data":1}     | 400 | 'id' | id
			id with NUL                | application/json | {"id":"1\\u00002","data":1} | 400 | 'id' | id
			negative retry             | application/json | {"retry":-1,"data":1}       | 400 | 'retry' | retry
			retry not a number         | application/json | {"retry":"soon","data":1}   | 400 | 'retry' | retry
			retry not an integer       | application/json | {"retry":1.5,"data":1}      | 400 | 'retry' | retry
			trailing garbage           | application/json | {"data":"x"} garbage        | 400 | unexpected content after the JSON object | 
			two concatenated objects   | application/json | {"data":1}{"data":2}        | 400 | unexpected content after the JSON object | 
			id over 256 characters     | application/json | {"id":"<257 x i>","data":1} | 400 | 'id' must be at most 256 characters | id
			unknown field              | application/json | {"data":1,"name":"x"}       | 400 | Unknown field 'name' | name
			duplicate field            | application/json | {"data":1,"data":2}         | 400 | 'data' is given more than once | data
			text content type          | text/plain       | {"data":1}             | 415 | text/plain | 
			form content type          | application/x-www-form-urlencoded | data=1 | 415 | not supported | 
			no content type            |                  | {"data":1}             | 415 | missing | 
			""")
	void badInputGetsProblemResponseAndBroadcastsNothing(String description, String contentType, String body,
			int status, String detail, String field) throws Exception {
		SseTestClient client = connect();
		client.nextEvent(TIMEOUT);
		// a 257-character id would not fit the table
		String sent = (body != null) ? body.replace("<257 x i>", "i".repeat(257)) : "";
		HttpResponse<String> response = TestHttp.post(this.port, "/api/broadcast", contentType, sent);
		assertProblem(response, status, detail, field);
		assertNothingWasBroadcast(client);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "text/plain", "application/xml", "application/json;q=0", "text/*, image/png",
			"not a media type" })
	void clientThatDoesNotAcceptTheAnswerGets406AndNothingIsBroadcast(String accept) throws Exception {
		SseTestClient client = connect();
		client.nextEvent(TIMEOUT);
		HttpResponse<String> response = TestHttp.postJson(this.port, "/api/broadcast", accept, "{\"data\":1}");
		assertProblem(response, 406, "Accept '" + accept + "'", null);
		assertNothingWasBroadcast(client);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "application/json", "*/*", "application/*", "text/plain, application/json;q=0.5",
			"application/problem+json, application/json" })
	void clientThatAcceptsTheAnswerGetsIt(String accept) throws Exception {
		SseTestClient client = connect();
		client.nextEvent(TIMEOUT);
		HttpResponse<String> response = TestHttp.postJson(this.port, "/api/broadcast", accept, "{\"data\":1}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "message", "1"));
	}

	@Test
	void bodyThatIsNotUtf8Gets400AndBroadcastsNothing() throws Exception {
		SseTestClient client = connect();
		client.nextEvent(TIMEOUT);
		// "{"data":"" then an overlong '/', then ""}"
		byte[] body = { '{', '"', 'd', 'a', 't', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}' };
		HttpResponse<String> response = TestHttp.post(this.port, "/api/broadcast", "application/json", body);
		assertProblem(response, 400, "Request body is not valid UTF-8: bad byte sequence at byte offset 9", null);
		assertNothingWasBroadcast(client);
	}

	@Test
	void numbersInDataReachClientsExactlyAsWritten() throws Exception {
		SseTestClient client = connect();
		client.nextEvent(TIMEOUT);
		for (String number : List.of("12345678901234567.89", "1e999999999")) {
			HttpResponse<String> response = TestHttp.postJson(this.port, "/api/broadcast",
					"{\"data\":" + number + "}");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "message", number));
		}
	}

	@Test
	void bodyOverLimitGets413AndBroadcastsNothing() throws Exception {
		SseTestClient client = connect();
		client.nextEvent(TIMEOUT);
		HttpResponse<String> response = TestHttp.postJson(this.port, "/api/broadcast",
				"{\"data\":\"" + "x".repeat(2048) + "\"}");
		assertProblem(response, 413, "larger than the limit of 1024 bytes", null);
		assertNothingWasBroadcast(client);
	}

	@Test
	void unreadableChunkedBodyGets400AndBroadcastsNothing() throws Exception {
		SseTestClient client = connect();
		client.nextEvent(TIMEOUT);
		// Tomcat reports it to the asynchronous request, and answers with an error dispatch
		String response = TestHttp.postMalformedChunks(this.port, "/api/broadcast");
		assertThat(response).startsWith("HTTP/1.1 400")
			.contains("application/problem+json")
			.contains("Request body could not be read")
			.contains("\"instance\":\"/api/broadcast\"")
			.doesNotContain("Exception")
			.doesNotContain("\tat ");
		assertNothingWasBroadcast(client);
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
		List<Event> seenOnA = onA.nextEvents(3, TIMEOUT);
		assertThat(seenOnA).extracting(Event::withoutId).containsExactly(a1, everyone, a2);
		assertThat(seenOnA.get(0).id()).isEqualTo("7");
		assertThat(onB.nextEvents(2, TIMEOUT)).extracting(Event::withoutId).containsExactly(everyone, b1);
		assertThat(onBoth.nextEvents(4, TIMEOUT)).extracting(Event::withoutId).containsExactly(a1, everyone, b1, a2);
		assertThat(onNone.nextEvents(1, TIMEOUT)).extracting(Event::withoutId).containsExactly(everyone);
		assertThat(onA.retries()).containsExactly(2000L, 3000L);
		assertThat(onB.retries()).containsExactly(2000L);
		for (SseTestClient client : List.of(onA, onB, onBoth, onNone)) {
			assertNothingWasBroadcast(client);
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
		assertProblem(response, BATCH, status, detail, field);
		assertNothingWasBroadcast(client);
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
		assertProblem(response, BATCH, 400,
				"Request body is not valid UTF-8: bad byte sequence at byte offset " + valid.length, null);
		assertNothingWasBroadcast(client);
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
		assertProblem(response, BATCH, 413, "Request body is larger than the limit of 1024 bytes", null);
		assertNothingWasBroadcast(client);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "text/plain", "text/event-stream", "application/json;q=0" })
	void batchForAClientThatDoesNotAcceptTheAnswerGets406AndSendsNothing(String accept) throws Exception {
		SseTestClient client = connected(EVERY_TOPIC);
		HttpResponse<String> response = TestHttp.postJson(this.port, BATCH, accept,
				"{\"events\":[{\"data\":1,\"topic\":\"a\"},{\"data\":2}]}");
		assertProblem(response, BATCH, 406, "Accept '" + accept + "'", null);
		assertNothingWasBroadcast(client);
	}

	/**
	 * Each event goes to the relay in turn: when it fails part way, the events before are
	 * sent, to every instance, and the answer says how many.
	 */
	@Test
	void batchThatTheRelayFailsPartWayGets503WithHowManyEventsWereSent() throws Exception {
		try (TestServer server = TestServer.start(new Class<?>[] { LoopbackRelayConfiguration.class },
				"sse.broadcast.reconnect-time=3s");
				SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast?topic=a")) {
			assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
			LoopbackRelay relay = server.context().getBean(LoopbackRelay.class);
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
			assertThat(client.nextEvents(3, TIMEOUT)).extracting(Event::data).containsExactly("0", "1", "after");
		}
	}

	@Test
	void headRequestGetsStreamHeadersAndTakesNoClientSlot() throws Exception {
		HttpResponse<Void> response = TestHttp.head(this.port, "/sse/broadcast");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache, no-transform");
		assertThat(this.broadcaster.getClientCount()).isZero();
	}

	@Test
	void headRequestToApplicationStreamEndsItAndItsSendsAreRefused() throws Exception {
		int refusedBefore = TestApplication.feedsRefused.get();
		HttpResponse<Void> response = TestHttp.head(this.port, "/test/feed");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		await().atMost(TIMEOUT).until(() -> TestApplication.feedsRefused.get() > refusedBefore);
	}

	@Test
	void streamNotReturnedByItsHandlerIsEndedAndItsSendsAreRefused() throws Exception {
		int refusedBefore = TestApplication.feedsRefused.get();
		HttpResponse<String> response = TestHttp.get(this.port, "/test/feed-not-returned");
		assertThat(response.statusCode()).isEqualTo(403);
		await().atMost(TIMEOUT).until(() -> TestApplication.feedsRefused.get() > refusedBefore);
	}

	@Test
	void subscriptionNotReturnedByItsHandlerLeavesTheBroadcaster() throws Exception {
		HttpResponse<String> response = TestHttp.get(this.port, "/test/subscription-not-returned");
		assertThat(response.statusCode()).isEqualTo(403);
		await().atMost(TIMEOUT).until(() -> this.broadcaster.getClientCount() == 0);
	}

	@Test
	void streamHandedOverLaterThroughDeferredResultIsNotEnded() throws Exception {
		SseTestClient client = SseTestClient.connect(this.port, "/test/deferred");
		this.clients.add(client);
		assertThat(client.awaitStatus(TIMEOUT)).isEqualTo(200);
		assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "tick", "deferred"));
		assertThat(client.awaitEnd(TIMEOUT)).isTrue();
	}

	@Test
	void departedClientNeverReachesApplicationGlobalExceptionHandler() throws Exception {
		int resolvedBefore = TestApplication.streamExceptionsResolved.get();
		int globalBefore = TestApplication.globalHandlerInvocations.get();
		SseTestClient client = connect();
		client.nextEvent(TIMEOUT);
		client.close();
		await().atMost(TIMEOUT).until(() -> {
			this.broadcaster.broadcast("probe", "x");
			return TestApplication.streamExceptionsResolved.get() > resolvedBefore;
		});
		assertThat(TestApplication.globalHandlerInvocations).hasValue(globalBefore);
	}

	@Test
	void perConnectionStreamHasSameHeadersCommitAndEncoding() throws Exception {
		SseTestClient client = SseTestClient.connect(this.port, "/test/ticks?count=3");
		this.clients.add(client);
		assertThat(client.awaitStatus(TIMEOUT)).isEqualTo(200);
		assertThat(client.header("Cache-Control")).isEqualTo("no-cache, no-transform");
		assertThat(client.header("X-Accel-Buffering")).isEqualTo("no");
		for (int i = 1; i <= 3; i++) {
			assertThat(client.nextEvent(TIMEOUT)).isEqualTo(new Event(String.valueOf(i), "tick", "line " + i + "\nnext"));
		}
		assertThat(client.awaitEnd(TIMEOUT)).isTrue();
		assertThat(client.retries()).containsExactly(2000L);
	}

	@Test
	void eventsSentWhileStreamOpensArriveOnceAndInOrder() throws Exception {
		int count = 2000;
		SseTestClient client = SseTestClient.connect(this.port, "/test/burst?count=" + count);
		this.clients.add(client);
		assertThat(client.awaitStatus(TIMEOUT)).isEqualTo(200);
		assertThat(client.header("Content-Type")).startsWith("text/event-stream");
		assertThat(client.header("Cache-Control")).isEqualTo("no-cache, no-transform");
		for (int i = 1; i <= count; i++) {
			assertThat(client.nextEvent(TIMEOUT)).isEqualTo(new Event(String.valueOf(i), "burst", "n"));
		}
		assertThat(client.awaitEnd(TIMEOUT)).isTrue();
		assertThat(client.pollEvent()).isNull();
		assertThat(client.retries()).containsExactly(2000L);
	}

	@Test
	void everythingSentBeforeTheHandlerReturnsTheStreamArrivesBeforeItEnds() throws Exception {
		// 20 events of 500 bytes: more than the opening write on the request thread takes
		SseTestClient client = SseTestClient.connect(this.port, "/test/sent-before-return?count=20&size=500");
		this.clients.add(client);
		for (int i = 1; i <= 20; i++) {
			assertThat(client.nextEvent(TIMEOUT)).isEqualTo(new Event(String.valueOf(i), "early", "x".repeat(500)));
		}
		assertThat(client.awaitEnd(TIMEOUT)).isTrue();
		assertThat(client.pollEvent()).isNull();
	}

	private SseTestClient connect() throws Exception {
		return connect("/sse/broadcast");
	}

	private SseTestClient connect(String path) throws Exception {
		SseTestClient client = SseTestClient.connect(this.port, path);
		this.clients.add(client);
		return client;
	}

	private SseTestClient connected(String path) throws Exception {
		SseTestClient client = connect(path);
		assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
		return client;
	}

	private void assertProblem(HttpResponse<String> response, int status, String detail, String field)
			throws Exception {
		assertProblem(response, "/api/broadcast", status, detail, field);
	}

	private void assertProblem(HttpResponse<String> response, String path, int status, String detail, String field)
			throws Exception {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("detail").asText()).contains(detail);
		assertThat(problem.get("instance").asText()).isEqualTo(path);
		if (field != null) {
			assertThat(problem.get("field").asText()).isEqualTo(field);
		}
		else {
			assertThat(problem.has("field")).isFalse();
		}
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	private void assertNothingWasBroadcast(SseTestClient client) throws Exception {
		this.broadcaster.broadcast("sentinel", "after");
		assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "sentinel", "after"));
	}

	record User(String firstName, String lastName) {
	}

	@Configuration(proxyBeanMethods = false)
	static class LoopbackRelayConfiguration {

		@Bean
		LoopbackRelay loopbackRelay() {
			return new LoopbackRelay();
		}

	}

}
