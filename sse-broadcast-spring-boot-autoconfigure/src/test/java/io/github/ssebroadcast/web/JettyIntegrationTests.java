package io.github.ssebroadcast.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.servlet.SseStream;
import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.TestApplication;
import io.github.ssebroadcast.test.TestHttp;
import io.github.ssebroadcast.test.TestBootLine;
import io.github.ssebroadcast.test.TestServer;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broadcast endpoints on Jetty rather than Tomcat: streams are written straight to the
 * response's output stream once Spring MVC has written the opening frame, through the
 * servlet API only, so events flow on any servlet container.
 * <p>Unlike Tomcat, Jetty does not notify the application of a write that failed because
 * the client went away: the stream itself must end the request.
 */
class JettyIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private TestServer server;

	@BeforeEach
	void startOnJetty() {
		this.server = TestServer.start(new Class<?>[] { TestBootLine.OnJetty.class, ResponseBufferProbe.class },
				"server.shutdown=graceful",
				"spring.lifecycle.timeout-per-shutdown-phase=30s", "sse.broadcast.keep-alive=0",
				"sse.broadcast.client-queue-capacity=10000");
		assertThat(TestBootLine.isJetty(this.server.context())).isTrue();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void unreadableChunkedBodyGets400Problem() throws Exception {
		// Jetty reports the broken body to the application, which would otherwise answer 500
		String response = TestHttp.postMalformedChunks(this.server.port(), "/api/broadcast");
		assertThat(response).startsWith("HTTP/1.1 400")
			.containsIgnoringCase("Content-Type: application/problem+json")
			.contains("\"detail\":\"Request body could not be read")
			.doesNotContain("Exception")
			.doesNotContain("\tat ");
	}

	@Test
	void streamOpensAtOnceAndCarriesEveryBroadcastInOrder() throws Exception {
		try (SseTestClient client = SseTestClient.connect(this.server.port(), "/sse/broadcast")) {
			// headers and the opening frame come before any event is published
			assertThat(client.awaitStatus(TIMEOUT)).isEqualTo(200);
			assertThat(client.header("Content-Type")).startsWith("text/event-stream");
			assertThat(client.header("Cache-Control")).isEqualTo(SseStream.CACHE_CONTROL);
			assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");

			assertThat(TestHttp.postJson(this.server.port(), "/api/broadcast", "{\"event\":\"hello\",\"data\":\"world\"}")
				.statusCode()).isEqualTo(200);
			SseTestClient.Event hello = client.nextEvent(TIMEOUT);
			assertThat(hello.name()).isEqualTo("hello");
			assertThat(hello.data()).isEqualTo("world");

			SseBroadcaster broadcaster = this.server.broadcaster();
			for (int i = 0; i < 2000; i++) {
				broadcaster.broadcast("n", Integer.toString(i));
			}
			for (int i = 0; i < 2000; i++) {
				assertThat(client.nextEvent(TIMEOUT).data()).isEqualTo(Integer.toString(i));
			}
		}
	}

	@Test
	void batchIsSentInOrderAndABadOneSendsNothing() throws Exception {
		try (SseTestClient client = SseTestClient.connect(this.server.port(), "/sse/broadcast?topic=a")) {
			assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
			HttpResponse<String> bad = TestHttp.postJson(this.server.port(), "/api/broadcast/batch",
					"{\"events\":[{\"data\":\"bad\",\"topic\":\"a\"},{\"data\":\"bad\",\"topic\":\"a b\"}]}");
			assertThat(bad.statusCode()).isEqualTo(400);
			assertThat(bad.body()).contains("\"field\":\"events[1].topic\"").doesNotContain("Exception");
			HttpResponse<String> good = TestHttp.postJson(this.server.port(), "/api/broadcast/batch",
					"{\"events\":[{\"data\":\"1\",\"topic\":\"a\"},{\"data\":\"2\"},{\"data\":\"x\",\"topic\":\"b\"},"
							+ "{\"data\":\"3\",\"topic\":\"a\"}]}");
			assertThat(good.statusCode()).isEqualTo(200);
			assertThat(good.body()).isEqualTo("{\"ok\":true,\"published\":4,\"connected\":[1,1,0,1]}");
			for (String data : List.of("1", "2", "3")) {
				assertThat(client.nextEvent(TIMEOUT).data()).isEqualTo(data);
			}
		}
	}

	/**
	 * Jetty keeps a stream's response buffer, 32 KiB of direct memory by default, for as long
	 * as the stream is open.
	 */
	@Test
	void streamKeepsSmallResponseBuffer() throws Exception {
		try (SseTestClient client = SseTestClient.connect(this.server.port(), "/sse/broadcast")) {
			client.nextEvent(TIMEOUT);
			// the filter reads it when the request thread returns, which may be after the event arrived
			AtomicInteger streamBufferSize = this.server.context().getBean(ResponseBufferProbe.class).streamBufferSize;
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(streamBufferSize).hasValue(4096));
		}
	}

	@Test
	void departedClientsRequestEndsSoShutdownDoesNotWaitForIt() throws Exception {
		int resolvedBefore = TestApplication.streamExceptionsResolved.get();
		int globalBefore = TestApplication.globalHandlerInvocations.get();
		SseBroadcaster broadcaster = this.server.broadcaster();
		try (SseTestClient client = SseTestClient.connect(this.server.port(), "/sse/broadcast")) {
			client.nextEvent(TIMEOUT);
		}
		await().atMost(TIMEOUT).until(() -> {
			broadcaster.broadcast("probe", "x");
			return TestApplication.streamExceptionsResolved.get() > resolvedBefore;
		});
		await().atMost(TIMEOUT).until(() -> broadcaster.getClientCount() == 0);
		assertThat(TestApplication.globalHandlerInvocations).hasValue(globalBefore);

		long start = System.nanoTime();
		this.server.close();
		Duration shutdown = Duration.ofNanos(System.nanoTime() - start);
		// a request left open would hold the graceful shutdown for its full 30 s
		assertThat(shutdown).isLessThan(Duration.ofSeconds(15));
	}

	/**
	 * Records the response buffer size of the broadcast stream once its request has gone
	 * async, as the stream keeps it.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ResponseBufferProbe {

		final AtomicInteger streamBufferSize = new AtomicInteger();

		@Bean
		FilterRegistrationBean<Filter> responseBufferProbeFilter() {
			Filter filter = (request, response, chain) -> {
				chain.doFilter(request, response);
				this.streamBufferSize.set(response.getBufferSize());
			};
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
			registration.addUrlPatterns("/sse/broadcast");
			return registration;
		}

	}

}
