package io.github.ssebroadcast.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.SseTestClient.Event;
import io.github.ssebroadcast.test.TestBootLine;
import io.github.ssebroadcast.test.TestHttp;
import io.github.ssebroadcast.test.TestServer;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send their broadcast request's body slowly hold no request thread: with
 * three times as many of them as the server has request threads, the API and the stream
 * still answer at once, on Tomcat and on Jetty; a batch whose body trickles in is sent once
 * it has all arrived; and a body that takes longer than {@code sse.broadcast.api.read-timeout}
 * gets a {@code 408}.
 */
class ApiBodyReadIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	/** Request threads the servers get here: Jetty needs a few more for its own work. */
	private static final int THREADS = 16;

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "jetty" })
	void slowBodiesHoldNoRequestThread(String container) throws Exception {
		List<Socket> slow = new ArrayList<>();
		try (TestServer server = start(container, "sse.broadcast.api.read-timeout=60s")) {
			for (int i = 0; i < 3 * THREADS; i++) {
				slow.add(startSlowBody(server.port()));
			}
			try (SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast")) {
				assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
				HttpResponse<String> response = TestHttp.postJson(server.port(), "/api/broadcast",
						"{\"event\":\"news\",\"data\":\"still here\"}");
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "news", "still here"));
			}
		}
		finally {
			for (Socket socket : slow) {
				socket.close();
			}
		}
	}

	/**
	 * A batch whose body arrives in pieces, one of them ending inside a character, while the
	 * API answers other requests: nothing of it is sent before it has all arrived, and then
	 * all of it, in order.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "jetty" })
	void aBatchThatTricklesInIsSentOnceItHasAllArrived(String container) throws Exception {
		byte[] body = "{\"events\":[{\"event\":\"n\",\"data\":\"caf\u00e9\"},{\"event\":\"n\",\"data\":\"2\"}]}"
			.getBytes(StandardCharsets.UTF_8);
		int inCharacter = new String(body, StandardCharsets.UTF_8).indexOf('\u00e9') + 1;
		int[] ends = { 1, inCharacter, body.length - 3, body.length };
		try (TestServer server = start(container, "sse.broadcast.api.read-timeout=60s");
				SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast");
				Socket socket = new Socket()) {
			assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/broadcast/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			int start = 0;
			for (int i = 0; i < ends.length; i++) {
				out.write(body, start, ends[i] - start);
				out.flush();
				start = ends[i];
				if (start < body.length) {
					// a round trip through the API before the next piece
					HttpResponse<String> tick = TestHttp.postJson(server.port(), "/api/broadcast",
							"{\"event\":\"tick\",\"data\":" + i + "}");
					assertThat(tick.statusCode()).isEqualTo(200);
					assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "tick", String.valueOf(i)));
				}
			}
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(response).startsWith("HTTP/1.1 200").contains("{\"ok\":true,\"published\":2,\"connected\":[1,1]}");
			assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "n", "caf\u00e9"));
			assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "n", "2"));
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "jetty" })
	void bodyThatTakesLongerThanTheReadTimeoutGets408AndBroadcastsNothing(String container) throws Exception {
		try (TestServer server = start(container, "sse.broadcast.api.read-timeout=1s");
				SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast");
				Socket socket = startSlowBody(server.port())) {
			assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
			String response = readResponse(socket);
			assertThat(response).startsWith("HTTP/1.1 408")
				.contains("application/problem+json")
				.contains("Request body did not arrive within 1000 ms")
				.doesNotContain("Exception");
			server.broadcaster().broadcast("after", "1");
			assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "after", "1"));
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "jetty" })
	void theApplicationsFiltersStillDecideOverTheRequest(String container) throws Exception {
		try (TestServer server = start(container, new Class<?>[] { ApiKeyFilter.class },
				"sse.broadcast.api.read-timeout=10s");
				SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast")) {
			assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
			HttpResponse<String> refused = TestHttp.postJson(server.port(), "/api/broadcast",
					"{\"event\":\"news\",\"data\":\"no key\"}");
			assertThat(refused.statusCode()).isEqualTo(401);
			HttpResponse<String> accepted = TestHttp.post(server.port(), "/api/broadcast?key=" + ApiKeyFilter.KEY,
					"application/json", "{\"event\":\"news\",\"data\":\"with key\"}");
			assertThat(accepted.statusCode()).isEqualTo(200);
			assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "news", "with key"));
		}
	}

	private static TestServer start(String container, String readTimeout) {
		return start(container, new Class<?>[0], readTimeout);
	}

	private static TestServer start(String container, Class<?>[] more, String readTimeout) {
		List<Class<?>> configurations = new ArrayList<>(List.of(more));
		if (container.equals("jetty")) {
			configurations.add(TestBootLine.OnJetty.class);
		}
		return TestServer.start(configurations.toArray(new Class<?>[0]), readTimeout, "server.tomcat.threads.max=" + THREADS,
				"server.tomcat.threads.min-spare=" + THREADS, "server.jetty.threads.max=" + (THREADS + 8),
				"server.jetty.threads.min=" + (THREADS + 8));
	}

	/**
	 * An application's own filter, as plain as they come: no order, no registration bean.
	 * It refuses a request to the API without the key.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ApiKeyFilter {

		static final String KEY = "secret";

		@Bean
		Filter apiKeyFilter() {
			return (request, response, chain) -> {
				HttpServletRequest http = (HttpServletRequest) request;
				if (http.getRequestURI().startsWith("/api/") && !KEY.equals(http.getParameter("key"))) {
					((HttpServletResponse) response).sendError(401);
					return;
				}
				chain.doFilter(request, response);
			};
		}

	}

	/**
	 * Send the head of a broadcast request and the first byte of its body, and no more.
	 */
	private static Socket startSlowBody(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		socket.setSoTimeout((int) TIMEOUT.toMillis());
		OutputStream out = socket.getOutputStream();
		out.write(("POST /api/broadcast HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 12\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return socket;
	}

	/**
	 * Read a response's head and its body, up to what the server sent before it stopped.
	 */
	private static String readResponse(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		StringBuilder response = new StringBuilder();
		byte[] buffer = new byte[4096];
		while (!response.toString().contains("\"instance\"")) {
			int read = in.read(buffer);
			if (read == -1) {
				break;
			}
			response.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
		}
		return response.toString();
	}

}
