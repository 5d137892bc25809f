package io.github.ssebroadcast.broadcast;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.TestBootLine;
import io.github.ssebroadcast.test.TestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutting down a server with many connected clients.
 */
class ShutdownIntegrationTests {

	private static final int CLIENTS = 1000;

	@Test
	void shutdownWithThousandClientsCompletesEveryStreamWithRetryHintPromptly() throws Exception {
		shutdownWithThousandClients(new Class<?>[0]);
	}

	@Test
	void shutdownOnJettyWithThousandClientsCompletesEveryStreamWithRetryHintPromptly() throws Exception {
		shutdownWithThousandClients(new Class<?>[] { TestBootLine.OnJetty.class });
	}

	private void shutdownWithThousandClients(Class<?>[] configurations) throws Exception {
		List<Socket> sockets = new ArrayList<>();
		try {
			TestServer server = TestServer.start(configurations, "server.shutdown=graceful",
					"spring.lifecycle.timeout-per-shutdown-phase=30s", "sse.broadcast.reconnect-time=3s");
			for (int i = 0; i < CLIENTS; i++) {
				sockets.add(subscribe(server.port()));
			}
			// every stream open, its response committed, before the server stops: the
			// broadcaster counts a client as soon as its handler subscribes it, and a
			// response that Jetty commits once its graceful shutdown has begun comes with
			// Connection: close, its body ended by closing the connection, not by a last chunk
			List<ByteArrayOutputStream> received = new ArrayList<>();
			for (Socket socket : sockets) {
				received.add(readConnectedEvent(socket));
			}
			SseBroadcaster broadcaster = server.broadcaster();
			assertThat(broadcaster.getClientCount()).isEqualTo(CLIENTS);

			long start = System.nanoTime();
			server.close();
			Duration shutdown = Duration.ofNanos(System.nanoTime() - start);

			// far below the 30 s graceful shutdown timeout that open streams would otherwise exhaust
			assertThat(shutdown).isLessThan(Duration.ofSeconds(15));
			assertThat(broadcaster.getClientCount()).isZero();
			for (int i = 0; i < CLIENTS; i++) {
				ByteArrayOutputStream response = received.get(i);
				response.write(sockets.get(i).getInputStream().readAllBytes());
				assertThat(response.toString(StandardCharsets.UTF_8)).contains("Transfer-Encoding: chunked")
					.contains("event: connected")
					.endsWith("retry: 3000\n\n\r\n0\r\n\r\n");
			}
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
	}

	/**
	 * A writer blocked on a client that stopped reading is released by the container's
	 * write timeout, which for Tomcat is {@code server.tomcat.connection-timeout}: the
	 * documented remedy for slow shutdowns with stalled clients.
	 */
	@Test
	void shutdownWithStalledClientIsBoundedByTomcatConnectionTimeout() throws Exception {
		TestServer server = TestServer.start("server.shutdown=graceful", "spring.lifecycle.timeout-per-shutdown-phase=30s",
				"server.tomcat.connection-timeout=2s", "sse.broadcast.client-queue-capacity=100000",
				"sse.broadcast.keep-alive=0");
		try (SseTestClient stalled = SseTestClient.connectStalled(server.port(), "/sse/broadcast")) {
			SseBroadcaster broadcaster = server.broadcaster();
			await().atMost(Duration.ofSeconds(20)).until(() -> broadcaster.getClientCount() == 1);
			String payload = "x".repeat(64 * 1024);
			for (int i = 0; i < 200; i++) {
				broadcaster.broadcast("big", payload);
			}
			long start = System.nanoTime();
			server.close();
			Duration shutdown = Duration.ofNanos(System.nanoTime() - start);
			assertThat(shutdown).isLessThan(Duration.ofSeconds(15));
		}
	}

	@Test
	void newClientsAreTurnedAwayWhileStopping() throws Exception {
		try (TestServer server = TestServer.start();
				SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast")) {
			DefaultSseBroadcaster broadcaster = server.context().getBean(DefaultSseBroadcaster.class);
			client.nextEvent(Duration.ofSeconds(20));
			broadcaster.stop();
			assertThat(client.awaitEnd(Duration.ofSeconds(20))).isTrue();
			assertThat(client.retries()).containsExactly(2000L, 2000L);
			try (SseTestClient rejected = SseTestClient.connect(server.port(), "/sse/broadcast")) {
				assertThat(rejected.awaitStatus(Duration.ofSeconds(20))).isEqualTo(503);
				assertThat(rejected.header("Retry-After")).isEqualTo("2");
				assertThat(rejected.header("Content-Type")).isEqualTo("application/problem+json");
			}
			broadcaster.start();
			try (SseTestClient again = SseTestClient.connect(server.port(), "/sse/broadcast")) {
				assertThat(again.nextEvent(Duration.ofSeconds(20)).name()).isEqualTo("connected");
			}
		}
	}

	private static Socket subscribe(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		socket.setSoTimeout(30_000);
		socket.getOutputStream()
			.write("GET /sse/broadcast HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
		return socket;
	}

	/**
	 * Read a response until its {@code connected} event has arrived.
	 * @return what was read
	 */
	private static ByteArrayOutputStream readConnectedEvent(Socket socket) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[1024];
		while (!hasConnectedEvent(received.toString(StandardCharsets.UTF_8))) {
			int read = in.read(buffer);
			if (read == -1) {
				throw new AssertionError("Stream ended before its connected event: " + received);
			}
			received.write(buffer, 0, read);
		}
		return received;
	}

	private static boolean hasConnectedEvent(String received) {
		int event = received.indexOf("event: connected\n");
		return event >= 0 && received.indexOf("\n\n", event) >= 0;
	}

}
