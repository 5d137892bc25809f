package io.github.ssebroadcast.web;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.ssebroadcast.broadcast.SseAudience;
import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.SseTestClient.Event;
import io.github.ssebroadcast.test.TestBootLine;
import io.github.ssebroadcast.test.TestHttp;
import io.github.ssebroadcast.test.TestServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application's {@link SseBroadcastAuthorizer} over a real server: denials are 403
 * problems naming the topic, given before a stream starts or anything is sent, and what a
 * client may not subscribe to never reaches it, replayed or live; and the limit of streams
 * per user.
 */
class AuthorizationIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String USER = "X-Test-User";

	private static final String BATCH = "/api/broadcast/batch";

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "jetty" })
	void aTopicTheClientMayNotSubscribeToGets403NamingItBeforeTheStreamStarts(String container) throws Exception {
		try (TestServer server = start(container);
				SseTestClient denied = SseTestClient.connect(server.port(), "/sse/broadcast?topic=news&topic=private:bob",
						USER + ": alice")) {
			assertThat(denied.awaitStatus(TIMEOUT)).isEqualTo(403);
			assertThat(denied.header("Content-Type")).startsWith("application/problem+json");
			assertThat(denied.awaitEnd(TIMEOUT)).isTrue();
			assertThat(denied.body()).contains("\"status\":403")
				.contains("Not allowed to subscribe to topic 'private:bob'")
				.contains("\"topic\":\"private:bob\"")
				.doesNotContain("Exception");
			assertThat(server.broadcaster().getClientCount()).isZero();
			try (SseTestClient own = connected(server, "/sse/broadcast?topic=news&topic=private:alice", "alice")) {
				server.broadcaster().publish("private:alice", "note", "for alice");
				assertThat(own.nextEvent(TIMEOUT).data()).isEqualTo("for alice");
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "jetty" })
	void aPublishTheCallerMayNotMakeGets403NamingTheTopicAndNothingIsSent(String container) throws Exception {
		try (TestServer server = start(container);
				SseTestClient admin = connected(server, "/sse/broadcast?topic=admin", "root")) {
			HttpResponse<String> topic = post(server, "{\"event\":\"x\",\"data\":\"leak\",\"topic\":\"admin\"}", "alice");
			assertThat(topic.statusCode()).isEqualTo(403);
			assertThat(topic.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(topic.body()).contains("Not allowed to publish to topic 'admin'")
				.contains("\"topic\":\"admin\"")
				.doesNotContain("Exception");
			HttpResponse<String> everyone = post(server, "{\"event\":\"x\",\"data\":\"leak\"}", null);
			assertThat(everyone.statusCode()).isEqualTo(403);
			assertThat(everyone.body()).contains("Not allowed to broadcast to every client").doesNotContain("\"topic\"");
			assertThat(post(server, "{\"event\":\"x\",\"data\":\"allowed\",\"topic\":\"admin\"}", "root").statusCode())
				.isEqualTo(200);
			assertThat(admin.nextEvent(TIMEOUT).data()).isEqualTo("allowed");
			assertThat(admin.pollEvent()).isNull();
		}
	}

	/**
	 * A batch is authorized whole before its first event is sent: one event the caller may
	 * not publish, anywhere in it, stops them all.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "jetty" })
	void aBatchWithOneEventTheCallerMayNotPublishGets403NamingItsTopicAndSendsNothing(String container)
			throws Exception {
		try (TestServer server = start(container);
				SseTestClient admin = connected(server, "/sse/broadcast?topic=admin", "root");
				SseTestClient own = connected(server, "/sse/broadcast?topic=private:alice", "alice")) {
			HttpResponse<String> denied = post(server, BATCH, "{\"events\":[{\"data\":\"mine\",\"topic\":\"private:alice\"},"
					+ "{\"data\":\"leak\",\"topic\":\"admin\"},{\"data\":\"all\"}]}", "alice");
			assertThat(denied.statusCode()).isEqualTo(403);
			assertThat(denied.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(denied.body()).contains("Not allowed to publish to topic 'admin'")
				.contains("\"topic\":\"admin\"")
				.contains("\"instance\":\"/api/broadcast/batch\"")
				.doesNotContain("Exception");
			HttpResponse<String> everyone = post(server, BATCH, "{\"events\":[{\"data\":\"x\",\"topic\":\"news\"},"
					+ "{\"data\":\"leak\"}]}", null);
			assertThat(everyone.statusCode()).isEqualTo(403);
			assertThat(everyone.body()).contains("Not allowed to broadcast to every client");
			HttpResponse<String> allowed = post(server, BATCH,
					"{\"events\":[{\"data\":\"mine\",\"topic\":\"private:alice\"},{\"data\":\"all\"}]}", "alice");
			assertThat(allowed.body()).isEqualTo("{\"ok\":true,\"published\":2,\"connected\":[1,2]}");
			assertThat(List.of(own.nextEvent(TIMEOUT).data(), own.nextEvent(TIMEOUT).data()))
				.containsExactly("mine", "all");
			assertThat(admin.nextEvent(TIMEOUT).data()).isEqualTo("all");
		}
	}

	/**
	 * The API reads its body on a container thread: an authorizer that throws there still
	 * gets an answer, from the application's error handling, and nothing is sent.
	 */
	@Test
	void anAuthorizerThatThrowsFailsThePublishWithAnAnswerAndSendsNothing() throws Exception {
		try (TestServer server = start("tomcat"); SseTestClient client = connected(server, "/sse/broadcast", "root")) {
			HttpResponse<String> response = post(server, "{\"data\":\"x\",\"topic\":\"broken\"}", "root");
			assertThat(response.statusCode()).isEqualTo(500);
			assertThat(response.body()).isEqualTo("{\"global\":true}");
			server.broadcaster().broadcast("sentinel", "after");
			assertThat(client.nextEvent(TIMEOUT).data()).isEqualTo("after");
		}
	}

	@Test
	void aResumingClientIsReplayedOnlyWhatItMaySee() throws Exception {
		try (TestServer server = start("tomcat")) {
			String before;
			try (SseTestClient first = connected(server, "/sse/broadcast", "alice")) {
				server.broadcaster().broadcast("all", "b0");
				before = first.nextEvent(TIMEOUT).id();
			}
			server.broadcaster().publish("private:bob", "note", "for bob");
			server.broadcaster().publish("admin", "note", "for root");
			server.broadcaster().sendToUser("bob", "note", "to bob");
			server.broadcaster().publish("private:alice", "note", "for alice");
			server.broadcaster().broadcast("all", "b1");
			try (SseTestClient denied = SseTestClient.connect(server.port(), "/sse/broadcast?topic=private:bob",
					USER + ": alice", "Last-Event-ID: " + before)) {
				assertThat(denied.awaitStatus(TIMEOUT)).isEqualTo(403);
			}
			try (SseTestClient resumed = SseTestClient.connect(server.port(), "/sse/broadcast?topic=private:alice",
					USER + ": alice", "Last-Event-ID: " + before)) {
				assertThat(resumed.nextEvent(TIMEOUT).data()).contains("\"replayed\":2");
				assertThat(List.of(resumed.nextEvent(TIMEOUT).data(), resumed.nextEvent(TIMEOUT).data()))
					.containsExactly("for alice", "b1");
				server.broadcaster().broadcast("all", "sentinel");
				assertThat(resumed.nextEvent(TIMEOUT).data()).isEqualTo("sentinel");
			}
		}
	}

	@Test
	void aUserPastTheLimitOfStreamsGets429WithRetryAfterAndOthersAreNotCounted() throws Exception {
		List<SseTestClient> clients = new ArrayList<>();
		try (TestServer server = start("tomcat", "sse.broadcast.max-clients-per-user=2",
				"sse.broadcast.reconnect-time=3s", "sse.broadcast.keep-alive=1s")) {
			SseTestClient firstTab = connected(server, "/sse/broadcast", "alice");
			clients.add(firstTab);
			clients.add(connected(server, "/sse/broadcast?topic=news", "alice"));
			try (SseTestClient third = SseTestClient.connect(server.port(), "/sse/broadcast", USER + ": alice")) {
				assertThat(third.awaitStatus(TIMEOUT)).isEqualTo(429);
				assertThat(third.header("Retry-After")).isEqualTo("3");
				assertThat(third.awaitEnd(TIMEOUT)).isTrue();
				assertThat(third.body()).contains("User 'alice' already has 2 open streams, the most one user may have")
					.doesNotContain("Exception");
			}
			clients.add(connected(server, "/sse/broadcast", "bob"));
			for (int i = 0; i < 3; i++) {
				clients.add(connected(server, "/sse/broadcast", null));
			}
			assertThat(server.broadcaster().getClientCount()).isEqualTo(6);
			// a keep-alive finds that the tab is gone
			firstTab.close();
			await().atMost(TIMEOUT).until(() -> server.broadcaster().getClientCount() == 5);
			clients.add(connected(server, "/sse/broadcast", "alice"));
		}
		finally {
			clients.forEach(SseTestClient::close);
		}
	}

	private static TestServer start(String container, String... properties) {
		Class<?>[] configurations = container.equals("jetty")
				? new Class<?>[] { AddressedDeliveryIntegrationTests.UserFromHeader.class, TopicRules.class,
						TestBootLine.OnJetty.class }
				: new Class<?>[] { AddressedDeliveryIntegrationTests.UserFromHeader.class, TopicRules.class };
		return TestServer.start(configurations, properties);
	}

	private static SseTestClient connected(TestServer server, String path, @Nullable String user)
			throws IOException, InterruptedException {
		SseTestClient client = (user != null) ? SseTestClient.connect(server.port(), path, USER + ": " + user)
				: SseTestClient.connect(server.port(), path);
		Event connected = client.nextEvent(TIMEOUT);
		assertThat(connected.name()).isEqualTo("connected");
		return client;
	}

	private static HttpResponse<String> post(TestServer server, String json, @Nullable String user)
			throws IOException, InterruptedException {
		return post(server, "/api/broadcast", json, user);
	}

	private static HttpResponse<String> post(TestServer server, String path, String json, @Nullable String user)
			throws IOException, InterruptedException {
		if (user == null) {
			return TestHttp.postJson(server.port(), path, json);
		}
		return TestHttp.send(TestHttp.request(server.port(), path)
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.header("Content-Type", "application/json")
			.header(USER, user)
			.build());
	}

	/**
	 * Rules as an application might have them: {@code private:<user>} topics for their user
	 * only, the {@code admin} topic for {@code root} only; publishing to everyone for signed-in
	 * users, and to {@code admin} for {@code root} only; and rules that fail for the topic
	 * {@code broken}.
	 */
	@Configuration(proxyBeanMethods = false)
	static class TopicRules {

		@Bean
		SseBroadcastAuthorizer topicRules() {
			return new SseBroadcastAuthorizer() {

				@Override
				public boolean canSubscribe(@Nullable Principal principal, String topic) {
					String user = (principal != null) ? principal.getName() : null;
					if (topic.startsWith("private:")) {
						return topic.equals("private:" + user);
					}
					return !topic.equals("admin") || "root".equals(user);
				}

				@Override
				public boolean canPublish(@Nullable Principal principal, SseAudience audience) {
					if ("broken".equals(audience.getName())) {
						throw new IllegalStateException("The rules could not be read");
					}
					String user = (principal != null) ? principal.getName() : null;
					if (audience.getKind() == SseAudience.Kind.EVERYONE) {
						return user != null;
					}
					return canSubscribe(principal, audience.getName());
				}

			};
		}

	}

}
