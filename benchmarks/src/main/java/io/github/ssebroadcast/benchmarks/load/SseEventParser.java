package io.github.ssebroadcast.benchmarks.load;

import java.util.Arrays;

/**
 * Incremental parser of a {@code text/event-stream} body, as the HTML specification reads
 * it: lines end with CRLF, LF or CR; a blank line dispatches the event; lines starting with
 * a colon are comments; one leading space after the field's colon is dropped; several
 * {@code data} lines are joined with LF. The parser keeps the event type and data as bytes
 * so that a busy load generator allocates nothing per event.
 */
public final class SseEventParser {

	/** Longest accepted line; a longer one is an error of the server under test. */
	static final int MAX_LINE = 64 * 1024;

	/**
	 * Receives each dispatched event.
	 */
	public interface Listener {

		/**
		 * An event was dispatched. The parser's accessors describe it during the call.
		 * @param parser the parser
		 */
		void onEvent(SseEventParser parser);

	}

	private static final byte[] DEFAULT_TYPE = { 'm', 'e', 's', 's', 'a', 'g', 'e' };

	private final Listener listener;

	private byte[] line = new byte[256];

	private int lineLength;

	private boolean skipLf;

	private byte[] type = new byte[64];

	private int typeLength;

	private byte[] data = new byte[256];

	private int dataLength;

	private boolean hasData;

	private String lastEventId = "";

	private long events;

	private long comments;

	public SseEventParser(Listener listener) {
		this.listener = listener;
	}

	/**
	 * Parse the given bytes of the stream.
	 * @param bytes the buffer
	 * @param offset the first byte
	 * @param length how many bytes
	 */
	public void feed(byte[] bytes, int offset, int length) {
		int end = offset + length;
		int i = offset;
		while (i < end) {
			if (this.skipLf) {
				this.skipLf = false;
				if (bytes[i] == '\n') {
					i++;
					continue;
				}
			}
			int start = i;
			while (i < end && bytes[i] != '\n' && bytes[i] != '\r') {
				i++;
			}
			append(bytes, start, i - start);
			if (i == end) {
				return;
			}
			this.skipLf = bytes[i] == '\r';
			i++;
			onLine();
			this.lineLength = 0;
		}
	}

	private void append(byte[] bytes, int offset, int length) {
		if (length == 0) {
			return;
		}
		int needed = this.lineLength + length;
		if (needed > this.line.length) {
			if (needed > MAX_LINE) {
				throw new IllegalStateException("SSE line longer than " + MAX_LINE + " bytes");
			}
			this.line = Arrays.copyOf(this.line, Math.max(needed, this.line.length * 2));
		}
		System.arraycopy(bytes, offset, this.line, this.lineLength, length);
		this.lineLength = needed;
	}

	private void onLine() {
		int length = this.lineLength;
		if (length == 0) {
			dispatch();
			return;
		}
		byte[] l = this.line;
		if (l[0] == ':') {
			this.comments++;
			return;
		}
		int colon = HttpResponseParser.indexOf(l, 0, length, (byte) ':');
		int nameEnd = (colon < 0) ? length : colon;
		int valueStart = (colon < 0) ? length : colon + 1;
		if (valueStart < length && l[valueStart] == ' ') {
			valueStart++;
		}
		int valueLength = length - valueStart;
		if (is(l, nameEnd, "data")) {
			if (this.hasData) {
				ensureData(this.dataLength + 1 + valueLength);
				this.data[this.dataLength++] = '\n';
			}
			else {
				ensureData(valueLength);
				this.hasData = true;
			}
			System.arraycopy(l, valueStart, this.data, this.dataLength, valueLength);
			this.dataLength += valueLength;
		}
		else if (is(l, nameEnd, "event")) {
			if (valueLength > this.type.length) {
				this.type = new byte[valueLength];
			}
			System.arraycopy(l, valueStart, this.type, 0, valueLength);
			this.typeLength = valueLength;
		}
		else if (is(l, nameEnd, "id")) {
			String id = new String(l, valueStart, valueLength, java.nio.charset.StandardCharsets.UTF_8);
			if (id.indexOf('\0') < 0) {
				this.lastEventId = id;
			}
		}
		// retry and unknown fields are ignored
	}

	private void ensureData(int needed) {
		if (needed > this.data.length) {
			this.data = Arrays.copyOf(this.data, Math.max(needed, this.data.length * 2));
		}
	}

	private static boolean is(byte[] line, int nameLength, String name) {
		if (nameLength != name.length()) {
			return false;
		}
		for (int i = 0; i < nameLength; i++) {
			if (line[i] != name.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private void dispatch() {
		if (this.hasData) {
			if (this.typeLength == 0) {
				System.arraycopy(DEFAULT_TYPE, 0, this.type, 0, DEFAULT_TYPE.length);
				this.typeLength = DEFAULT_TYPE.length;
			}
			this.events++;
			this.listener.onEvent(this);
		}
		this.hasData = false;
		this.dataLength = 0;
		this.typeLength = 0;
	}

	/**
	 * Whether the current event's type is the given one ({@code message} when the event
	 * has no {@code event} field).
	 * @param expected the type, as ASCII bytes
	 * @return whether it matches
	 */
	public boolean typeIs(byte[] expected) {
		return Arrays.equals(this.type, 0, this.typeLength, expected, 0, expected.length);
	}

	/**
	 * Return the current event's type.
	 * @return the type
	 */
	public String type() {
		return new String(this.type, 0, this.typeLength, java.nio.charset.StandardCharsets.UTF_8);
	}

	/**
	 * Return the buffer holding the current event's data; valid during the call only.
	 * @return the buffer, of which the first {@link #dataLength()} bytes are the data
	 */
	public byte[] dataBytes() {
		return this.data;
	}

	/**
	 * Return the length of the current event's data.
	 * @return the length in bytes
	 */
	public int dataLength() {
		return this.dataLength;
	}

	/**
	 * Return the current event's data as text.
	 * @return the data
	 */
	public String data() {
		return new String(this.data, 0, this.dataLength, java.nio.charset.StandardCharsets.UTF_8);
	}

	/**
	 * Return the last event id the stream set.
	 * @return the id, empty if none
	 */
	public String lastEventId() {
		return this.lastEventId;
	}

	/**
	 * Return how many events were dispatched.
	 * @return the count
	 */
	public long events() {
		return this.events;
	}

	/**
	 * Return how many comment lines were read.
	 * @return the count
	 */
	public long comments() {
		return this.comments;
	}

}
