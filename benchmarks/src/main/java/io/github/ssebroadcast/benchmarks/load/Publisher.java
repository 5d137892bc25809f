package io.github.ssebroadcast.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Publishes benchmark events through the server's JSON broadcast endpoint, open loop: each
 * event is due at a fixed time whatever the server answers, it carries its due time, and
 * requests are spread over kept-alive connections, one request in flight on each: sequence
 * number {@code seq} goes through connection {@code seq % connections}. Events go to every
 * client, or to one topic each as a {@link TopicSpread} says. Runs on the calling thread,
 * which sleeps rather than spins between events that are due less than a millisecond apart.
 * <p>Events to topics may also go in batches, several in each request to the batch endpoint
 * below the broadcast endpoint ({@code /batch}). A batch holds consecutive sequence numbers
 * of one round of the topics, those whose topics fall in one block of {@code batch} topics
 * (topic {@code t} is in block {@code t / batch}; the last block of a round is shorter when
 * the size does not divide the topics), and goes out when its last event is due: each event
 * still carries its own due time, so that the wait for the rest of its batch counts in its
 * latency. The batch goes through connection {@code block % connections}, so that every
 * event of a topic goes through one connection, as it does without batches when the
 * connections divide the topics. Each topic's events then reach the server in the order
 * they were published: a connection sends its next request only once the server has
 * answered the one in flight, which it does once it has published every event of it, in the
 * batch's order; and a request lost with a connection the server closed is sent again before
 * any later one of that connection. When the blocks of a round are fewer than the
 * connections, or not a multiple of them, some connections carry more batches than others.
 */
public final class Publisher implements AutoCloseable {

	/** Most events a batch may hold: the batch endpoint's default limit. */
	public static final int MAX_BATCH = 1000;

	/** How long a publishing step waits for the answers once every request is sent. */
	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

	/** How many clients an event reached: the single endpoint's count, or a batch's last. */
	private static final Pattern CONNECTED = Pattern
		.compile("\"connected\"\\s*:\\s*(?:(\\d+)|\\[(?:\\d+\\s*,\\s*)*(\\d+)\\s*\\])");

	/** How many events a batch's answer says were published. */
	private static final Pattern PUBLISHED = Pattern.compile("\"published\"\\s*:\\s*(\\d+)");

	/** Batch size that publishes each event in a request of its own, to the broadcast endpoint. */
	private static final int NO_BATCH = 0;

	private final InetSocketAddress server;

	private final String path;

	private final Selector selector;

	private final List<Connection> connections = new ArrayList<>();

	private long nextSeq;

	/**
	 * Open the publishing connections.
	 * @param server the server
	 * @param path the path of the broadcast endpoint
	 * @param connections how many connections to spread requests over
	 * @throws IOException if a connection fails
	 */
	public Publisher(InetSocketAddress server, String path, int connections) throws IOException {
		this.server = server;
		this.path = path;
		this.selector = Selector.open();
		for (int i = 0; i < connections; i++) {
			Connection connection = new Connection();
			connection.open(server, this.selector);
			this.connections.add(connection);
		}
	}

	/**
	 * Publish a throw-away event until the server says it reached the given number of
	 * clients, so that a step only starts once every stream is subscribed.
	 * @param clients how many clients the server should report
	 * @param timeout how long to try
	 * @return the last count the server reported, or -1 if it answered no probe in time
	 * @throws IOException on a connection failure
	 */
	public int awaitConnected(int clients, Duration timeout) throws IOException {
		return await((connected) -> connected >= clients, timeout);
	}

	/**
	 * Publish a throw-away event until the server says it reached no client, so that clients
	 * closed earlier are gone from its count.
	 * @param timeout how long to try
	 * @return the last count the server reported, or -1 if it answered no probe in time
	 * @throws IOException on a connection failure
	 */
	public int awaitNoneConnected(Duration timeout) throws IOException {
		return awaitAtMostConnected(0, timeout);
	}

