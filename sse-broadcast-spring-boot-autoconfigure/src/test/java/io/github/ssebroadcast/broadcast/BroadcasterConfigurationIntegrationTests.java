package io.github.ssebroadcast.broadcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssebroadcast.autoconfigure.SseBroadcasterCustomizer;
import io.github.ssebroadcast.servlet.SseStreams;
import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.SseTestClient.Event;
import io.github.ssebroadcast.test.TestHttp;
import io.github.ssebroadcast.test.TestServer;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broadcaster's properties at work over real sockets.
 */
class BroadcasterConfigurationIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@Test
	void clientsPastTheLimitGet503WithRetryAfter() throws Exception {
		try (TestServer server = TestServer.start("sse.broadcast.max-clients=2", "sse.broadcast.reconnect-time=2500ms");
				SseTestClient first = SseTestClient.connect(server.port(), "/sse/broadcast");
				SseTestClient second = SseTestClient.connect(server.port(), "/sse/broadcast")) {
			first.nextEvent(TIMEOUT);
			second.nextEvent(TIMEOUT);
			try (SseTestClient third = SseTestClient.connect(server.port(), "/sse/broadcast")) {
				assertThat(third.awaitStatus(TIMEOUT)).isEqualTo(503);
				assertThat(third.header("Retry-After")).isEqualTo("3");
				assertThat(third.header("Content-Type")).isEqualTo("application/problem+json");
				assertThat(third.awaitEnd(TIMEOUT)).isTrue();
				JsonNode problem = new ObjectMapper().readTree(third.body());
				assertThat(problem.get("status").asInt()).isEqualTo(503);
				assertThat(problem.get("detail").asText()).contains("limit of 2 connected clients");
			}
			// HEAD answers as GET would
			assertThat(TestHttp.head(server.port(), "/sse/broadcast").statusCode()).isEqualTo(503);
			assertThat(server.broadcaster().getClientCount()).isEqualTo(2);
			first.close();
			await().atMost(TIMEOUT).until(() -> {
				server.broadcaster().broadcast("probe", "x");
				return server.broadcaster().getClientCount() == 1;
			});
			try (SseTestClient replacement = SseTestClient.connect(server.port(), "/sse/broadcast")) {
				assertThat(replacement.nextEvent(TIMEOUT).name()).isEqualTo("connected");
			}
		}
	}

	/**
	 * Virtual request threads, as the README advises on Java 21 and later (on Java 17 Spring
	 * Boot ignores the property): streams, the JSON API and the per-connection streams work
	 * the same.
	 */
	@Test
	void streamsAndTheApiWorkOnVirtualRequestThreads() throws Exception {
		try (TestServer server = TestServer.start("spring.threads.virtual.enabled=true");
				SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast");
				SseTestClient ticks = SseTestClient.connect(server.port(), "/test/ticks?count=3")) {
			assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
			assertThat(TestHttp.postJson(server.port(), "/api/broadcast", "{\"data\":\"on a virtual thread\"}")
				.statusCode()).isEqualTo(200);
			assertThat(client.nextEvent(TIMEOUT).data()).isEqualTo("on a virtual thread");
			for (int i = 1; i <= 3; i++) {
				assertThat(ticks.nextEvent(TIMEOUT).id()).isEqualTo(String.valueOf(i));
			}
			assertThat(ticks.awaitEnd(TIMEOUT)).isTrue();
		}
	}

	@Test
	void busyStreamGetsNoKeepAliveAndIdleStreamDoes() throws Exception {
		try (TestServer server = TestServer.start("sse.broadcast.keep-alive=10s");
				SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast")) {
			client.nextEvent(TIMEOUT);
			ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
			try {
				// an event every 50 ms for 12 s, longer than the keep-alive interval
				AtomicInteger published = new AtomicInteger();
				publisher.scheduleAtFixedRate(() -> server.broadcaster().broadcast("tick",
						Integer.toString(published.incrementAndGet())), 0, 50, TimeUnit.MILLISECONDS);
				for (int i = 1; i <= 240; i++) {
					assertThat(client.nextEvent(TIMEOUT).data()).isEqualTo(Integer.toString(i));
				}
			}
			finally {
				publisher.shutdownNow();
				assertThat(publisher.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
			}
			assertThat(client.pollComment()).as("a keep-alive on a busy stream").isNull();
			assertThat(client.nextComment(TIMEOUT)).startsWith("keep-alive ");
		}
	}

	@Test
	void departedClientsAreNoticedByKeepAliveAndCountReturnsToZero() throws Exception {
		try (TestServer server = TestServer.start("sse.broadcast.keep-alive=1s")) {
			List<SseTestClient> clients = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast");
				client.nextEvent(TIMEOUT);
				clients.add(client);
			}
			assertThat(server.broadcaster().getClientCount()).isEqualTo(5);
			clients.forEach(SseTestClient::close);
			await().atMost(TIMEOUT).until(() -> server.broadcaster().getClientCount() == 0);
		}
	}

	@Test
	void configuredTimeoutEndsStreamCleanly() throws Exception {
		try (TestServer server = TestServer.start("sse.broadcast.timeout=300ms", "sse.broadcast.keep-alive=0");
				SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast")) {
			client.nextEvent(TIMEOUT);
			assertThat(client.awaitEnd(TIMEOUT)).isTrue();
			await().atMost(TIMEOUT).until(() -> server.broadcaster().getClientCount() == 0);
		}
	}

	@Test
	void connectedEventCanBeSwitchedOffAndStreamIsStillCommittedAtOnce() throws Exception {
		try (TestServer server = TestServer.start("sse.broadcast.connected-event=false",
				"sse.broadcast.reconnect-time=4s", "sse.broadcast.keep-alive=0");
				SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast")) {
			assertThat(client.awaitStatus(TIMEOUT)).isEqualTo(200);
			await().atMost(TIMEOUT).until(() -> client.retries().equals(List.of(4000L)));
			server.broadcaster().broadcast("first", "event");
			assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "first", "event"));
		}
	}

	@Test
	void clientWhoseWriterIsRejectedHasItsStreamEnded() throws Exception {
		try (TestServer server = TestServer.start(new Class<?>[] { RejectingWriterExecutor.class },
				"sse.broadcast.keep-alive=0");
				SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast")) {
			assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
			server.context().getBean(RejectingWriterExecutor.class).rejecting.set(true);
			// a writer still running sends what it finds; the first broadcast that needs the
			// executor again is refused, and ends the client
			await().atMost(TIMEOUT).until(() -> {
				server.broadcaster().broadcast("tick", "1");
				return client.hasEnded();
			});
			assertThat(server.broadcaster().getClientCount()).isZero();
			assertThat(server.broadcaster().broadcast("after", "1")).isEqualTo(new BroadcastResult(0, 0));
		}
	}

	@Test
	void objectDataIsSerializedOnceWhateverTheNumberOfClients() throws Exception {
		AtomicInteger serializations = new AtomicInteger();
		DefaultSseBroadcaster broadcaster = DefaultSseBroadcaster.builder().keepAlive(Duration.ZERO)
			.dataSerializer((data) -> {
				serializations.incrementAndGet();
				return "{\"value\":" + data.hashCode() + "}";
			})
			.build();
		SseStreams streams = new SseStreams(null, Duration.ofSeconds(2));
		try {
			for (int i = 0; i < 10; i++) {
				streams.subscribe(broadcaster);
			}
			BroadcastResult result = broadcaster.broadcast("number", 42);
			assertThat(result).isEqualTo(new BroadcastResult(10, 0));
			assertThat(serializations).hasValue(1);
		}
		finally {
			broadcaster.destroy();
		}
	}

	/**
	 * A writer executor, such as an application may supply, that refuses work once told to:
	 * a bounded queue that is full, say.
	 */
	@Configuration(proxyBeanMethods = false)
	static class RejectingWriterExecutor implements Executor {

		final AtomicBoolean rejecting = new AtomicBoolean();

		@Override
		public void execute(Runnable task) {
			if (this.rejecting.get()) {
				throw new RejectedExecutionException("writer queue full");
			}
			Thread thread = new Thread(task, "test-writer");
			thread.setDaemon(true);
			thread.start();
		}

		@Bean
		SseBroadcasterCustomizer rejectingWriterExecutorCustomizer() {
			return (builder) -> builder.writerExecutor(this);
		}

	}

}
