package io.github.ssebroadcast.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A streaming HTTP/1.1 client for tests: a real socket, chunked transfer decoding and the
 * Server-Sent Events parsing rules of the HTML standard. A reader thread parses the stream as
 * it arrives, so tests wait on events with timeouts rather than sleeping.
 */
public final class SseTestClient implements AutoCloseable {

	private final Socket socket;

	private final CountDownLatch headersReceived = new CountDownLatch(1);

	private final CountDownLatch ended = new CountDownLatch(1);

	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();

	private final List<Long> retries = new ArrayList<>();

	private volatile int status;

	private volatile Map<String, String> headers = Map.of();

	private volatile String body = "";

	private SseTestClient(Socket socket) {
		this.socket = socket;
	}

	/**
	 * Connect, send a GET for the given path and read the response as it arrives.
	 * @param port the server port on 127.0.0.1
	 * @param path the path
	 * @return the client
	 * @throws IOException on connection failure
	 */
	public static SseTestClient connect(int port, String path) throws IOException {
		return connect(port, path, new String[0]);
	}

	/**
	 * Connect, send a GET for the given path with more headers, and read the response as
	 * it arrives.
	 * @param port the server port on 127.0.0.1
	 * @param path the path
	 * @param headers header lines, such as {@code "Last-Event-ID: 7"}
	 * @return the client
	 * @throws IOException on connection failure
	 */
	public static SseTestClient connect(int port, String path, String... headers) throws IOException {
		SseTestClient client = new SseTestClient(open(port, 0));
		client.sendGet(path, headers);
		Thread reader = new Thread(client::read, "sse-test-client");
		reader.setDaemon(true);
		reader.start();
		return client;
	}

	/**
	 * Connect with a tiny receive buffer and send a GET, then never read: a client that
	 * stopped reading.
	 * @param port the server port on 127.0.0.1
	 * @param path the path
	 * @return the client
	 * @throws IOException on connection failure
	 */
	public static SseTestClient connectStalled(int port, String path) throws IOException {
		SseTestClient client = new SseTestClient(open(port, 1024));
		client.sendGet(path, new String[0]);
		return client;
	}

	private static Socket open(int port, int receiveBufferSize) throws IOException {
		Socket socket = new Socket();
		if (receiveBufferSize > 0) {
			socket.setReceiveBufferSize(receiveBufferSize);
		}
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		return socket;
	}

	private void sendGet(String path, String[] headers) throws IOException {
		StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				+ "Accept: text/event-stream\r\nAccept-Encoding: gzip\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		request.append("\r\n");
		OutputStream out = this.socket.getOutputStream();
		out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	/**
	 * Wait for the status line and headers.
	 * @param timeout how long to wait
	 * @return the status code
	 */
	public int awaitStatus(Duration timeout) throws InterruptedException {
		if (!this.headersReceived.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("No response headers within " + timeout);
		}
		return this.status;
	}

	/**
	 * Return a response header, by case-insensitive name, once headers arrived.
	 * @param name the header name
	 * @return its value or {@code null}
	 */
	public String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * Return the body of a response that was not an event stream, once it ended.
	 * @return the body
	 */
	public String body() {
		return this.body;
	}

	/**
	 * Wait for the next dispatched event.
	 * @param timeout how long to wait
	 * @return the event
	 */
	public Event nextEvent(Duration timeout) throws InterruptedException {
		Event event = this.events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (event == null) {
			throw new AssertionError("No event within " + timeout + (hasEnded() ? " (stream ended)" : ""));
		}
		return event;
	}

	/**
	 * Wait for the next dispatched events, each within the timeout.
	 * @param count how many events
	 * @param timeout how long to wait for each
	 * @return the events, in the order they came
	 */
	public List<Event> nextEvents(int count, Duration timeout) throws InterruptedException {
		List<Event> events = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			events.add(nextEvent(timeout));
		}
		return events;
	}

	/**
	 * Return the next event if one has arrived already.
	 * @return the event or {@code null}
	 */
	public Event pollEvent() {
		return this.events.poll();
	}

	/**
	 * Wait for the next comment line.
	 * @param timeout how long to wait
	 * @return the comment text, without the leading colon
	 */
	public String nextComment(Duration timeout) throws InterruptedException {
		String comment = this.comments.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (comment == null) {
			throw new AssertionError("No comment within " + timeout);
		}
		return comment;
	}

	/**
	 * Return the next comment line if one has arrived already.
	 * @return the comment text, without the leading colon, or {@code null}
	 */
	public String pollComment() {
		return this.comments.poll();
	}

	/**
	 * Return every {@code retry:} value received so far.
	 * @return the reconnect times in milliseconds
	 */
	public synchronized List<Long> retries() {
		return new ArrayList<>(this.retries);
	}