	/**
	 * Publish a throw-away event until the server says it reached at most the given number
	 * of clients.
	 * @param clients the most clients the server should report
	 * @param timeout how long to try
	 * @return the last count the server reported, or -1 if it answered no probe in time
	 * @throws IOException on a connection failure
	 */
	public int awaitAtMostConnected(int clients, Duration timeout) throws IOException {
		return await((connected) -> connected >= 0 && connected <= clients, timeout);
	}

	private int await(java.util.function.IntPredicate done, Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		int connected = -1;
		while (System.nanoTime() < deadline) {
			Connection connection = this.connections.get(0);
			send(connection, eventJson("warmup", "\"-\"", null), NO_BATCH);
			// requests on a connection are answered in order: the probe's answer is the last
			while (connection.hasUnanswered() && System.nanoTime() < deadline) {
				poll(10);
			}
			if (connection.hasUnanswered()) {
				// no answer in time: keep the last count the server did answer, if any
				break;
			}
			connected = connection.lastConnected;
			if (done.test(connected)) {
				break;
			}
			poll(20);
		}
		return connected;
	}

	/**
	 * Publish events at a fixed rate for a while, then wait for the answers.
	 * @param step the step written in each event
	 * @param ratePerSecond events per second
	 * @param duration how long to publish
	 * @param padding padding characters in each event's data
	 * @return what was published
	 * @throws IOException on a connection failure
	 */
	public PublishResult publish(int step, double ratePerSecond, Duration duration, int padding) throws IOException {
		return publish(step, ratePerSecond, duration, padding, ANSWER_TIMEOUT);
	}

	/**
	 * Publish events at a fixed rate for a while, then wait for the answers for as long as
	 * given.
	 * @param step the step written in each event
	 * @param ratePerSecond events per second
	 * @param duration how long to publish
	 * @param padding padding characters in each event's data
	 * @param answerTimeout how long to wait for answers once every request is sent
	 * @return what was published
	 * @throws IOException on a connection failure
	 */
	public PublishResult publish(int step, double ratePerSecond, Duration duration, int padding,
			Duration answerTimeout) throws IOException {
		return publish(step, ratePerSecond, duration, padding, null, NO_BATCH, answerTimeout);
	}

	/**
	 * Publish events at a fixed rate for a while, each to the topic the spread assigns its
	 * sequence number, then wait for the answers for as long as given: requests the server
	 * has not answered by then are still queued, and go out with the next step's.
	 * @param step the step written in each event
	 * @param ratePerSecond events per second, over all topics
	 * @param duration how long to publish
	 * @param padding padding characters in each event's data
	 * @param spread the topics
	 * @param answerTimeout how long to wait for answers once every request is due
	 * @return what was published
	 * @throws IOException on a connection failure
	 */
	public PublishResult publishToTopics(int step, double ratePerSecond, Duration duration, int padding,
			TopicSpread spread, Duration answerTimeout) throws IOException {
		return publish(step, ratePerSecond, duration, padding, spread, NO_BATCH, answerTimeout);
	}

	/**
	 * Publish events at a fixed rate for a while, each to the topic the spread assigns its
	 * sequence number, in batches of consecutive events through the batch endpoint, each
	 * batch once its last event is due; then wait for the answers for as long as given.
	 * @param step the step written in each event
	 * @param ratePerSecond events per second, over all topics
	 * @param duration how long to publish
	 * @param padding padding characters in each event's data
	 * @param spread the topics
	 * @param batch the most events a request holds, from 1 to {@value #MAX_BATCH}
	 * @param answerTimeout how long to wait for answers once every request is due
	 * @return what was published, counted in events
	 * @throws IOException on a connection failure
	 */
	public PublishResult publishToTopicsInBatches(int step, double ratePerSecond, Duration duration, int padding,
			TopicSpread spread, int batch, Duration answerTimeout) throws IOException {
		if (batch < 1 || batch > MAX_BATCH) {
			throw new IllegalArgumentException("A batch holds 1 to " + MAX_BATCH + " events, not " + batch);
		}
		return publish(step, ratePerSecond, duration, padding, spread, batch, answerTimeout);
	}

