package io.github.ssebroadcast.broadcast;

/**
 * What a broadcast did.
 *
 * @param queued how many clients the event was queued for
 * @param overflowed how many clients had a full queue, so that the overflow policy applied
 */
public record BroadcastResult(int queued, int overflowed) {

}
