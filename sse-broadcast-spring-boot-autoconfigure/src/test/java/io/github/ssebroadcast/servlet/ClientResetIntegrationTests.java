package io.github.ssebroadcast.servlet;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.ssebroadcast.test.OpenRequests;
import io.github.ssebroadcast.test.TestBootLine;
import io.github.ssebroadcast.test.TestServer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that resets its connection right after its request, before the stream's first
 * bytes are written: the request ends at once, on Tomcat and on Jetty, and nothing is logged
 * about it when the server stops.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientResetIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "jetty" })
	void clientThatResetsBeforeTheFirstBytesEndsItsRequest(String container, CapturedOutput output)
			throws Exception {
		Class<?>[] configurations = container.equals("jetty")
				? new Class<?>[] { TestBootLine.OnJetty.class, HeldStream.class, OpenRequests.class }
				: new Class<?>[] { HeldStream.class, OpenRequests.class };
		HeldStream held;
		try (TestServer server = TestServer.start(configurations)) {
			held = server.context().getBean(HeldStream.class);
			OpenRequests openRequests = server.context().getBean(OpenRequests.class);
			for (int i = 0; i < 10; i++) {
				held.reset();
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
					OutputStream out = socket.getOutputStream();
					out.write(("GET /test/held HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
					out.flush();
					assertThat(held.entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
					socket.setSoLinger(true, 0);
				}
				// the connection is reset: now let the handler return its stream
				held.release.countDown();
				await().atMost(TIMEOUT).until(() -> held.ended.getCount() == 0);
				await().atMost(TIMEOUT).until(() -> openRequests.count() == 0);
			}
		}
		assertThat(output).doesNotContain("non-recycled").doesNotContain("RecycleRequiredException")
			.doesNotContain("\tat ");
	}

	/**
	 * {@code /test/held} opens a stream, then waits for the test to reset the connection
	 * before it returns the stream.
	 */
	@Configuration(proxyBeanMethods = false)
	static class HeldStream {

		volatile CountDownLatch entered;

		volatile CountDownLatch release;

		volatile CountDownLatch ended;

		void reset() {
			this.entered = new CountDownLatch(1);
			this.release = new CountDownLatch(1);
			this.ended = new CountDownLatch(1);
		}

		@Bean
		HeldController heldController(SseStreams streams) {
			return new HeldController(streams, this);
		}

	}

	@RestController
	static class HeldController {

		private final SseStreams streams;

		private final HeldStream held;

		HeldController(SseStreams streams, HeldStream held) {
			this.streams = streams;
			this.held = held;
		}

		@GetMapping("/test/held")
		SseStream held() throws InterruptedException {
			SseStream stream = this.streams.open();
			stream.onCompletion(this.held.ended::countDown);
			this.held.entered.countDown();
			this.held.release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			return stream;
		}

	}

}
