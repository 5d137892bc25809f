package io.github.ssebroadcast.sample;

import java.net.http.HttpResponse;
import java.time.Instant;

import io.github.ssebroadcast.sample.SseTestClient.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class ProgressBroadcastTests {

	@LocalServerPort
	private int port;

	@Test
	void broadcastsAProgressEventWithTheServerTime() throws Exception {
		Http http = new Http(this.port);
		try (SseTestClient client = SseTestClient.connect(http.uri("/sse/broadcast"))) {
			client.next("connected");
			Instant before = Instant.now();
			HttpResponse<String> response = http.postJson("/api/broadcast/progress",
					"{\"taskId\":\"task-1\",\"progress\":40,\"status\":\"Copying files\",\"state\":\"running\"}");
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode answer = Http.json(response);
			assertThat(answer.get("ok").asBoolean()).isTrue();
			assertThat(answer.get("event").asString()).isEqualTo("progress");
			assertThat(answer.get("connected").asInt()).isPositive();
			JsonNode data = Http.json(client.next("progress").data());
			assertThat(data.get("taskId").asString()).isEqualTo("task-1");
			assertThat(data.get("progress").asInt()).isEqualTo(40);
			assertThat(data.get("status").asString()).isEqualTo("Copying files");
			assertThat(data.get("state").asString()).isEqualTo("running");
			assertThat(Instant.parse(data.get("ts").asString())).isBetween(before.minusSeconds(1),
					Instant.now().plusSeconds(1));
		}
	}

	@Test
	void fillsInStatusAndState() throws Exception {
		Http http = new Http(this.port);
		try (SseTestClient client = SseTestClient.connect(http.uri("/sse/broadcast"))) {
			client.next("connected");
			http.postJson("/api/broadcast/progress", "{\"taskId\":\"task-2\",\"progress\":0}");
			JsonNode data = Http.json(client.next("progress").data());
			assertThat(data.get("status").asString()).isEmpty();
			assertThat(data.get("state").asString()).isEqualTo("running");
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			{"taskId":"t","progress":101}               | progress | 'progress' must be less than or equal to 100
			{"taskId":"t","progress":-1}                | progress | 'progress' must be greater than or equal to 0
			{"taskId":"t"}                              | progress | 'progress' must not be null
			{"taskId":"t","progress":"half"}            | progress | 'progress' must be an integer
			{"progress":5}                              | taskId   | 'taskId' must not be blank
			{"taskId":" ","progress":5}                 | taskId   | 'taskId' must not be blank
			{"taskId":{},"progress":5}                  | taskId   | 'taskId' must be a string
			{"taskId":"t","progress":5,"state":"gone"}  | state    | 'state' must be one of queued, running, completed, failed
			{"taskId":"t","progress":5,"status":[]}     | status   | 'status' must be a string
			""")
	void rejectsABadFieldWithAProblemNamingIt(String body, String field, String detail) throws Exception {
		assertRejected(body, "application/json", 400, field, detail);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			{"taskId":                 | Malformed JSON at line 1, column 11
			[1,2]                      | Request body must be a JSON object
			""")
	void rejectsABodyThatIsNotAJsonObject(String body, String detail) throws Exception {
		assertRejected(body, "application/json", 400, null, detail);
	}

	@Test
	void rejectsAMissingBody() throws Exception {
		assertRejected("", "application/json", 400, null, "Request body is missing or unreadable; send a JSON object");
	}

	@Test
	void rejectsABodyWithoutContentType() throws Exception {
		assertRejected("{}", "", 415, null, "Content-Type is missing; send 'application/json'");
	}

	@Test
	void rejectsABodyThatIsNotJson() throws Exception {
		assertRejected("progress=5", "application/x-www-form-urlencoded", 415, null,
				"Content-Type 'application/x-www-form-urlencoded' is not supported; send 'application/json'");
	}

	private void assertRejected(String body, String contentType, int status, String field, String detail)
			throws Exception {
		Http http = new Http(this.port);
		try (SseTestClient client = SseTestClient.connect(http.uri("/sse/broadcast"))) {
			client.next("connected");
			HttpResponse<String> response = http.post("/api/broadcast/progress", contentType, body);
			assertThat(response.statusCode()).isEqualTo(status);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			JsonNode problem = Http.json(response);
			assertThat(problem.get("detail").asString()).isEqualTo(detail);
			assertThat(problem.path("field").isMissingNode() ? null : problem.get("field").asString()).isEqualTo(field);
			// nothing was broadcast: the next progress event is the one sent now
			http.postJson("/api/broadcast/progress", "{\"taskId\":\"after\",\"progress\":1}");
			Event next = client.next("progress");
			assertThat(Http.json(next.data()).get("taskId").asString()).isEqualTo("after");
		}
	}

}
