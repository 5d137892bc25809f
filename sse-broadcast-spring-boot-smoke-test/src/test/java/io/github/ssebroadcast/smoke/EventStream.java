package io.github.ssebroadcast.smoke;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /sse/broadcast} read line by line as the lines arrive, by the JDK's HTTP client.
 */
final class EventStream implements AutoCloseable {

	/** Put in the queue when the stream has ended. */
	private static final String END = new String("end of stream");

	private final HttpHeaders headers;

	private final Stream<String> lines;

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	private final Duration timeout;

	private EventStream(HttpResponse<Stream<String>> response, Duration timeout) {
		this.headers = response.headers();
		this.lines = response.body();
		this.timeout = timeout;
		Thread reader = new Thread(this::read, "event-stream-reader");
		reader.setDaemon(true);
		reader.start();
	}

	static EventStream open(HttpClient http, int port, Duration timeout) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sse/broadcast"))
			.header("Accept", "text/event-stream")
			.build();
		HttpResponse<Stream<String>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
			.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		return new EventStream(response, timeout);
	}

	private void read() {
		try {
			Iterator<String> iterator = this.lines.iterator();
			while (iterator.hasNext()) {
				this.received.add(iterator.next());
			}
		}
		catch (RuntimeException ex) {
			// closed by the test or cut by the server: the end either way
		}
		this.received.add(END);
	}

	HttpHeaders headers() {
		return this.headers;
	}

	/**
	 * Return the next line, waiting for it.
	 * @return the line, without its end
	 * @throws InterruptedException if interrupted
	 */
	String nextLine() throws InterruptedException {
		String line = this.received.poll(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(line).as("a line within %s", this.timeout).isNotNull();
		assertThat(line).as("a line before the end of the stream").isNotSameAs(END);
		return line;
	}

	/**
	 * Return the next line that is neither a comment, such as a keep-alive, nor the blank
	 * line that ends an event.
	 * @return the line
	 * @throws InterruptedException if interrupted
	 */
	String nextField() throws InterruptedException {
		String line;
		do {
			line = nextLine();
		}
		while (line.isEmpty() || line.startsWith(":"));
		return line;
	}

	/**
	 * Skip to the event of the given name and return its lines.
	 * @param name the event name
	 * @return the event's lines, up to the blank line that ends it
	 * @throws InterruptedException if interrupted
	 */
	List<String> nextEvent(String name) throws InterruptedException {
		List<String> event = new ArrayList<>();
		while (true) {
			String line = nextLine();
			if (line.isEmpty()) {
				if (event.contains("event: " + name)) {
					return event;
				}
				event.clear();
			}
			else {
				event.add(line);
			}
		}
	}

	/**
	 * Wait for the server to end the stream, ignoring what comes before.
	 * @throws InterruptedException if interrupted
	 */
	void awaitEnd() throws InterruptedException {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (true) {
			String line = this.received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			assertThat(line).as("the end of the stream within %s", this.timeout).isNotNull();
			if (line == END) {
				return;
			}
		}
	}

	@Override
	public void close() {
		this.lines.close();
	}

}
