package io.github.ssebroadcast.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.ssebroadcast.benchmarks.load.LoadGenerator.ConnectResult;
import io.github.ssebroadcast.benchmarks.load.LoadGenerator.StepResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the load generator against a scripted server on a real socket, which sends each
 * client a known stream: complete, with a gap and a duplicate, or out of order.
 */
class LoadGeneratorTests {

	private static final long LATENCY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	@Test
	void countsLossDuplicatesOrderAndLatencyOfEveryDelivery() throws Exception {
		List<long[]> scripts = List.of(new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
				new long[] { 0, 1, 2, 3, 3, 4, 6, 7, 8, 9 }, new long[] { 0, 1, 2, 3, 4, 5, 7, 6, 8, 9 });
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			server.bind(new InetSocketAddress("127.0.0.1", 0));
			CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> serve(server, scripts));
			InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
			try (LoadGenerator load = new LoadGenerator(address, "/sse/broadcast", 1, 1)) {
				ConnectResult connect = load.connect(scripts.size(), false, Duration.ofSeconds(10));
				assertThat(connect.connected()).isEqualTo(3);
				assertThat(connect.failed()).isZero();
				serving.get(10, TimeUnit.SECONDS);
				StepResult step = load.awaitStep(1, 0, 10, 3, Duration.ofSeconds(10));
				assertThat(step.expected()).isEqualTo(30);
				assertThat(step.received()).isEqualTo(29);
				assertThat(step.lost()).isEqualTo(1);
				assertThat(step.duplicates()).isEqualTo(1);
				assertThat(step.outOfOrder()).isEqualTo(1);
				assertThat(step.malformed()).isZero();
				assertThat(step.disconnected()).isEqualTo(3);
				assertThat(step.latency().getTotalCount()).isEqualTo(29);
				assertThat(step.latency().getMinValue()).isGreaterThanOrEqualTo(LATENCY_NANOS / 1000);
				assertThat(load.headersReceived()).isEqualTo(3);
			}
		}
	}

	/**
	 * A stream the server ends is a disconnect, whether the server closes the connection or
	 * ends the response and keeps the connection for another request, as Tomcat and Jetty do.
	 */
	@Test
	void stalledStreamsCountAsEndedByResponseEndOrSocketEnd() throws Exception {
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			server.bind(new InetSocketAddress("127.0.0.1", 0));
			InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
			try (LoadGenerator load = new LoadGenerator(address, "/sse/broadcast", 1, 1)) {
				CompletableFuture<ConnectResult> connecting = CompletableFuture
					.supplyAsync(() -> load.connect(2, true, Duration.ofSeconds(10)));
				try (SocketChannel keptOpen = server.accept(); SocketChannel closed = server.accept()) {
					assertThat(connecting.get(10, TimeUnit.SECONDS).connected()).isEqualTo(2);
					for (SocketChannel channel : List.of(keptOpen, closed)) {
						readRequest(channel);
						channel.write(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
								+ "Transfer-Encoding: chunked\r\n\r\nd\r\n: connected\n\n\r\n")
							.getBytes(StandardCharsets.US_ASCII)));
					}
					keptOpen.write(ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
					closed.close();
					assertThat(load.stalledEndedByServer(Duration.ofSeconds(20))).isEqualTo(2);
				}
			}
		}
	}

	private static void serve(ServerSocketChannel server, List<long[]> scripts) {
		for (long[] script : scripts) {
			try (SocketChannel channel = server.accept()) {
				readRequest(channel);
				StringBuilder body = new StringBuilder(": connected\n\n");
				for (long seq : script) {
					String data = TickPayload.format(1, seq, System.nanoTime() - LATENCY_NANOS, 8);
					body.append("event: tick\ndata: ").append(data).append("\n\n");
				}
				body.append("event: other\ndata: not a payload\n\n");
				byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
				String response = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
						+ "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(bytes.length) + "\r\n";
				channel.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
				channel.write(ByteBuffer.wrap(bytes));
				channel.write(ByteBuffer.wrap("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	private static void readRequest(SocketChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(4096);
		while (!new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
			if (channel.read(buffer) < 0) {
				throw new IOException("request not complete");
			}
		}
		String request = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
		assertThat(request).startsWith("GET /sse/broadcast HTTP/1.1\r\n").contains("Accept: text/event-stream\r\n");
	}

}
