package io.github.ssebroadcast.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.github.ssebroadcast.benchmarks.load.Publisher.PublishResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the publisher against a server on a real socket that, like Tomcat, closes each
 * kept-alive connection after a few requests.
 */
class PublisherTests {

	private static final int REQUESTS_PER_CONNECTION = 3;

	private static final Pattern SEQ = Pattern.compile("\"data\":\"\\d+ (\\d+) ");

	private static final Pattern TOPIC = Pattern.compile("\"topic\":\"([^\"]+)\"");

	private static final int REACHED = 7;

	private final List<Long> published = Collections.synchronizedList(new ArrayList<>());

	private final Map<Long, String> topics = new ConcurrentHashMap<>();

	@Test
	void publishesEveryEventOnceWhenTheServerClosesKeptAliveConnections() throws Exception {
		ExecutorService connections = Executors.newCachedThreadPool();
		try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			connections.execute(() -> accept(server, connections));
			InetSocketAddress address = (InetSocketAddress) server.getLocalSocketAddress();
			PublishResult result;
			try (Publisher publisher = new Publisher(address, "/api/broadcast", 2)) {
				// faster than the server answers, so that requests wait for each other
				result = publisher.publish(1, 5_000, Duration.ofMillis(40), 4);
			}
			assertThat(result.events()).isEqualTo(200);
			assertThat(result.ok()).isEqualTo(200);
			assertThat(result.failed()).isZero();
			List<Long> expected = new ArrayList<>();
			for (long seq = result.fromSeq(); seq < result.toSeq(); seq++) {
				expected.add(seq);
			}
			assertThat(this.published).containsExactlyInAnyOrderElementsOf(expected);
		}
		finally {
			connections.shutdownNow();
		}
	}

	@Test
	void publishesEachEventToTheTopicItsSequenceNumberPicks() throws Exception {
		ExecutorService connections = Executors.newCachedThreadPool();
		try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			connections.execute(() -> accept(server, connections));
			InetSocketAddress address = (InetSocketAddress) server.getLocalSocketAddress();
			TopicSpread spread = new TopicSpread("t-", 3);
			PublishResult result;
			try (Publisher publisher = new Publisher(address, "/api/broadcast", 2)) {
				assertThat(publisher.lastReachedClients()).isEqualTo(-1);
				result = publisher.publishToTopics(1, 2_000, Duration.ofMillis(10), 4, spread, Duration.ofSeconds(10));
				assertThat(publisher.lastReachedClients()).isEqualTo(REACHED);
			}
			assertThat(result.ok()).isEqualTo(20);
			assertThat(result.answeredAt()).isGreaterThanOrEqualTo(result.endedAt());
			assertThat(this.topics).hasSize(20);
			this.topics.forEach((seq, topic) -> assertThat(topic).isEqualTo("t-" + (seq % 3)));
		}
		finally {
			connections.shutdownNow();
		}
	}

	private void accept(ServerSocket server, ExecutorService connections) {
		try {
			while (true) {
				Socket socket = server.accept();
				connections.execute(() -> serve(socket));
			}
		}
		catch (IOException ex) {
			// the test closed the server
		}
	}

	/**
	 * Answer a few requests, the last with {@code Connection: close}, then close: requests
	 * that arrived meanwhile are not processed, and closing with them unread resets the
	 * connection.
	 */
	private void serve(Socket socket) {
		try (socket) {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			for (int i = 1; i <= REQUESTS_PER_CONNECTION; i++) {
				String body = readRequestBody(in);
				if (body == null) {
					return;
				}
				Matcher matcher = SEQ.matcher(body);
				if (matcher.find()) {
					long seq = Long.parseLong(matcher.group(1));
					this.published.add(seq);
					Matcher topic = TOPIC.matcher(body);
					if (topic.find()) {
						this.topics.put(seq, topic.group(1));
					}
				}
				String answer = "{\"connected\":" + REACHED + "}";
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + answer.length()
						+ ((i == REQUESTS_PER_CONNECTION) ? "\r\nConnection: close" : "") + "\r\n\r\n" + answer)
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

	private static String readRequestBody(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				return null;
			}
			head.write(b);
		}
		Matcher length = Pattern.compile("Content-Length: (\\d+)").matcher(head.toString(StandardCharsets.US_ASCII));
		if (!length.find()) {
			throw new IOException("No Content-Length in " + head);
		}
		byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
		return new String(body, StandardCharsets.UTF_8);
	}

}
