package io.github.ssebroadcast.benchmarks.load;

import java.nio.charset.StandardCharsets;

/**
 * Incremental parser of the HTTP/1.1 responses on one connection, fed with whatever bytes
 * the socket returns: status line, headers, then a body framed by {@code Content-Length},
 * by {@code Transfer-Encoding: chunked} or by the end of the connection. Body bytes go to
 * the listener as they arrive, without copying; several responses may follow each other on
 * a kept-alive connection.
 */
public final class HttpResponseParser {

	/** Longest accepted status or header line. */
	static final int MAX_LINE = 8192;

	private enum State {

		STATUS_LINE, HEADERS, BODY_LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, BODY_UNTIL_CLOSE, FAILED

	}

	/**
	 * Receives what the parser finds.
	 */
	public interface Listener {

		/**
		 * A status line and all headers were read.
		 * @param status the status code
		 * @param contentType the {@code Content-Type} header, or {@code null}
		 */
		void onHeaders(int status, String contentType);

		/**
		 * Body bytes, already de-chunked. The array is only valid during the call.
		 * @param bytes the buffer
		 * @param offset where the body bytes start
		 * @param length how many there are
		 */
		void onBody(byte[] bytes, int offset, int length);

		/**
		 * A response with a length or chunked body is complete.
		 */
		void onComplete();

	}

	private final Listener listener;

	private final byte[] line = new byte[MAX_LINE];

	private int lineLength;

	private State state = State.STATUS_LINE;

	private int status;

	private String contentType;

	private long contentLength;

	private boolean chunked;

	private long remaining;

	private String error;

	public HttpResponseParser(Listener listener) {
		this.listener = listener;
	}

	/**
	 * Whether the input could not be parsed; see {@link #error()}.
	 * @return whether parsing failed
	 */
	public boolean failed() {
		return this.state == State.FAILED;
	}

	/**
	 * Return why parsing failed.
	 * @return the reason, or {@code null}
	 */
	public String error() {
		return this.error;
	}

	/**
	 * Parse the given bytes.
	 * @param bytes the buffer
	 * @param offset the first byte
	 * @param length how many bytes
	 */
	public void feed(byte[] bytes, int offset, int length) {
		int i = offset;
		int end = offset + length;
		while (i < end) {
			switch (this.state) {
				case STATUS_LINE, HEADERS, CHUNK_SIZE, CHUNK_DATA_END, TRAILERS -> {
					int lf = indexOf(bytes, i, end, (byte) '\n');
					int stop = (lf < 0) ? end : lf;
					if (this.lineLength + (stop - i) > MAX_LINE) {
						fail("line longer than " + MAX_LINE + " bytes");
						return;
					}
					System.arraycopy(bytes, i, this.line, this.lineLength, stop - i);
					this.lineLength += stop - i;
					if (lf < 0) {
						return;
					}
					i = lf + 1;
					int len = this.lineLength;
					if (len > 0 && this.line[len - 1] == '\r') {
						len--;
					}
					this.lineLength = 0;
					onLine(len);
				}
				case BODY_LENGTH, CHUNK_DATA -> {
					int n = (int) Math.min(this.remaining, end - i);
					this.listener.onBody(bytes, i, n);
					i += n;
					this.remaining -= n;
					if (this.remaining == 0) {
						if (this.state == State.CHUNK_DATA) {
							this.state = State.CHUNK_DATA_END;
						}
						else {
							complete();
						}
					}
				}
				case BODY_UNTIL_CLOSE -> {
					this.listener.onBody(bytes, i, end - i);
					return;
				}
				case FAILED -> {
					return;
				}
			}
		}
	}

	private void onLine(int length) {
		switch (this.state) {
			case STATUS_LINE -> {
				if (length == 0) {
					return; // tolerate a stray CRLF between responses
				}
				String text = new String(this.line, 0, length, StandardCharsets.ISO_8859_1);
				if (!text.startsWith("HTTP/1.") || text.length() < 12) {
					fail("bad status line: " + text);
					return;
				}
				try {
					this.status = Integer.parseInt(text.substring(9, 12));
				}
				catch (NumberFormatException ex) {
					fail("bad status line: " + text);
					return;
				}
				this.contentType = null;
				this.contentLength = -1;
				this.chunked = false;
				this.state = State.HEADERS;
			}
			case HEADERS -> {
				if (length == 0) {
					endOfHeaders();
					return;
				}
				String text = new String(this.line, 0, length, StandardCharsets.ISO_8859_1);
				int colon = text.indexOf(':');
				if (colon <= 0) {
					fail("bad header line: " + text);
					return;
				}
				String name = text.substring(0, colon).trim();
				String value = text.substring(colon + 1).trim();
				if (name.equalsIgnoreCase("Content-Length")) {
					try {
						this.contentLength = Long.parseLong(value);
					}
					catch (NumberFormatException ex) {
						fail("bad Content-Length: " + value);
					}
				}
				else if (name.equalsIgnoreCase("Transfer-Encoding")) {
					this.chunked = value.toLowerCase().contains("chunked");
				}
				else if (name.equalsIgnoreCase("Content-Type")) {
					this.contentType = value;
				}
			}
			case CHUNK_SIZE -> {
				long size = 0;
				int digits = 0;
				for (int k = 0; k < length; k++) {
					int d = Character.digit(this.line[k], 16);
					if (d < 0) {
						break; // chunk extensions follow
					}
					size = size * 16 + d;
					digits++;
				}
				if (digits == 0) {
					fail("bad chunk size line");
					return;
				}
				if (size == 0) {
					this.state = State.TRAILERS;
				}
				else {
					this.remaining = size;
					this.state = State.CHUNK_DATA;
				}
			}
			case CHUNK_DATA_END -> {
				if (length != 0) {
					fail("chunk data longer than its size");
					return;
				}
				this.state = State.CHUNK_SIZE;
			}
			case TRAILERS -> {
				if (length == 0) {
					complete();
				}
			}
			default -> throw new IllegalStateException(this.state.name());
		}
	}

	private void endOfHeaders() {
		this.listener.onHeaders(this.status, this.contentType);
		if (this.status == 204 || this.status == 304 || (this.status >= 100 && this.status < 200)) {
			complete();
		}
		else if (this.chunked) {
			this.state = State.CHUNK_SIZE;
		}
		else if (this.contentLength >= 0) {
			this.remaining = this.contentLength;
			this.state = State.BODY_LENGTH;
			if (this.remaining == 0) {
				complete();
			}
		}
		else {
			this.state = State.BODY_UNTIL_CLOSE;
		}
	}

	private void complete() {
		this.state = State.STATUS_LINE;
		this.listener.onComplete();
	}

	private void fail(String message) {
		this.error = message;
		this.state = State.FAILED;
	}

	static int indexOf(byte[] bytes, int from, int to, byte b) {
		for (int i = from; i < to; i++) {
			if (bytes[i] == b) {
				return i;
			}
		}
		return -1;
	}

}