	private PublishResult publish(int step, double ratePerSecond, Duration duration, int padding, TopicSpread spread,
			int batch, Duration answerTimeout) throws IOException {
		long fromSeq = this.nextSeq;
		long interval = (long) (TimeUnit.SECONDS.toNanos(1) / ratePerSecond);
		long toSeq = fromSeq + Math.max(1, (long) (ratePerSecond * duration.toNanos() / 1e9));
		long okBefore = ok();
		long failedBefore = failed();
		long start = System.nanoTime();
		long maxLag = 0;
		while (this.nextSeq < toSeq) {
			long seq = this.nextSeq;
			long end = Math.min(toSeq, requestEnd(seq, spread, batch));
			long now = System.nanoTime();
			long due = start + (end - 1 - fromSeq) * interval;
			if (due > now) {
				awaitDue(due - now);
				continue;
			}
			maxLag = Math.max(maxLag, now - due);
			StringBuilder events = new StringBuilder();
			for (long s = seq; s < end; s++) {
				String data = "\"" + TickPayload.format(step, s, start + (s - fromSeq) * interval, padding) + "\"";
				String topic = (spread != null) ? spread.name(spread.topicOfEvent(s)) : null;
				events.append((s > seq) ? "," : "").append(eventJson(TickPayload.EVENT, data, topic));
			}
			Connection connection = this.connections.get(connectionOf(seq, spread, batch));
			if (batch == NO_BATCH) {
				send(connection, events.toString(), NO_BATCH);
			}
			else {
				send(connection, "{\"events\":[" + events + "]}", (int) (end - seq));
			}
			this.nextSeq = end;
		}
		long publishedAt = System.nanoTime();
		long deadline = publishedAt + answerTimeout.toNanos();
		while (ok() + failed() - okBefore - failedBefore < toSeq - fromSeq && System.nanoTime() < deadline) {
			poll(5);
		}
		return new PublishResult(step, fromSeq, toSeq, start, publishedAt, System.nanoTime(), ok() - okBefore,
				failed() - failedBefore, maxLag);
	}

	/**
	 * Return the sequence number after the last event of the request that the given one
	 * belongs to: the next, or, in batches, the end of its block of topics in its round.
	 */
	private static long requestEnd(long seq, TopicSpread spread, int batch) {
		if (batch == NO_BATCH) {
			return seq + 1;
		}
		int topic = spread.topicOfEvent(seq);
		return seq - topic + Math.min(spread.topics(), (topic / batch + 1) * (long) batch);
	}

	/**
	 * Return the connection a request goes through: its sequence number's, or, in batches,
	 * its block of topics'.
	 */
	private int connectionOf(long seq, TopicSpread spread, int batch) {
		long lane = (batch == NO_BATCH) ? seq : spread.topicOfEvent(seq) / batch;
		return (int) (lane % this.connections.size());
	}

	/**
	 * Handle answers until the next event is due. A selector waits whole milliseconds, and
	 * spinning on it for the rest would take a CPU from the server at rates of thousands of
	 * events per second: the thread sleeps instead, and handles what arrived meanwhile.
	 */
	private void awaitDue(long nanos) throws IOException {
		long waitMillis = TimeUnit.NANOSECONDS.toMillis(nanos);
		if (waitMillis > 0) {
			poll(waitMillis);
		}
		else {
			LockSupport.parkNanos(nanos);
			poll(0);
		}
	}

	/**
	 * Return how many clients the server said it reached in its latest answer to a publish:
	 * for a batch, the count of its last event.
	 * @return the count, or -1 if it answered none with a count
	 */
	public int lastReachedClients() {
		Connection latest = null;
		for (Connection connection : this.connections) {
			if (connection.lastConnected >= 0
					&& (latest == null || connection.lastAnsweredAt - latest.lastAnsweredAt > 0)) {
				latest = connection;
			}
		}
		return (latest != null) ? latest.lastConnected : -1;
	}

	private long ok() {
		return this.connections.stream().mapToLong((c) -> c.ok).sum();
	}

