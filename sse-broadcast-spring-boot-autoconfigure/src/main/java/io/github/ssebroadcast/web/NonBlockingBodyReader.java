package io.github.ssebroadcast.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Consumer;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * Reads a request body as it arrives, with the Servlet API's non-blocking input, so that no
 * thread waits for a client that sends slowly; then hands over the body, or what is wrong
 * with it, once.
 */
final class NonBlockingBodyReader implements ReadListener {

	private final ServletInputStream input;

	private final SseBroadcastRequestReader reader;

	private final Consumer<byte[]> onBody;

	private final Consumer<SseBroadcastRequestException> onFailure;

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	private final byte[] buffer = new byte[8192];

	private boolean done;

	NonBlockingBodyReader(ServletInputStream input, SseBroadcastRequestReader reader, Consumer<byte[]> onBody,
			Consumer<SseBroadcastRequestException> onFailure) {
		this.input = input;
		this.reader = reader;
		this.onBody = onBody;
		this.onFailure = onFailure;
	}

	/**
	 * Start reading: the request must be in asynchronous mode.
	 */
	void start() {
		this.input.setReadListener(this);
	}

	@Override
	public void onDataAvailable() {
		try {
			while (!this.done && this.input.isReady()) {
				int read = this.input.read(this.buffer);
				if (read == -1) {
					return;
				}
				if (this.body.size() + read > this.reader.getMaxBodySize()) {
					fail(this.reader.tooLarge());
					return;
				}
				this.body.write(this.buffer, 0, read);
			}
		}
		catch (IOException ex) {
			// answered here, as a bad request, rather than left to the container's error handling
			fail(SseBroadcastRequestReader.unreadable(ex));
		}
	}

	@Override
	public void onAllDataRead() {
		// an empty body too: what it should have held is for the endpoint to say
		if (!this.done) {
			this.done = true;
			this.onBody.accept(this.body.toByteArray());
		}
	}

	@Override
	public void onError(Throwable ex) {
		fail(SseBroadcastRequestReader.unreadable(ex));
	}

	private void fail(SseBroadcastRequestException failure) {
		if (!this.done) {
			this.done = true;
			this.onFailure.accept(failure);
		}
	}

}
