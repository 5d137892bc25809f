package io.github.ssebroadcast.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.ssebroadcast.benchmarks.load.Publisher.PublishResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Runs the publisher against a server on a real socket that, like Tomcat, closes each
 * kept-alive connection after a few requests, and answers batches as the starter's batch
 * endpoint does.
 */
class PublisherTests {

	private static final String PATH = "/api/broadcast";

	private static final String BATCH_PATH = PATH + "/batch";

	private static final int REQUESTS_PER_CONNECTION = 3;

	private static final int REACHED = 7;

	private static final JsonMapper JSON = new JsonMapper();

	/** Ten topics: in batches of four, blocks of topics 0-3, 4-7 and 8-9. */
	private static final TopicSpread TOPICS = new TopicSpread("t-", 10);

	/** Every request the server read, in the order it read them. */
	private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

	private final AtomicInteger sockets = new AtomicInteger();

	private final ExecutorService connections = Executors.newCachedThreadPool();

	private int requestsPerConnection = REQUESTS_PER_CONNECTION;

	private int status = 200;

	@AfterEach
	void stopServer() {
		this.connections.shutdownNow();
	}

	@Test
	void publishesEveryEventOnceWhenTheServerClosesKeptAliveConnections() throws Exception {
		PublishResult result;
		try (ServerSocket server = startServer(); Publisher publisher = publisher(server, 2)) {
			// faster than the server answers, so that requests wait for each other
			result = publisher.publish(1, 5_000, Duration.ofMillis(40), 4);
		}
		assertThat(result.events()).isEqualTo(200);
		assertThat(result.ok()).isEqualTo(200);
		assertThat(result.failed()).isZero();
		assertThat(events()).extracting(Event::seq).containsExactlyInAnyOrderElementsOf(seqs(result));
	}

	@Test
	void publishesEachEventToTheTopicItsSequenceNumberPicks() throws Exception {
		TopicSpread spread = new TopicSpread("t-", 3);
		PublishResult result;
		try (ServerSocket server = startServer(); Publisher publisher = publisher(server, 2)) {
			assertThat(publisher.lastReachedClients()).isEqualTo(-1);
			result = publisher.publishToTopics(1, 2_000, Duration.ofMillis(10), 4, spread, Duration.ofSeconds(10));
			assertThat(publisher.lastReachedClients()).isEqualTo(REACHED);
		}
		assertThat(result.ok()).isEqualTo(20);
		assertThat(result.answeredAt()).isGreaterThanOrEqualTo(result.endedAt());
		assertThat(this.requests).extracting(Request::path).containsOnly(PATH);
		assertThat(events()).hasSize(20).allSatisfy((event) -> assertThat(event.topic()).isEqualTo("t-" + event.seq() % 3));
	}

	@Test
	void batchesConsecutiveEventsOfOneBlockOfTopics() throws Exception {
		PublishResult result;
		try (ServerSocket server = startServer(); Publisher publisher = publisher(server, 2)) {
			// one event first, so that the batches start inside a block
			publisher.publishToTopics(1, 100, Duration.ofMillis(10), 4, TOPICS, Duration.ofSeconds(10));
			this.requests.clear();
			result = publisher.publishToTopicsInBatches(2, 2_000, Duration.ofMillis(30), 4, TOPICS, 4,
					Duration.ofSeconds(10));
		}
		assertThat(result.fromSeq()).isEqualTo(1);
		assertThat(this.requests).extracting(Request::path).containsOnly(BATCH_PATH);
		assertThat(events()).extracting(Event::seq).containsExactlyInAnyOrderElementsOf(seqs(result));
		for (Request request : this.requests) {
			List<Long> seqs = request.events().stream().map(Event::seq).toList();
			long first = seqs.get(0);
			long last = seqs.get(seqs.size() - 1);
			long round = first / 10 * 10;
			long blockStart = round + (first % 10) / 4 * 4;
			long blockEnd = Math.min(round + 10, blockStart + 4);
			assertThat(seqs).as("consecutive").isEqualTo(seqs(first, last + 1));
			assertThat(first).as("first of its block or of the step").isIn(blockStart, result.fromSeq());
			assertThat(last + 1).as("last of its block or of the step").isIn(blockEnd, result.toSeq());
		}
		assertThat(this.requests).extracting((request) -> request.events().size()).contains(3, 4, 2);
	}

