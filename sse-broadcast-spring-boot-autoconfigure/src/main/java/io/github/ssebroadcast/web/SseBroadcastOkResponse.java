package io.github.ssebroadcast.web;

/**
 * Answer of the JSON broadcast endpoint.
 *
 * @param ok always {@code true}; errors are problem responses
 * @param event the name of the event broadcast
 * @param connected how many clients the event was queued for
 */
public record SseBroadcastOkResponse(boolean ok, String event, int connected) {

}
