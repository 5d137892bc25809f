package io.github.ssebroadcast.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.ssebroadcast.benchmarks.load.LoadGenerator.CatchUp;
import io.github.ssebroadcast.benchmarks.load.LoadGenerator.ConnectResult;
import io.github.ssebroadcast.benchmarks.load.LoadGenerator.Opened;
import io.github.ssebroadcast.benchmarks.load.LoadGenerator.StepResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the load generator against a scripted server on a real socket, which sends each
 * client a known stream: complete, with a gap and a duplicate, or out of order; for a topic,
 * with an event of another topic; or, to a client that resumes, the events it missed, again
 * or not at all.
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

	@Test
	void holdsEachTopicsClientsToTheEventsOfTheirTopic() throws Exception {
		TopicSpread spread = new TopicSpread("t-", 2);
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			server.bind(new InetSocketAddress("127.0.0.1", 0));
			InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
			try (LoadGenerator load = new LoadGenerator(address, "/sse/broadcast", 1, 1)) {
				CompletableFuture<ConnectResult> connecting = CompletableFuture
					.supplyAsync(() -> load.connectToTopics(2, spread, Duration.ofSeconds(10)));
				try (SocketChannel first = server.accept(); SocketChannel second = server.accept()) {
					assertThat(connecting.get(10, TimeUnit.SECONDS).connected()).isEqualTo(2);
					for (SocketChannel channel : List.of(first, second)) {
						String request = readRequest(channel);
						// topic 0 gets an event of topic 1 too; topic 1 misses its last
						long[] script = request.startsWith("GET /sse/broadcast?topic=t-0 ") ? new long[] { 0, 1, 2, 4 }
								: new long[] { 1, 3 };
						openStream(channel);
						sendEvents(channel, 1, script);
					}
					StepResult step = load.awaitTopicStep(1, 0, 6, spread, Duration.ofSeconds(2));
					assertThat(step.expected()).isEqualTo(6);
					assertThat(step.received()).isEqualTo(5);
					assertThat(step.lost()).isEqualTo(1);
					assertThat(step.clientsShort()).isEqualTo(1);
					assertThat(step.misdelivered()).isEqualTo(1);
					assertThat(step.duplicates()).isZero();
					assertThat(step.outOfOrder()).isZero();
				}
			}
		}
	}

	@Test
	void resumesAfterTheLastEventIdAndChecksWhatIsReplayed() throws Exception {
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			server.bind(new InetSocketAddress("127.0.0.1", 0));
			InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
			// two loops, so that their figures are added up, and their times the latest kept
			try (LoadGenerator load = new LoadGenerator(address, "/sse/broadcast", 2, 1)) {
				CompletableFuture<ConnectResult> connecting = CompletableFuture
					.supplyAsync(() -> load.connect(3, false, Duration.ofSeconds(10)));
				List<SocketChannel> first = List.of(server.accept(), server.accept(), server.accept());
				assertThat(connecting.get(10, TimeUnit.SECONDS).connected()).isEqualTo(3);
				for (SocketChannel channel : first) {
					assertThat(readRequest(channel)).doesNotContain("Last-Event-ID");
					openStream(channel);
					sendEvents(channel, 1, new long[] { 0, 1, 2, 3, 4 });
				}
				assertThat(load.awaitConnectedEvents(Duration.ofSeconds(10)).opened()).isEqualTo(3);
				assertThat(load.awaitStep(1, 0, 5, 3, Duration.ofSeconds(10)).received()).isEqualTo(15);

				load.dropConnections();
				load.watch(5, 8);
				CompletableFuture<ConnectResult> resuming = CompletableFuture
					.supplyAsync(() -> load.resume(Duration.ofSeconds(10)));
				List<SocketChannel> second = List.of(server.accept(), server.accept(), server.accept());
				assertThat(resuming.get(10, TimeUnit.SECONDS).connected()).isEqualTo(3);
				for (SocketChannel channel : second) {
					assertThat(readRequest(channel)).contains("\r\nLast-Event-ID: e-4\r\n");
				}
				// exactly what was missed; a duplicate; a reset that ends the stream
				openStream(second.get(0), 3);
				sendEvents(second.get(0), 2, new long[] { 5, 6, 7 });
				openStream(second.get(1), 3);
				sendEvents(second.get(1), 2, new long[] { 5, 5, 6, 7 });
				openStream(second.get(2), -1);
				send(second.get(2), "id: e-7\nevent: reset\ndata: {\"reason\":\"expired\"}\n\n");
				second.get(2).write(ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));

				CatchUp caughtUp = load.awaitWatchedRange(3, Duration.ofSeconds(10));
				assertThat(caughtUp.clients()).isEqualTo(3);
				assertThat(caughtUp.caughtUp()).isEqualTo(2);
				assertThat(caughtUp.announced()).isEqualTo(2);
				assertThat(caughtUp.exact()).isEqualTo(1);
				assertThat(caughtUp.resets()).isEqualTo(1);
				assertThat(caughtUp.refused()).isZero();
				assertThat(caughtUp.lastAt()).isPositive();
				Opened reopened = load.awaitConnectedEvents(Duration.ofSeconds(10));
				assertThat(reopened.opened()).isEqualTo(3);
				for (SocketChannel channel : first) {
					channel.close();
				}
				for (SocketChannel channel : second) {
					channel.close();
				}
			}
		}
	}

	/**
	 * Streams spread over two servers, as over two instances behind a load balancer: every
	 * other stream goes to each, over both selector threads, a resuming stream goes back to
	 * its own server, and their deliveries are accounted together.
	 */
	@Test
	void spreadsStreamsOverServersRoundRobinAndResumesEachOnItsOwn() throws Exception {
		try (ServerSocketChannel first = ServerSocketChannel.open();
				ServerSocketChannel second = ServerSocketChannel.open()) {
			first.bind(new InetSocketAddress("127.0.0.1", 0));
			second.bind(new InetSocketAddress("127.0.0.1", 0));
			List<ServerSocketChannel> servers = List.of(first, second);
			List<InetSocketAddress> addresses = List.of((InetSocketAddress) first.getLocalAddress(),
					(InetSocketAddress) second.getLocalAddress());
			try (LoadGenerator load = new LoadGenerator(addresses, "/sse/broadcast", 2, 1)) {
				CompletableFuture<ConnectResult> connecting = CompletableFuture
					.supplyAsync(() -> load.connect(4, false, Duration.ofSeconds(10)));
				List<SocketChannel> streams = new ArrayList<>();
				for (int i = 0; i < servers.size(); i++) {
					for (int stream = 0; stream < 2; stream++) {
						SocketChannel channel = servers.get(i).accept();
						assertThat(readRequest(channel))
							.contains("\r\nHost: 127.0.0.1:" + addresses.get(i).getPort() + "\r\n");
						openStream(channel);
						sendEvents(channel, 1, new long[] { 0, 1, 2 });
						streams.add(channel);
					}
				}
				assertThat(connecting.get(10, TimeUnit.SECONDS).connected()).isEqualTo(4);
				StepResult step = load.awaitStep(1, 0, 3, 4, Duration.ofSeconds(10));
				assertThat(step.received()).isEqualTo(12);
				assertThat(step.lost()).isZero();

				load.dropConnections();
				CompletableFuture<ConnectResult> resuming = CompletableFuture
					.supplyAsync(() -> load.resume(Duration.ofSeconds(10)));
				for (int i = 0; i < servers.size(); i++) {
					for (int stream = 0; stream < 2; stream++) {
						try (SocketChannel channel = servers.get(i).accept()) {
							assertThat(readRequest(channel))
								.contains("\r\nHost: 127.0.0.1:" + addresses.get(i).getPort() + "\r\n")
								.contains("\r\nLast-Event-ID: e-2\r\n");
						}
					}
				}
				assertThat(resuming.get(10, TimeUnit.SECONDS).connected()).isEqualTo(4);
				for (SocketChannel channel : streams) {
					channel.close();
				}
			}
		}
	}

	/** Send the headers of an event stream and its {@code connected} event. */
	private static void openStream(SocketChannel channel) throws IOException {
		openStream(channel, -1);
	}

	/**
	 * Send the headers of an event stream and its {@code connected} event, announcing the
	 * given number of missed events, or none if negative.
	 */
	private static void openStream(SocketChannel channel, int replayed) throws IOException {
		channel.write(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
				+ "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
		send(channel, "retry: 2000\nevent: connected\ndata: {\"clientId\":\"c\""
				+ ((replayed >= 0) ? ",\"replayed\":" + replayed : "") + "}\n\n");
	}

	/** Send tick events with ids {@code e-<seq>}, in one chunk. */
	private static void sendEvents(SocketChannel channel, int step, long[] seqs) throws IOException {
		StringBuilder events = new StringBuilder();
		for (long seq : seqs) {
			events.append("id: e-").append(seq).append("\nevent: tick\ndata: ")
				.append(TickPayload.format(step, seq, System.nanoTime() - LATENCY_NANOS, 4)).append("\n\n");
		}
		send(channel, events.toString());
	}

	private static void send(SocketChannel channel, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		ByteBuffer chunk = ByteBuffer.wrap((Integer.toHexString(bytes.length) + "\r\n" + text + "\r\n")
			.getBytes(StandardCharsets.UTF_8));
		while (chunk.hasRemaining()) {
			channel.write(chunk);
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

	private static String readRequest(SocketChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(4096);
		while (!new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
			if (channel.read(buffer) < 0) {
				throw new IOException("request not complete");
			}
		}
		String request = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
		assertThat(request).startsWith("GET /sse/broadcast").contains(" HTTP/1.1\r\n")
			.contains("Accept: text/event-stream\r\n");
		return request;
	}

}
