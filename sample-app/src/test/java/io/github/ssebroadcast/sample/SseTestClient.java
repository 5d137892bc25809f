package io.github.ssebroadcast.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A streaming Server-Sent Events client over a real socket, for tests: it reads the stream
 * on a thread of its own, keeps every byte it received, and parses events as a browser's
 * {@code EventSource} does. Waits are bounded by timeouts, never by sleeps.
 */
final class SseTestClient implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final HttpClient httpClient = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

	private final HttpResponse<InputStream> response;

	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private final StringBuffer received = new StringBuffer();

	private final CountDownLatch ended = new CountDownLatch(1);

	private SseTestClient(HttpResponse<InputStream> response) {
		this.response = response;
		Thread reader = new Thread(this::read, "sse-test-client");
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Connect, and return once the response headers have arrived.
	 * @param uri the stream's URI
	 * @param headers request header names and values, alternately
	 * @return the client
	 */
	static SseTestClient connect(URI uri, String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return new SseTestClient(httpClient.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
	}

	int status() {
		return this.response.statusCode();
	}

	HttpHeaders headers() {
		return this.response.headers();
	}

	/**
	 * Return the next event, waiting for it up to {@link #TIMEOUT}.
	 * @return the event
	 */
	Event next() throws InterruptedException {
		Event event = this.events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		if (event == null) {
			throw new AssertionError("No event within " + TIMEOUT + "; received so far:\n" + this.received);
		}
		return event;
	}

	/**
	 * Return the next event of the given name, skipping others.
	 * @param name the event name
	 * @return the event
	 */
	Event next(String name) throws InterruptedException {
		while (true) {
			Event event = next();
			if (name.equals(event.name())) {
				return event;
			}
		}
	}

	/**
	 * Wait for the server to end the stream.
	 * @return everything received, as text
	 */
	String awaitEnd() throws InterruptedException {
		if (!this.ended.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("Stream did not end within " + TIMEOUT + "; received so far:\n" + this.received);
		}
		return this.received.toString();
	}

	@Override
	public void close() throws IOException {
		this.response.body().close();
	}

	private void read() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.response.body(), StandardCharsets.UTF_8))) {
			EventBuilder event = new EventBuilder();
			String line;
			while ((line = reader.readLine()) != null) {
				this.received.append(line).append('\n');
				if (line.isEmpty()) {
					event.dispatch(this.events);
					event = new EventBuilder();
				}
				else if (!line.startsWith(":")) {
					int colon = line.indexOf(':');
					String field = (colon >= 0) ? line.substring(0, colon) : line;
					String value = (colon >= 0) ? line.substring(colon + 1) : "";
					event.field(field, value.startsWith(" ") ? value.substring(1) : value);
				}
			}
		}
		catch (IOException | UncheckedIOException ex) {
			// closed by the test, or by the server
		}
		finally {
			this.ended.countDown();
		}
	}

	/**
	 * An event as a browser dispatches it.
	 *
	 * @param id the event's id, or {@code null} if it had none
	 * @param name the event name, {@code message} if it had none
	 * @param data the data lines, joined with LF
	 * @param retry the reconnect time sent with it, or {@code null}
	 */
	record Event(@Nullable String id, String name, String data, @Nullable Long retry) {

	}

	private static final class EventBuilder {

		private String id;

		private String name;

		private StringBuilder data;

		private Long retry;

		void field(String field, String value) {
			switch (field) {
				case "id" -> this.id = value;
				case "event" -> this.name = value;
				case "retry" -> this.retry = Long.valueOf(value);
				case "data" -> this.data = (this.data != null) ? this.data.append('\n').append(value)
						: new StringBuilder(value);
				default -> {
				}
			}
		}

		void dispatch(BlockingQueue<Event> events) {
			if (this.data != null) {
				events.add(new Event(this.id, (this.name != null) ? this.name : "message", this.data.toString(),
						this.retry));
			}
		}

	}

}
