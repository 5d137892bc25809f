package io.github.ssebroadcast.sample;

import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.ssebroadcast.sample.SseTestClient.Event;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's broadcast stream over plain HTTP: its {@code topic} parameters, and resuming
 * with {@code Last-Event-ID} or {@code ?lastEventId=}, as the demo page uses them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class BroadcastTopicsAndReplayTests {

	private static final String ASSIGNED_ID = "[0-9a-z]+-\\d+";

	@LocalServerPort
	private int port;

	@Test
	void sendsAClientTheBroadcastsAndTheEventsOfItsTopicsOnly() throws Exception {
		Http http = new Http(this.port);
		try (SseTestClient subscriber = SseTestClient.connect(http.uri("/sse/broadcast?topic=orders&topic=alerts"));
				SseTestClient other = SseTestClient.connect(http.uri("/sse/broadcast"))) {
			subscriber.next("connected");
			other.next("connected");
			publish(http, "billing", "b1");
			publish(http, "orders", "o1");
			publish(http, "alerts", "a1");
			publish(http, null, "e1");

			Event o1 = subscriber.next();
			assertThat(o1.data()).isEqualTo("o1");
			assertThat(o1.id()).matches(ASSIGNED_ID);
			assertThat(subscriber.next().data()).isEqualTo("a1");
			assertThat(subscriber.next().data()).isEqualTo("e1");
			assertThat(other.next().data()).isEqualTo("e1");
		}
	}

	@Test
	void resumesAfterTheLastEventIdHeaderWithTheEventsMissedThatTheClientMaySee() throws Exception {
		Http http = new Http(this.port);
		String lastId;
		try (SseTestClient client = SseTestClient.connect(http.uri("/sse/broadcast?topic=orders"))) {
			client.next("connected");
			publish(http, "orders", "o0");
			lastId = client.next("message").id();
		}
		publish(http, "orders", "o1");
		publish(http, "alerts", "a1");
		publish(http, null, "e1");
		// the header wins over the parameter
		try (SseTestClient client = SseTestClient.connect(
				http.uri("/sse/broadcast?topic=orders&lastEventId=not-this-one"), "Last-Event-ID", lastId)) {
			JsonNode connected = Http.json(client.next("connected").data());
			assertThat(connected.get("replayed").asInt()).isEqualTo(2);
			assertThat(client.next().data()).isEqualTo("o1");
			assertThat(client.next().data()).isEqualTo("e1");
			publish(http, null, "live");
			assertThat(client.next().data()).isEqualTo("live");
		}
	}

	@Test
	void resumesAfterTheLastEventIdParameter() throws Exception {
		Http http = new Http(this.port);
		String lastId;
		try (SseTestClient client = SseTestClient.connect(http.uri("/sse/broadcast"))) {
			client.next("connected");
			publish(http, null, "e0");
			lastId = client.next("message").id();
		}
		publish(http, null, "e1");
		try (SseTestClient client = SseTestClient.connect(http.uri("/sse/broadcast?lastEventId=" + lastId))) {
			assertThat(Http.json(client.next("connected").data()).get("replayed").asInt()).isEqualTo(1);
			assertThat(client.next().data()).isEqualTo("e1");
		}
	}

	@Test
	void sendsAResetToAClientWhoseLastEventIdIsUnknown() throws Exception {
		Http http = new Http(this.port);
		publish(http, null, "newest");
		try (SseTestClient client = SseTestClient.connect(http.uri("/sse/broadcast"), "Last-Event-ID", "from-elsewhere")) {
			JsonNode connected = Http.json(client.next("connected").data());
			assertThat(connected.has("replayed")).isFalse();
			Event reset = client.next();
			assertThat(reset.name()).isEqualTo("reset");
			assertThat(reset.id()).matches(ASSIGNED_ID);
			JsonNode data = Http.json(reset.data());
			assertThat(data.get("lastEventId").asString()).isEqualTo("from-elsewhere");
			assertThat(data.get("reason").asString()).isEqualTo("unknown");
			publish(http, null, "live");
			assertThat(client.next().data()).isEqualTo("live");
		}
	}

	@Test
	void rejectsAnInvalidTopicWithAProblemNamingTheParameter() throws Exception {
		HttpResponse<String> response = new Http(this.port).get("/sse/broadcast?topic=no%20spaces", "Accept",
				"text/event-stream");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = Http.json(response);
		assertThat(problem.get("parameter").asString()).isEqualTo("topic");
		assertThat(problem.get("detail").asString()).startsWith("Topic 'no spaces' is invalid");
	}

	@Test
	void rejectsMoreThan32Topics() throws Exception {
		String topics = IntStream.rangeClosed(1, 33).mapToObj((i) -> "topic=t" + i).collect(Collectors.joining("&"));
		HttpResponse<String> response = new Http(this.port).get("/sse/broadcast?" + topics, "Accept",
				"text/event-stream");
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = Http.json(response);
		assertThat(problem.get("parameter").asString()).isEqualTo("topic");
		assertThat(problem.get("detail").asString()).contains("Too many topics");
	}

	private static void publish(Http http, String topic, String text) throws Exception {
		String body = "{\"data\":\"" + text + "\"" + ((topic != null) ? ",\"topic\":\"" + topic + "\"" : "") + "}";
		HttpResponse<String> response = http.postJson("/api/broadcast", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

}