	@Test
	void writesEachEventOfABatchAsTheBroadcastEndpointTakesIt() throws Exception {
		PublishResult result = publishInBatches(2, 2_000, Duration.ofMillis(20), 5);
		long interval = 500_000;
		for (Request request : this.requests) {
			JsonNode body = JSON.readTree(request.body());
			assertThat(body.propertyNames()).containsExactly("events");
			assertThat(body.get("events").isArray()).isTrue();
			for (JsonNode event : body.get("events")) {
				assertThat(event.propertyNames()).containsExactly("event", "data", "topic");
				assertThat(event.get("event").stringValue()).isEqualTo(TickPayload.EVENT);
				long[] payload = payload(event.get("data").stringValue());
				long seq = payload[1];
				assertThat(payload[0]).isEqualTo(1);
				assertThat(payload[2]).as("due time").isEqualTo(result.startedAt() + (seq - result.fromSeq()) * interval);
				assertThat(event.get("topic").stringValue()).isEqualTo("t-" + seq % 10);
			}
		}
		assertThat(events()).extracting(Event::seq).containsExactlyInAnyOrderElementsOf(seqs(result));
	}

	@Test
	void countsTheEventsOfEachAnsweredBatch() throws Exception {
		PublishResult result;
		try (ServerSocket server = startServer(); Publisher publisher = publisher(server, 2)) {
			result = publisher.publishToTopicsInBatches(1, 2_000, Duration.ofMillis(30), 4, TOPICS, 5,
					Duration.ofSeconds(10));
			assertThat(publisher.lastReachedClients()).isEqualTo(REACHED);
		}
		assertThat(this.requests).hasSize(12);
		assertThat(result.events()).isEqualTo(60);
		assertThat(result.ok()).isEqualTo(60);
		assertThat(result.failed()).isZero();
	}

	@Test
	void countsEveryEventOfAFailedBatchFailed() throws Exception {
		this.status = 503;
		PublishResult result = publishInBatches(2, 2_000, Duration.ofMillis(30), 5);
		assertThat(result.ok()).isZero();
		assertThat(result.failed()).isEqualTo(60);
	}

	@Test
	void sendsEveryEventOfATopicThroughOneConnectionInOrder() throws Exception {
		this.requestsPerConnection = Integer.MAX_VALUE;
		// blocks of topics 0-2, 3-5, 6-8 and 9, over connections 0, 1, 0 and 1; faster than
		// the server answers, so that requests wait for each other
		publishInBatches(2, 10_000, Duration.ofMillis(40), 3);
		Map<String, List<Long>> seqsByTopic = new HashMap<>();
		Map<String, List<Integer>> socketsByTopic = new HashMap<>();
		for (Request request : this.requests) {
			for (Event event : request.events()) {
				seqsByTopic.computeIfAbsent(event.topic(), (topic) -> new ArrayList<>()).add(event.seq());
				socketsByTopic.computeIfAbsent(event.topic(), (topic) -> new ArrayList<>()).add(request.socket());
			}
		}
		assertThat(seqsByTopic).hasSize(10);
		seqsByTopic.values().forEach((seqs) -> assertThat(seqs).isSorted().doesNotHaveDuplicates());
		socketsByTopic.values().forEach((sockets) -> assertThat(sockets).containsOnly(sockets.get(0)));
		assertThat(socketsByTopic.values()).extracting((sockets) -> sockets.get(0)).containsOnly(1, 2);
	}

	@Test
	void keepsTheOrderOfEachTopicWhenTheServerClosesKeptAliveConnections() throws Exception {
		// five blocks a round over three connections
		PublishResult result = publishInBatches(3, 10_000, Duration.ofMillis(40), 2);
		assertThat(result.ok()).isEqualTo(400);
		assertThat(events()).extracting(Event::seq).containsExactlyInAnyOrderElementsOf(seqs(result));
		for (int topic = 0; topic < 10; topic++) {
			String name = TOPICS.name(topic);
			assertThat(events()).filteredOn((event) -> event.topic().equals(name))
				.extracting(Event::seq)
				.isSorted();
		}
	}

	@Test
	void sendsABatchOnceItsLastEventIsDue() throws Exception {
		// 5 ms apart: a batch of four is 15 ms from its first event to its last
		publishInBatches(2, 200, Duration.ofMillis(100), 4);
		assertThat(this.requests).isNotEmpty().allSatisfy((request) -> {
			long lastDue = request.events().get(request.events().size() - 1).due();
			assertThat(request.receivedAt()).isGreaterThanOrEqualTo(lastDue);
		});
	}