	private long failed() {
		return this.connections.stream().mapToLong((c) -> c.failed).sum();
	}

	private static String eventJson(String event, String dataJson, String topic) {
		return "{\"event\":\"" + event + "\",\"data\":" + dataJson
				+ ((topic != null) ? ",\"topic\":\"" + topic + "\"" : "") + "}";
	}

	/**
	 * Send a request, or queue it behind the one in flight on its connection.
	 * @param batch how many events the request holds for the batch endpoint, or
	 * {@link #NO_BATCH} for one event to the broadcast endpoint
	 */
	private void send(Connection connection, String json, int batch) throws IOException {
		String path = (batch == NO_BATCH) ? this.path : this.path + "/batch";
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + this.server.getHostString() + ":"
				+ this.server.getPort() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
				+ "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] bytes = new byte[head.length + body.length];
		System.arraycopy(head, 0, bytes, 0, head.length);
		System.arraycopy(body, 0, bytes, head.length, body.length);
		connection.queue(new Request(bytes, batch));
		flush(connection);
	}

	private void flush(Connection connection) throws IOException {
		try {
			connection.flush();
		}
		catch (IOException ex) {
			// the server closed the connection after its last kept-alive request
			connection.reopen(this.server, this.selector);
		}
	}

	private void poll(long waitMillis) throws IOException {
		if (waitMillis <= 0) {
			this.selector.selectNow();
		}
		else {
			this.selector.select(waitMillis);
		}
		for (SelectionKey key : this.selector.selectedKeys()) {
			Connection connection = (Connection) key.attachment();
			if (key.isValid() && key.isWritable()) {
				flush(connection);
			}
			if (key.isValid() && key.isReadable() && !connection.read()) {
				// servers close kept-alive connections after so many requests (Tomcat: 100)
				connection.reopen(this.server, this.selector);
			}
		}
		this.selector.selectedKeys().clear();
	}