	/**
	 * Wait until the server ends the response or the connection.
	 * @param timeout how long to wait
	 * @return whether the stream ended in time
	 */
	public boolean awaitEnd(Duration timeout) throws InterruptedException {
		return this.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	public boolean hasEnded() {
		return this.ended.getCount() == 0;
	}

	/**
	 * Read, as a client that {@link #connectStalled stopped reading} and starts again, what
	 * the server sent until it closes the connection.
	 * @param timeout how long to wait
	 * @return whether the server closed the connection in time, normally or with a reset
	 */
	public boolean awaitClosedByServer(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		InputStream in = this.socket.getInputStream();
		byte[] buffer = new byte[64 * 1024];
		try {
			while (true) {
				long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (remaining <= 0) {
					return false;
				}
				this.socket.setSoTimeout((int) remaining);
				if (in.read(buffer) == -1) {
					return true;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			// reset by the server
			return true;
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	/**
	 * Reset the connection (RST) rather than close it (FIN), as a client whose process died
	 * or whose network dropped the connection does.
	 */
	public void reset() {
		try {
			this.socket.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// already closed
		}
		close();
	}

	private void read() {
		try (InputStream in = this.socket.getInputStream()) {
			readHead(in);
			InputStream content = "chunked".equalsIgnoreCase(header("transfer-encoding")) ? new ChunkedInputStream(in)
					: in;
			if (!"text/event-stream".equals(baseType(header("content-type")))) {
				this.body = new String(content.readAllBytes(), StandardCharsets.UTF_8);
				return;
			}
			EventParser parser = new EventParser();
			byte[] buffer = new byte[8192];
			int read;
			while ((read = content.read(buffer)) != -1) {
				parser.accept(buffer, read);
			}
		}
		catch (IOException ex) {
			// the connection ended
		}
		finally {
			this.headersReceived.countDown();
			this.ended.countDown();
		}
	}

	private static String baseType(String contentType) {
		if (contentType == null) {
			return null;
		}
		int semicolon = contentType.indexOf(';');
		return ((semicolon >= 0) ? contentType.substring(0, semicolon) : contentType).trim();
	}

	private void readHead(InputStream in) throws IOException {
		String statusLine = readLine(in);
		this.status = Integer.parseInt(statusLine.split(" ")[1]);
		Map<String, String> received = new LinkedHashMap<>();
		String line;
		while (!(line = readLine(in)).isEmpty()) {
			int colon = line.indexOf(':');
			received.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
					(a, b) -> a + ", " + b);
		}
		this.headers = received;
		this.headersReceived.countDown();
	}

	static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != '\n') {
			if (b == -1) {
				throw new IOException("Connection closed");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	/**
	 * An event as a browser's EventSource dispatches it.
	 *
	 * @param id the last event id
	 * @param name the event type, {@code message} when the stream names none
	 * @param data the data
	 */
	public record Event(String id, String name, String data) {

		/**
		 * Return this event without its id, for tests that are not about ids: the
		 * broadcaster gives every event one.
		 * @return the event with an empty id
		 */
		public Event withoutId() {
			return new Event("", this.name, this.data);
		}

	}

	/**
	 * The event stream interpretation of the HTML standard.
	 */
	private final class EventParser {

		private final ByteArrayOutputStream line = new ByteArrayOutputStream();

		private final StringBuilder data = new StringBuilder();

		private String eventType = "";

		private String lastEventId = "";

		private boolean lastWasCarriageReturn;

		void accept(byte[] bytes, int length) {
			for (int i = 0; i < length; i++) {
				byte b = bytes[i];
				if (b == '\n' && this.lastWasCarriageReturn) {
					this.lastWasCarriageReturn = false;
					continue;
				}
				this.lastWasCarriageReturn = (b == '\r');
				if (b == '\n' || b == '\r') {
					processLine(this.line.toString(StandardCharsets.UTF_8));
					this.line.reset();
				}
				else {
					this.line.write(b);
				}
			}
		}

		private void processLine(String line) {
			if (line.isEmpty()) {
				dispatch();
				return;
			}
			if (line.startsWith(":")) {
				SseTestClient.this.comments.add(line.substring(1).trim());
				return;
			}
			int colon = line.indexOf(':');
			String field = (colon >= 0) ? line.substring(0, colon) : line;
			String value = (colon >= 0) ? line.substring(colon + 1) : "";
			if (value.startsWith(" ")) {
				value = value.substring(1);
			}
			switch (field) {
				case "event" -> this.eventType = value;
				case "data" -> this.data.append(value).append('\n');
				case "id" -> {
					if (value.indexOf('\0') < 0) {
						this.lastEventId = value;
					}
				}
				case "retry" -> {
					if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
						synchronized (SseTestClient.this) {
							SseTestClient.this.retries.add(Long.parseLong(value));
						}
					}
				}
				default -> {
				}
			}
		}

		private void dispatch() {
			if (this.data.length() == 0) {
				this.eventType = "";
				return;
			}
			this.data.setLength(this.data.length() - 1);
			String type = this.eventType.isEmpty() ? "message" : this.eventType;
			SseTestClient.this.events.add(new Event(this.lastEventId, type, this.data.toString()));
			this.data.setLength(0);
			this.eventType = "";
		}

	}

	/**
	 * Decodes HTTP/1.1 chunked transfer coding.
	 */
	static final class ChunkedInputStream extends InputStream {

		private final InputStream in;

		private int remaining;

		private boolean done;

		private boolean chunkEndPending;

		ChunkedInputStream(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == -1) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.done) {
				return -1;
			}
			if (this.remaining == 0) {
				if (this.chunkEndPending) {
					readLine(this.in);
					this.chunkEndPending = false;
				}
				String size = readLine(this.in);
				int extension = size.indexOf(';');
				this.remaining = Integer.parseInt((extension >= 0) ? size.substring(0, extension) : size.trim(), 16);
				if (this.remaining == 0) {
					this.done = true;
					return -1;
				}
			}
			int read = this.in.read(buffer, offset, Math.min(length, this.remaining));
			if (read == -1) {
				throw new IOException("Connection closed inside a chunk");
			}
			this.remaining -= read;
			// the CRLF that ends a chunk is read with the next chunk's size: a server may send
			// it only then (Jetty does), and the chunk's data must not wait for it
			this.chunkEndPending = this.remaining == 0;
			return read;
		}

	}

}
