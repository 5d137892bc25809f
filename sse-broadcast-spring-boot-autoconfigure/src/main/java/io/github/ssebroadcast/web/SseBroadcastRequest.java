package io.github.ssebroadcast.web;

import com.fasterxml.jackson.databind.JsonNode;

import org.jspecify.annotations.Nullable;

/**
 * Body of the JSON broadcast endpoint.
 *
 * @param event the event name, a plain token; {@code message} when absent
 * @param data the data: a string is sent as is, any other JSON value as compact JSON
 * @param id the event id, or {@code null}
 * @param retry the reconnect time in milliseconds clients should use, or {@code null}
 */
public record SseBroadcastRequest(String event, JsonNode data, @Nullable String id, @Nullable Long retry) {

	/** Event name used when the request names none. */
	public static final String DEFAULT_EVENT = "message";

}
