package io.github.ssebroadcast.benchmarks.load;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One event stream held open by the load generator: its socket, its parsers and what it
 * received. Only its {@link IoLoop}'s thread touches it.
 */
final class StreamClient implements HttpResponseParser.Listener, SseEventParser.Listener {

	final IoLoop loop;

	final boolean stalled;

	final ClientDeliveries deliveries;

	private final HttpResponseParser http = new HttpResponseParser(this);

	private final SseEventParser sse = new SseEventParser(this);

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

	private long readAt;

	StreamClient(IoLoop loop, boolean stalled, int lanes) {
		this.loop = loop;
		this.stalled = stalled;
		this.deliveries = new ClientDeliveries(lanes);
	}

	boolean isOpen() {
		return this.connectedAt != 0 && !this.closed;
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
		if (!parser.typeIs(TickPayload.EVENT_BYTES)) {
			return;
		}
		if (!TickPayload.parse(parser.dataBytes(), parser.dataLength(), this.payload)) {
			this.loop.malformed++;
			return;
		}
		int step = (int) this.payload[0];
		long seq = this.payload[1];
		long duplicatesBefore = this.deliveries.duplicates();
		this.deliveries.record(seq);
		if (this.deliveries.duplicates() == duplicatesBefore) {
			this.loop.delivered(step, this.readAt - this.payload[2], this.readAt);
		}
	}

	long events() {
		return this.sse.events();
	}

}
