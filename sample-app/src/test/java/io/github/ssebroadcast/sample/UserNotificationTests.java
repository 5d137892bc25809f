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

/**
 * {@code POST /api/notifications} over real HTTP, with users signed in through the login
 * form as a browser signs in, and their broadcast streams opened with their session.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class UserNotificationTests {

	@LocalServerPort
	private int port;

	@Test
	void sendsToEveryStreamOfTheUserAndToNoOther() throws Exception {
		Http http = new Http(this.port);
		SignedInUser alice = SignedInUser.signIn(http, "alice");
		SignedInUser bob = SignedInUser.signIn(http, "bob");
		// no other test of this application opens a stream as bob: the count below is exact
		try (SseTestClient bobsTab = bob.openBroadcastStream();
				SseTestClient bobsOtherTab = bob.openBroadcastStream();
				SseTestClient alicesTab = alice.openBroadcastStream();
				SseTestClient anonymous = SseTestClient.connect(http.uri("/sse/broadcast"))) {
			for (SseTestClient client : new SseTestClient[] { bobsTab, bobsOtherTab, alicesTab, anonymous }) {
				client.next("connected");
			}
			Instant before = Instant.now();
			HttpResponse<String> response = alice.postJson("/api/notifications",
					"{\"to\":\"bob\",\"text\":\"Your export is ready\"}");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			JsonNode answer = Http.json(response);
			assertThat(answer.get("ok").asBoolean()).isTrue();
			assertThat(answer.get("event").asString()).isEqualTo("notification");
			assertThat(answer.get("connected").asInt()).isEqualTo(2);
			for (SseTestClient client : new SseTestClient[] { bobsTab, bobsOtherTab }) {
				JsonNode data = Http.json(client.next("notification").data());
				assertThat(data.get("from").asString()).isEqualTo("alice");
				assertThat(data.get("text").asString()).isEqualTo("Your export is ready");
				assertThat(Instant.parse(data.get("ts").asString())).isBetween(before.minusSeconds(1),
						Instant.now().plusSeconds(1));
			}
			// every client gets its events in the order they were sent: had the notification
			// been for them, it would come before this broadcast
			assertThat(http.postJson("/api/broadcast", "{\"data\":\"after\"}").statusCode()).isEqualTo(200);
			for (SseTestClient client : new SseTestClient[] { alicesTab, anonymous }) {
				Event next = client.next();
				assertThat(next.name()).isEqualTo("message");
				assertThat(next.data()).isEqualTo("after");
			}
		}
	}

	@Test
	void rejectsAVisitorWhoIsNotSignedInWithAProblem() throws Exception {
		Http http = new Http(this.port);
		assertRejected(SignedInUser.signIn(http, "alice"),
				() -> http.postJson("/api/notifications", "{\"to\":\"alice\",\"text\":\"hello\"}"), 401, null,
				"Not signed in; sign in at /login first");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			{"text":"hello"}                      | to   | 'to' must not be blank
			{"to":" ","text":"hello"}             | to   | 'to' must not be blank
			{"to":"carol","text":"hello"}         | to   | 'to' must be the name of a user
			{"to":["alice"],"text":"hello"}       | to   | 'to' must be a string
			{"to":"alice"}                        | text | 'text' must not be blank
			{"to":"alice","text":" "}             | text | 'text' must not be blank
			{"to":"alice","text":{}}              | text | 'text' must be a string
			""")
	void rejectsABadFieldWithAProblemNamingIt(String body, String field, String detail) throws Exception {
		SignedInUser alice = SignedInUser.signIn(new Http(this.port), "alice");
		assertRejected(alice, () -> alice.postJson("/api/notifications", body), 400, field, detail);
	}

	@Test
	void rejectsATextLongerThan500Characters() throws Exception {
		SignedInUser alice = SignedInUser.signIn(new Http(this.port), "alice");
		String body = "{\"to\":\"alice\",\"text\":\"" + "a".repeat(501) + "\"}";
		assertRejected(alice, () -> alice.postJson("/api/notifications", body), 400, "text",
				"'text' size must be between 0 and 500");
	}

	@Test
	void rejectsMalformedJson() throws Exception {
		SignedInUser alice = SignedInUser.signIn(new Http(this.port), "alice");
		assertRejected(alice, () -> alice.postJson("/api/notifications", "{\"to\":\"alice\","), 400, null,
				"Malformed JSON at line 1, column 15");
	}

	/**
	 * What a form on another site could send with the user's cookie: the endpoint takes
	 * JSON only, which such a form cannot send.
	 */
	@Test
	void rejectsAFormPost() throws Exception {
		SignedInUser alice = SignedInUser.signIn(new Http(this.port), "alice");
		assertRejected(alice,
				() -> alice.post("/api/notifications", "application/x-www-form-urlencoded", "to=alice&text=hello"), 415,
				null, "Content-Type 'application/x-www-form-urlencoded' is not supported; send 'application/json'");
	}

	/**
	 * Send a request that must be rejected, then check that nothing was sent: the next
	 * notification the user's stream receives is one the user sends themselves after it.
	 */
	private void assertRejected(SignedInUser user, Request request, int status, String field, String detail)
			throws Exception {
		try (SseTestClient stream = user.openBroadcastStream()) {
			stream.next("connected");
			HttpResponse<String> response = request.send();
			assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			JsonNode problem = Http.json(response);
			assertThat(problem.get("status").asInt()).isEqualTo(status);
			assertThat(problem.get("detail").asString()).isEqualTo(detail);
			assertThat(problem.get("instance").asString()).isEqualTo("/api/notifications");
			assertThat(problem.path("field").isMissingNode() ? null : problem.get("field").asString()).isEqualTo(field);
			HttpResponse<String> after = user.postJson("/api/notifications",
					"{\"to\":\"" + user.name() + "\",\"text\":\"after\"}");
			assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
			assertThat(Http.json(stream.next("notification").data()).get("text").asString()).isEqualTo("after");
		}
	}

	@FunctionalInterface
	private interface Request {

		HttpResponse<String> send() throws Exception;

	}

}
