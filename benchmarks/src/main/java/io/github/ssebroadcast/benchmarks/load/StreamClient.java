package io.github.ssebroadcast.benchmarks.load;

import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One event stream held open by the load generator: its socket, its parsers and what it
 * received. Only its {@link IoLoop}'s thread touches it.
 * <p>A client may subscribe to one topic, and may reconnect: it then sends the id of the last
 * event it received, as {@code EventSource} does, and what it receives on the new connection
 * is held to the same account of sequence numbers as before, so that a replay that skips,
 * repeats or reorders an event shows as loss, duplicate or disorder.
 */
final class StreamClient implements HttpResponseParser.Listener, SseEventParser.Listener {

	/** Type of the event the starter sends first on every stream. */
	static final byte[] CONNECTED_EVENT = "connected".getBytes(StandardCharsets.US_ASCII);

	/** Type of the event the starter sends a client that cannot resume. */
	static final byte[] RESET_EVENT = "reset".getBytes(StandardCharsets.US_ASCII);

	private static final String REPLAYED_FIELD = "\"replayed\":";

	final IoLoop loop;

	/** The server the client connects to, and reconnects to when it resumes. */
	final InetSocketAddress server;

	final boolean stalled;

	final ClientDeliveries deliveries;

	/** Index of the client's topic, or -1 when it subscribes to no topic. */
	final int topicIndex;

	/** Name of the client's topic, or {@code null}. */
	final String topic;

	private HttpResponseParser http = new HttpResponseParser(this);

	private SseEventParser sse = new SseEventParser(this);

	private final long[] payload = new long[3];

	SocketChannel channel;

	SelectionKey key;

	long connectStartedAt;

	long connectedAt;

	long headersAt;

	int status;

	boolean connecting;

	boolean closed;

	String error;

	/** The {@code Last-Event-ID} the current connection sent, or {@code null}. */
	String resumedFrom;

	/** When the current connection's {@code connected} event arrived, or 0. */
	long connectedEventAt;

	/**
	 * How many missed events the current connection's {@code connected} event said follow,
	 * or -1 when it said none.
	 */
	int replayed = -1;

	/** Reset events received, over every connection. */
	long resets;

	/** When the watched range of {@link #deliveries} became complete, or 0. */
	long watchedCompleteAt;

	private long readAt;

	StreamClient(IoLoop loop, InetSocketAddress server, boolean stalled, int lanes, int topicIndex, String topic) {
		this.loop = loop;
		this.server = server;
		this.stalled = stalled;
		this.deliveries = new ClientDeliveries(lanes);
		this.topicIndex = topicIndex;
		this.topic = topic;
	}

	boolean isOpen() {
		return this.connectedAt != 0 && !this.closed;
	}

	/**
	 * Return the id of the last event received, over every connection.
	 * @return the id, empty if none
	 */
	String lastEventId() {
		String current = this.sse.lastEventId();
		return (!current.isEmpty() || this.resumedFrom == null) ? current : this.resumedFrom;
	}

	/**
	 * Forget the current connection, which must be closed, so that the client can connect
	 * again and resume after the last event it received.
	 */
	void prepareToResume() {
		String lastEventId = lastEventId();
		this.resumedFrom = lastEventId.isEmpty() ? null : lastEventId;
		this.http = new HttpResponseParser(this);
		this.sse = new SseEventParser(this);
		this.channel = null;
		this.key = null;
		this.connectStartedAt = 0;
		this.connectedAt = 0;
		this.headersAt = 0;
		this.status = 0;
		this.connecting = false;
		this.closed = false;
		this.error = null;
		this.connectedEventAt = 0;
		this.replayed = -1;
	}

	void onBytes(byte[] bytes, int offset, int length, long now) {
		this.readAt = now;
		this.http.feed(bytes, offset, length);
		if (this.http.failed() && this.error == null) {
			this.error = "HTTP: " + this.http.error();
		}
	}

	@Override
	public void onHeaders(int status, String contentType) {
		this.status = status;
		this.headersAt = this.readAt;
		if (status != 200 && this.error == null) {
			this.error = "HTTP status " + status;
		}
	}

	@Override
	public void onBody(byte[] bytes, int offset, int length) {
		if (this.status == 200) {
			this.sse.feed(bytes, offset, length);
		}
	}

	@Override
	public void onComplete() {
		// an event stream whose response ends is a disconnect, even when the server keeps the
		// connection open for another request
		this.closed = true;
	}

	@Override
	public void onEvent(SseEventParser parser) {
		if (parser.typeIs(TickPayload.EVENT_BYTES)) {
			onTick(parser);
		}
		else if (parser.typeIs(CONNECTED_EVENT)) {
			this.connectedEventAt = this.readAt;
			this.replayed = replayedCount(parser.data());
		}
		else if (parser.typeIs(RESET_EVENT)) {
			this.resets++;
		}
	}

	private void onTick(SseEventParser parser) {
		if (!TickPayload.parse(parser.dataBytes(), parser.dataLength(), this.payload)) {
			this.loop.malformed++;
			return;
		}
		int step = (int) this.payload[0];
		long seq = this.payload[1];
		boolean watchedComplete = this.deliveries.hasWatchedRange();
		if (this.deliveries.record(seq)) {
			this.loop.delivered(step, this.readAt - this.payload[2], this.readAt);
			if (!watchedComplete && this.deliveries.hasWatchedRange()) {
				this.watchedCompleteAt = this.readAt;
			}
		}
	}

	/**
	 * Return how many missed events the data of a {@code connected} event announces, as the
	 * starter writes it: {@code {"clientId":..., "replayed":N}}.
	 * @param data the event's data
	 * @return the number, or -1 when the data names none
	 */
	static int replayedCount(String data) {
		int at = data.indexOf(REPLAYED_FIELD);
		if (at < 0) {
			return -1;
		}
		int i = at + REPLAYED_FIELD.length();
		while (i < data.length() && data.charAt(i) == ' ') {
			i++;
		}
		int start = i;
		while (i < data.length() && i - start < 9 && Character.isDigit(data.charAt(i))) {
			i++;
		}
		return (i > start) ? Integer.parseInt(data, start, i, 10) : -1;
	}

	long events() {
		return this.sse.events();
	}

}
