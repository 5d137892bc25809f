package io.github.ssebroadcast.web;

import io.github.ssebroadcast.event.SseEvent;
import org.jspecify.annotations.Nullable;

/**
 * Body of the JSON broadcast endpoint, as read and validated.
 *
 * @param event the event name, a plain token; {@code message} when absent
 * @param data the text to send: the decoded text when the request's {@code data} is a
 * JSON string, or else the value as compact JSON exactly as written (numbers keep their
 * digits, strings their escapes)
 * @param id the event id, at most {@value #MAX_ID_LENGTH} characters (an integer id keeps
 * its digits as written), or {@code null}
 * @param retry the reconnect time in milliseconds clients should use, or {@code null}
 * @param topic the topic whose subscribers receive the event, or {@code null} for every
 * client
 */
public record SseBroadcastRequest(String event, String data, @Nullable String id, @Nullable Long retry,
		@Nullable String topic) {

	/** Event name used when the request names none. */
	public static final String DEFAULT_EVENT = "message";

	/** Longest accepted event id, in characters. */
	public static final int MAX_ID_LENGTH = SseEvent.MAX_ID_LENGTH;

}
