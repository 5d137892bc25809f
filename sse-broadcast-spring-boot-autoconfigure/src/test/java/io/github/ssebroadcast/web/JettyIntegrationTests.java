package io.github.ssebroadcast.web;

import java.time.Duration;

import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.stream.SseStream;
import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.TestHttp;
import io.github.ssebroadcast.test.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.boot.web.embedded.jetty.JettyWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broadcast endpoints on Jetty rather than Tomcat: streams are written straight to the
 * response's output stream once Spring MVC has written the opening frame, through the
 * servlet API only, so events flow on any servlet container.
 * <p>Not covered, because it does not work yet: when a client goes away, the broadcaster
 * drops it at the next failed write, but Jetty does not end the request, so a graceful
 * shutdown waits for it until its timeout.
 */
class JettyIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private TestServer server;

	@BeforeEach
	void startOnJetty() {
		this.server = TestServer.start(new Class<?>[] { JettyConfiguration.class }, "sse.broadcast.keep-alive=0",
				"sse.broadcast.client-queue-capacity=10000");
		assertThat(((ServletWebServerApplicationContext) this.server.context()).getWebServer())
			.isInstanceOf(JettyWebServer.class);
	}

	@AfterEach
	void stop() {
		this.server.close();
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

	@Configuration(proxyBeanMethods = false)
	static class JettyConfiguration {

		@Bean
		JettyServletWebServerFactory jettyServletWebServerFactory() {
			return new JettyServletWebServerFactory();
		}

	}

}
