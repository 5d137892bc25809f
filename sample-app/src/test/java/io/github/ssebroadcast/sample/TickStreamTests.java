package io.github.ssebroadcast.sample;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.ssebroadcast.sample.SseTestClient.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class TickStreamTests {

	private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";

	@LocalServerPort
	private int port;

	@Autowired
	private TickStreams tickStreams;

	@Test
	void sendsConnectedThenTicksThenCompleteAndEnds() throws Exception {
		try (SseTestClient client = SseTestClient.connect(http().uri("/sse?count=3&intervalMs=20"))) {
			assertThat(client.status()).isEqualTo(200);
			assertThat(client.headers().firstValue("Content-Type")).hasValue("text/event-stream");
			assertThat(client.headers().firstValue("Cache-Control")).hasValue("no-cache, no-transform");
			String stream = client.awaitEnd().replaceAll(TIMESTAMP, "<time>");
			assertThat(stream).isEqualTo("""
					retry: 2000
					event: connected
					data: {"message":"Sending 3 ticks every 20 ms","serverTime":"<time>","count":3,"intervalMs":20}

					id: 1
					event: tick
					data: {"i":1,"total":3,"timestamp":"<time>"}

					id: 2
					event: tick
					data: {"i":2,"total":3,"timestamp":"<time>"}

					id: 3
					event: tick
					data: {"i":3,"total":3,"timestamp":"<time>"}

					event: complete
					data: {"message":"Sent 3 ticks","total":3,"serverTime":"<time>"}

					""");
		}
	}

	@Test
	void usesThirtyTicksEverySecondByDefault() throws Exception {
		try (SseTestClient client = SseTestClient.connect(http().uri("/sse"))) {
			Event connected = client.next();
			assertThat(connected.name()).isEqualTo("connected");
			assertThat(connected.retry()).isEqualTo(2000);
			JsonNode data = Http.json(connected.data());
			assertThat(data.get("count").asInt()).isEqualTo(30);
			assertThat(data.get("intervalMs").asInt()).isEqualTo(1000);
		}
	}

	@Test
	void resumesAfterTheLastEventIdABrowserSendsWhenItReconnects() throws Exception {
		try (SseTestClient client = SseTestClient.connect(http().uri("/sse?count=4&intervalMs=10"), "Last-Event-ID",
				"2")) {
			assertThat(Http.json(client.next("connected").data()).get("message").asString())
				.isEqualTo("Resuming after tick 2 of 4");
			assertThat(client.next().id()).isEqualTo("3");
			assertThat(client.next().id()).isEqualTo("4");
			assertThat(client.next().name()).isEqualTo("complete");
		}
	}

	@Test
	void resumesAfterTheLastEventIdParameter() throws Exception {
		try (SseTestClient client = SseTestClient.connect(http().uri("/sse?count=4&intervalMs=10&lastEventId=3"))) {
			client.next("connected");
			assertThat(client.next().id()).isEqualTo("4");
			assertThat(client.next().name()).isEqualTo("complete");
		}
	}

	@Test
	void prefersTheLastEventIdHeaderToTheParameter() throws Exception {
		// a page resumed with ?lastEventId=1, then lost its connection after tick 3
		try (SseTestClient client = SseTestClient.connect(http().uri("/sse?count=4&intervalMs=10&lastEventId=1"),
				"Last-Event-ID", "3")) {
			client.next("connected");
			assertThat(client.next().id()).isEqualTo("4");
		}
	}

	@Test
	void answersNoContentWhenEveryTickWasReceived() throws Exception {
		// 204 tells EventSource not to reconnect
		HttpResponse<String> response = http().get("/sse?count=3&intervalMs=10", "Last-Event-ID", "3");
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(response.body()).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			count=0                  | count       | 'count' must be between 1 and 1000
			count=1001               | count       | 'count' must be between 1 and 1000
			count=-5                 | count       | 'count' must be between 1 and 1000
			intervalMs=9             | intervalMs  | 'intervalMs' must be between 10 and 60000
			intervalMs=60001         | intervalMs  | 'intervalMs' must be between 10 and 60000
			count=abc                | count       | 'count' must be an integer, not 'abc'
			count=99999999999        | count       | 'count' must be an integer, not '99999999999'
			intervalMs=1.5           | intervalMs  | 'intervalMs' must be an integer, not '1.5'
			lastEventId=x            | lastEventId | 'lastEventId' must be the id of a tick, a number from 0
			lastEventId=-1           | lastEventId | 'lastEventId' must be the id of a tick, a number from 0
			""")
	void rejectsBadParametersWithAProblemNamingThem(String query, String field, String detail) throws Exception {
		// asked as an EventSource asks, yet answered with a problem, not a stream
		HttpResponse<String> response = http().get("/sse?" + query, "Accept", "text/event-stream");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = Http.json(response);
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		assertThat(problem.get("field").asString()).isEqualTo(field);
		assertThat(problem.get("detail").asString()).isEqualTo(detail);
		assertThat(problem.get("instance").asString()).isEqualTo("/sse");
	}

	@Test
	void rejectsABadLastEventIdHeader() throws Exception {
		HttpResponse<String> response = http().get("/sse?count=3", "Last-Event-ID", "tick-2");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(Http.json(response).get("field").asString()).isEqualTo("Last-Event-ID");
	}

	@Test
	void stopsTickingWhenTheClientGoesAway() throws Exception {
		try (SseTestClient client = SseTestClient.connect(http().uri("/sse?count=1000&intervalMs=10"))) {
			client.next("tick");
			assertThat(this.tickStreams.getOpenCount()).isPositive();
		}
		// the next sends fail once the connection is gone, and the ticker stops
		await().atMost(SseTestClient.TIMEOUT)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.tickStreams.getOpenCount() == 0);
	}

	private Http http() {
		return new Http(this.port);
	}

}
