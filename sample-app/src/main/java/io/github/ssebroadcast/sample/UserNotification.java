package io.github.ssebroadcast.sample;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Data of the {@code notification} event sent to one user by
 * {@code POST /api/notifications}.
 *
 * @param from the name of the user who sent it
 * @param text the notification, for people
 * @param ts when the server sent the event
 */
@Schema(description = "Data of a `notification` event, sent to the streams of one user only")
record UserNotification(@Schema(description = "Name of the user who sent it", example = "alice") String from,
		@Schema(example = "Your export is ready") String text,
		@Schema(description = "When the server sent the event") Instant ts) {

}
