package io.github.ssebroadcast.sample;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/notifications}.
 *
 * @param to the name of the user to notify
 * @param text the notification, for people
 */
@Schema(description = "A notification for one user")
record UserNotificationRequest(@Schema(description = "Name of the user to notify", example = "bob") @NotBlank String to,
		@Schema(description = "The notification, for people", example = "Your export is ready") @NotBlank @Size(
				max = UserNotificationRequest.MAX_TEXT_LENGTH) String text) {

	static final int MAX_TEXT_LENGTH = 500;

}
