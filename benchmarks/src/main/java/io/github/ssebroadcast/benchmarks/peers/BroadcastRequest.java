package io.github.ssebroadcast.benchmarks.peers;

import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/broadcast}, {@code {event, data, id?, retry?}}, as every peer
 * reads it: the event name defaults to {@code message}, text data is sent as is and other
 * data as compact JSON.
 *
 * @param event the event name
 * @param data the data text
 * @param id the event id, or {@code null}
 * @param retry the reconnect time in milliseconds, or {@code null}
 */
public record BroadcastRequest(String event, String data, String id, Long retry) {

	/**
	 * Read a request body.
	 * @param body the parsed JSON body
	 * @return the request
	 */
	public static BroadcastRequest of(JsonNode body) {
		String event = body.path("event").asString("message");
		JsonNode data = body.path("data");
		String text = data.isString() ? data.stringValue() : data.toString();
		String id = body.hasNonNull("id") ? body.get("id").asString() : null;
		Long retry = body.hasNonNull("retry") ? body.get("retry").asLong() : null;
		return new BroadcastRequest(event, text, id, retry);
	}

	/**
	 * Return the JSON answer, {@code {ok, event, connected}}.
	 * @param connected how many clients the event was sent or queued to
	 * @return the answer
	 */
	public String answer(int connected) {
		return "{\"ok\":true,\"event\":\"" + this.event + "\",\"connected\":" + connected + "}";
	}

}
