package io.github.ssebroadcast.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.SseTestClient.Event;
import io.github.ssebroadcast.test.TestBootLine;
import io.github.ssebroadcast.test.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that asks before it sends a body ({@code Expect: 100-continue}) gets the JSON
 * API's {@code 413} for a body over the limit without being asked for the body, on Tomcat and
 * on Jetty, and is asked for a body within the limit, which is then read: a batch sent so
 * reaches the clients.
 */
class ExpectContinueIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "jetty" })
	void bodyOverTheLimitGets413WithoutBeingAskedFor(String container) throws IOException {
		try (TestServer server = start(container)) {
			String head = askToSend(server.port(), "/api/broadcast", 10_000_000);
			assertThat(head).startsWith("HTTP/1.1 413").doesNotContain("100 Continue");
			assertThat(server.broadcaster().getClientCount()).isZero();
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "jetty" })
	void bodyWithinTheLimitIsAskedFor(String container) throws IOException {
		try (TestServer server = start(container)) {
			assertThat(askToSend(server.port(), "/api/broadcast", 100)).startsWith("HTTP/1.1 100");
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "jetty" })
	void batchSentOnceAskedForReachesTheClients(String container) throws Exception {
		byte[] body = "{\"events\":[{\"event\":\"n\",\"data\":\"1\"},{\"event\":\"n\",\"data\":\"2\"}]}"
			.getBytes(StandardCharsets.UTF_8);
		try (TestServer server = start(container);
				SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast");
				Socket socket = connect(server.port())) {
			assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
			assertThat(sendHead(socket, "/api/broadcast/batch", body.length)).startsWith("HTTP/1.1 100");
			socket.getOutputStream().write(body);
			socket.getOutputStream().flush();
			String answer = "{\"ok\":true,\"published\":2,\"connected\":[1,1]}";
			assertThat(readUntil(socket.getInputStream(), answer)).startsWith("HTTP/1.1 200");
			assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "n", "1"));
			assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "n", "2"));
		}
	}

	private static TestServer start(String container) {
		Class<?>[] configurations = container.equals("jetty") ? new Class<?>[] { TestBootLine.OnJetty.class }
				: new Class<?>[0];
		return TestServer.start(configurations, "sse.broadcast.api.max-body-size=1KB");
	}

	/**
	 * Send the head of a JSON POST that expects {@code 100 Continue}, and read the head of
	 * the first answer, without sending the body.
	 */
	private static String askToSend(int port, String path, long contentLength) throws IOException {
		try (Socket socket = connect(port)) {
			return sendHead(socket, path, contentLength);
		}
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		socket.setSoTimeout((int) TIMEOUT.toMillis());
		return socket;
	}

	/**
	 * Send the head of a JSON POST that expects {@code 100 Continue}, and read the head of
	 * the first answer.
	 */
	private static String sendHead(Socket socket, String path, long contentLength) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + contentLength + "\r\nExpect: 100-continue\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return readUntil(socket.getInputStream(), "\r\n\r\n");
	}

	/**
	 * Read what the server sends up to the given text, which ends what the test waits for:
	 * the connection stays open after it (Jetty 12.0 keeps it open after a
	 * {@code 100 Continue} even when asked to close it).
	 */
	private static String readUntil(InputStream in, String end) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		while (!read.toString(StandardCharsets.UTF_8).endsWith(end)) {
			int b = in.read();
			assertThat(b).as("%s before the connection closed", end).isNotNegative();
			read.write(b);
		}
		return read.toString(StandardCharsets.UTF_8);
	}

}
