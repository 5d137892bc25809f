package io.github.ssebroadcast.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.SseTestClient.Event;
import io.github.ssebroadcast.test.TestApplication;
import io.github.ssebroadcast.test.TestBootLine;
import io.github.ssebroadcast.test.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The endpoints over a real socket, read by a real streaming client.
 */
@SpringBootTest(classes = { TestApplication.class, TestBootLine.DefaultTomcat.class }, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sse.broadcast.keep-alive=1s", "sse.broadcast.api.max-body-size=1KB",
				"spring.mvc.async.request-timeout=100ms", "spring.jackson.property-naming-strategy=SNAKE_CASE",
				"server.compression.enabled=true", "server.compression.min-response-size=1",
				"server.compression.mime-types=text/event-stream,application/json" })
class SseBroadcastEndpointsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

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
		SseTestClient client = SseTestClient.connect(this.port, "/sse/broadcast");
		this.clients.add(client);
		return client;
	}

	private void assertProblem(HttpResponse<String> response, int status, String detail, String field)
			throws Exception {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("detail").asText()).contains(detail);
		assertThat(problem.get("instance").asText()).isEqualTo("/api/broadcast");
		if (field != null) {
			assertThat(problem.get("field").asText()).isEqualTo(field);
		}
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	private void assertNothingWasBroadcast(SseTestClient client) throws Exception {
		this.broadcaster.broadcast("sentinel", "after");
		assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "sentinel", "after"));
	}

	record User(String firstName, String lastName) {
	}

}
