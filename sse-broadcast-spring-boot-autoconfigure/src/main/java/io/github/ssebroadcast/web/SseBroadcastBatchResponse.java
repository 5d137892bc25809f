package io.github.ssebroadcast.web;

import java.util.List;

/**
 * Answer of the JSON batch endpoint.
 *
 * @param ok always {@code true}; errors are problem responses
 * @param published how many events were sent: every event of the batch
 * @param connected for each event, in the batch's order, how many clients it was queued for
 */
public record SseBroadcastBatchResponse(boolean ok, int published, List<Integer> connected) {

}