	@Override
	public void close() {
		for (Connection connection : this.connections) {
			try {
				connection.channel.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	/**
	 * What a publishing step did.
	 *
	 * @param step the step
	 * @param fromSeq first sequence number
	 * @param toSeq sequence number after the last
	 * @param startedAt when the first event was due, in load-generator nanoseconds
	 * @param endedAt when the last request was sent, or queued behind the one in flight on its
	 * connection
	 * @param answeredAt when the wait for answers ended: the last answer, or the timeout
	 * @param ok events answered with 200: one a request, or, in batches, as many as each answer
	 * says were published
	 * @param failed events answered otherwise
	 * @param maxLagNanos how late the publisher sent its most late request, after the due time
	 * of its last event
	 */
	public record PublishResult(int step, long fromSeq, long toSeq, long startedAt, long endedAt, long answeredAt,
			long ok, long failed, long maxLagNanos) {

		/**
		 * Return how many events were published.
		 * @return the count
		 */
		public long events() {
			return this.toSeq - this.fromSeq;
		}

		/**
		 * Return the rate the server answered publishes at: events answered as published over
		 * the time from the first event's due time to the last answer.
		 * @return publishes per second
		 */
		public double answeredPerSecond() {
			return this.ok / Math.max(1e-9, (this.answeredAt - this.startedAt) / 1e9);
		}

	}

	/**
	 * One kept-alive publishing connection, with one request in flight at a time: a server
	 * that closes a connection after a number of requests (Tomcat: 100) resets it when more
	 * requests have arrived, and the reset may discard answers to requests it did process,
	 * which would then be sent again and published twice. Requests wait in order; the one in
	 * flight is sent again on a new connection when the server closes this one before
	 * answering it.
	 */
	private static final class Connection implements HttpResponseParser.Listener {

		SocketChannel channel;

		SelectionKey key;

		private HttpResponseParser parser = new HttpResponseParser(this);

		private ByteBuffer pending = ByteBuffer.allocate(64 * 1024).flip();

		private final ArrayDeque<Request> unanswered = new ArrayDeque<>();

		private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);

		private final StringBuilder body = new StringBuilder();

		private int status;

		long ok;

		long failed;

		int reopened;

		int lastConnected = -1;

		long lastAnsweredAt;

		void open(InetSocketAddress server, Selector selector) throws IOException {
			this.channel = SocketChannel.open(server);
			this.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			this.channel.configureBlocking(false);
			this.key = this.channel.register(selector, SelectionKey.OP_READ, this);
			this.parser = new HttpResponseParser(this);
		}

		void reopen(InetSocketAddress server, Selector selector) throws IOException {
			if (++this.reopened > 10_000) {
				throw new IOException("publishing connection closed by the server too often");
			}
			this.key.cancel();
			this.channel.close();
			open(server, selector);
			this.pending.clear().flip();
			if (!this.unanswered.isEmpty()) {
				append(this.unanswered.peek().bytes());
			}
			flush(); // a fresh connection that fails at once is a real failure
		}

		boolean hasUnanswered() {
			return !this.unanswered.isEmpty();
		}

		void queue(Request request) {
			this.unanswered.add(request);
			if (this.unanswered.size() == 1) {
				append(request.bytes());
			}
		}

		private void append(byte[] request) {
			this.pending.compact();
			int needed = this.pending.position() + request.length;
			if (needed > this.pending.capacity()) {
				ByteBuffer bigger = ByteBuffer.allocate(needed * 2);
				this.pending.flip();
				bigger.put(this.pending);
				this.pending = bigger;
			}
			this.pending.put(request).flip();
		}

		void flush() throws IOException {
			this.channel.write(this.pending);
			if (this.pending.hasRemaining()) {
				this.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
			}
			else {
				this.pending.clear().flip();
				this.key.interestOps(SelectionKey.OP_READ);
			}
		}

		/**
		 * Read answers, and send the next request once the one in flight is answered.
		 * @return {@code false} if the server closed the connection
		 */
		boolean read() throws IOException {
			this.readBuffer.clear();
			int n;
			try {
				n = this.channel.read(this.readBuffer);
			}
			catch (IOException ex) {
				return false;
			}
			if (n < 0) {
				return false;
			}
			this.parser.feed(this.readBuffer.array(), 0, n);
			if (this.parser.failed()) {
				throw new IOException("bad response to a publish: " + this.parser.error());
			}
			if (this.pending.hasRemaining()) {
				try {
					flush();
				}
				catch (IOException ex) {
					return false;
				}
			}
			return true;
		}

		@Override
		public void onHeaders(int status, String contentType) {
			this.status = status;
			this.body.setLength(0);
		}

		@Override
		public void onBody(byte[] bytes, int offset, int length) {
			if (this.body.length() < 4096) {
				this.body.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
			}
		}

		@Override
		public void onComplete() {
			Request answered = this.unanswered.poll();
			if (!this.unanswered.isEmpty()) {
				append(this.unanswered.peek().bytes());
			}
			if (this.status != 200) {
				this.failed += answered.events();
				return;
			}
			long published = answered.published(this.body);
			this.ok += published;
			this.failed += answered.events() - published;
			Matcher matcher = CONNECTED.matcher(this.body);
			if (matcher.find()) {
				String last = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
				this.lastConnected = Integer.parseInt(last);
				this.lastAnsweredAt = System.nanoTime();
			}
		}

	}

	/**
	 * One request on the wire.
	 *
	 * @param bytes head and body
	 * @param batch how many events it holds for the batch endpoint, or {@link #NO_BATCH} for
	 * one event to the broadcast endpoint
	 */
	private record Request(byte[] bytes, int batch) {

		int events() {
			return (this.batch == NO_BATCH) ? 1 : this.batch;
		}

		/**
		 * Return how many of its events a successful answer says were published: the
		 * broadcast endpoint's one, or as many as a batch's answer says, none if it says
		 * nothing.
		 */
		long published(CharSequence answer) {
			if (this.batch == NO_BATCH) {
				return 1;
			}
			Matcher matcher = PUBLISHED.matcher(answer);
			return matcher.find() ? Math.min(this.batch, Long.parseLong(matcher.group(1))) : 0;
		}

	}

}