	@Test
	void refusesBatchesOfNoEventOrMoreThanTheEndpointTakes() throws Exception {
		assertThatIllegalArgumentException().isThrownBy(() -> publishInBatches(1, 100, Duration.ofMillis(10), 0));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> publishInBatches(1, 100, Duration.ofMillis(10), Publisher.MAX_BATCH + 1));
		assertThat(this.requests).isEmpty();
	}

	/**
	 * Publish to the ten topics in batches, step 1, from the first sequence number, and wait
	 * for the answers.
	 */
	private PublishResult publishInBatches(int connections, double rate, Duration duration, int batch)
			throws IOException {
		try (ServerSocket server = startServer(); Publisher publisher = publisher(server, connections)) {
			return publisher.publishToTopicsInBatches(1, rate, duration, 4, TOPICS, batch, Duration.ofSeconds(10));
		}
	}

	private ServerSocket startServer() throws IOException {
		ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.connections.execute(() -> accept(server));
		return server;
	}

	private static Publisher publisher(ServerSocket server, int connections) throws IOException {
		return new Publisher((InetSocketAddress) server.getLocalSocketAddress(), PATH, connections);
	}

	private List<Event> events() {
		synchronized (this.requests) {
			return this.requests.stream().flatMap((request) -> request.events().stream()).toList();
		}
	}

	private static List<Long> seqs(PublishResult result) {
		return seqs(result.fromSeq(), result.toSeq());
	}

	private static List<Long> seqs(long fromSeq, long toSeq) {
		List<Long> seqs = new ArrayList<>();
		for (long seq = fromSeq; seq < toSeq; seq++) {
			seqs.add(seq);
		}
		return seqs;
	}

	private static long[] payload(String data) {
		byte[] bytes = data.getBytes(StandardCharsets.US_ASCII);
		long[] payload = new long[3];
		assertThat(TickPayload.parse(bytes, bytes.length, payload)).as(data).isTrue();
		return payload;
	}

	private void accept(ServerSocket server) {
		try {
			while (true) {
				Socket socket = server.accept();
				int id = this.sockets.incrementAndGet();
				this.connections.execute(() -> serve(socket, id));
			}
		}
		catch (IOException ex) {
			// the test closed the server
		}
	}

	/**
	 * Answer a few requests, the last with {@code Connection: close}, then close: requests
	 * that arrived meanwhile are not processed, and closing with them unread resets the
	 * connection. A batch is answered as the batch endpoint does, with how many events it
	 * published and the clients each reached.
	 */
	private void serve(Socket socket, int id) {
		try (socket) {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			for (int i = 1; i <= this.requestsPerConnection; i++) {
				Request request = readRequest(in, id);
				if (request == null) {
					return;
				}
				this.requests.add(request);
				int events = request.events().size();
				String answer = request.path().equals(BATCH_PATH)
						? "{\"ok\":true,\"published\":" + events + ",\"connected\":"
								+ Collections.nCopies(events, REACHED).toString().replace(" ", "") + "}"
						: "{\"ok\":true,\"event\":\"tick\",\"connected\":" + REACHED + "}";
				out.write(("HTTP/1.1 " + this.status + " X\r\nContent-Type: application/json\r\nContent-Length: "
						+ answer.length() + ((i == this.requestsPerConnection) ? "\r\nConnection: close" : "")
						+ "\r\n\r\n" + answer)
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
		}
		catch (SocketException ex) {
			// the publisher closed the connection
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Request readRequest(InputStream in, int socket) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				return null;
			}
			head.write(b);
		}
		String text = head.toString(StandardCharsets.US_ASCII);
		Matcher length = Pattern.compile("Content-Length: (\\d+)").matcher(text);
		if (!length.find()) {
			throw new IOException("No Content-Length in " + head);
		}
		byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
		return new Request(text.split(" ")[1], new String(body, StandardCharsets.UTF_8), System.nanoTime(), socket);
	}

	/**
	 * A request as the server read it.
	 *
	 * @param path its path
	 * @param body its body
	 * @param receivedAt when its body had arrived, in {@link System#nanoTime()}
	 * @param socket which of the server's connections it came through, counted from 1
	 */
	private record Request(String path, String body, long receivedAt, int socket) {

		/** Return the benchmark events it holds, in order. */
		List<Event> events() {
			JsonNode json = JSON.readTree(this.body);
			List<Event> events = new ArrayList<>();
			for (JsonNode event : json.has("events") ? json.get("events") : List.of(json)) {
				long[] payload = payload(event.get("data").stringValue());
				events.add(new Event(payload[1], payload[2], event.path("topic").asString(null)));
			}
			return events;
		}

	}

	/**
	 * A benchmark event as the server read it.
	 *
	 * @param seq its sequence number
	 * @param due when it was due, in {@link System#nanoTime()}
	 * @param topic its topic, or {@code null}
	 */
	private record Event(long seq, long due, String topic) {

	}

}
