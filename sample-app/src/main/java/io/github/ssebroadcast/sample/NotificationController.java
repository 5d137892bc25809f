package io.github.ssebroadcast.sample;

import java.security.Principal;
import java.time.Instant;

import io.github.ssebroadcast.broadcast.BroadcastResult;
import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.openapi.SseBroadcastOpenApiCustomizer;
import io.github.ssebroadcast.web.SseBroadcastOkResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sends a notification from the signed-in user to another one, or to themselves: it
 * reaches every broadcast stream that user opened, in any tab or browser, and no other
 * stream.
 */
@RestController
@Tag(name = SampleOpenApiConfiguration.TAG)
class NotificationController {

	static final String PATH = "/api/notifications";

	static final String EVENT_NAME = "notification";

	private static final String SCHEMAS = "#/components/schemas/";

	private final SseBroadcaster broadcaster;

	private final UserDetailsManager users;

	NotificationController(SseBroadcaster broadcaster, UserDetailsManager users) {
		this.broadcaster = broadcaster;
		this.users = users;
	}

	@PostMapping(PATH)
	@Operation(operationId = "postUserNotification", summary = "Send a notification to one user",
			description = """
					Sends a `notification` event to every broadcast stream opened by the user named \
					`to`, and to no other stream: its data is a `UserNotification`, with the signed-in \
					user in `from`. Needs a signed-in user: sign in at `/login` first.""",
			security = @SecurityRequirement(name = SampleOpenApiConfiguration.SESSION_SCHEME))
	@ApiResponse(responseCode = "200", description = "The event was sent",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(ref = SCHEMAS + SseBroadcastOpenApiCustomizer.OK_RESPONSE_SCHEMA),
					examples = @ExampleObject(name = "ok", summary = "Sent to one stream",
							description = "The user had one page connected", value = """
							{"ok":true,"event":"notification","connected":1}""")))
	@ApiResponse(responseCode = "400",
			description = "The body is not JSON, or a field is missing or invalid; `field` names it",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(ref = SCHEMAS + SseBroadcastOpenApiCustomizer.PROBLEM_SCHEMA),
					examples = @ExampleObject(name = "problem", summary = "No such user",
							description = "`to` was `carol`", value = """
							{"type":"about:blank","title":"Bad Request","status":400,\
							"detail":"'to' must be the name of a user","instance":"/api/notifications",\
							"field":"to"}""")))
	@ApiResponse(responseCode = "401", description = "Not signed in",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(ref = SCHEMAS + SseBroadcastOpenApiCustomizer.PROBLEM_SCHEMA)))
	@ApiResponse(responseCode = "415", description = "The body is not sent as `application/json`",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(ref = SCHEMAS + SseBroadcastOpenApiCustomizer.PROBLEM_SCHEMA)))
	SseBroadcastOkResponse send(@Valid @RequestBody UserNotificationRequest request, Principal principal) {
		if (!this.users.userExists(request.to())) {
			throw new BadRequestException("to", "'to' must be the name of a user");
		}
		UserNotification notification = new UserNotification(principal.getName(), request.text(), Instant.now());
		BroadcastResult result = this.broadcaster.sendToUser(request.to(), EVENT_NAME, notification);
		return new SseBroadcastOkResponse(true, EVENT_NAME, result.queued());
	}

}
