package io.github.ssebroadcast.event;

import java.nio.charset.StandardCharsets;

/**
 * One or more events already encoded to Server-Sent Events bytes, ready to be written
 * as they are to any number of clients.
 * <p>Frames only come from {@link SseEventEncoder}, so their bytes are always well framed.
 * The bytes are shared, never copied per client, and must not be modified.
 */
public final class SseFrame {

	private final byte[] bytes;

	private final boolean event;

	SseFrame(byte[] bytes, boolean event) {
		this.bytes = bytes;
		this.event = event;
	}

	/**
	 * Return the encoded bytes. Callers must not modify the array.
	 * @return the bytes of this frame
	 */
	public byte[] bytes() {
		return this.bytes;
	}

	/**
	 * Return the number of encoded bytes.
	 * @return the length of this frame
	 */
	public int length() {
		return this.bytes.length;
	}

	/**
	 * Return whether the frame carries an event that clients dispatch, one with a name or
	 * data, rather than only a comment, an id or a reconnect time.
	 * @return whether it is an event
	 */
	public boolean isEvent() {
		return this.event;
	}

	@Override
	public String toString() {
		return new String(this.bytes, StandardCharsets.UTF_8);
	}

}
