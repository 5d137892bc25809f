package io.github.ssebroadcast.sample;

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
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Broadcasts the progress of a task, as an application would from its own code.
 */
@RestController
@Tag(name = SampleOpenApiConfiguration.TAG)
class ProgressController {

	static final String EVENT_NAME = "progress";

	private static final String SCHEMAS = "#/components/schemas/";

	private final SseBroadcaster broadcaster;

	ProgressController(SseBroadcaster broadcaster) {
		this.broadcaster = broadcaster;
	}

	@PostMapping("/api/broadcast/progress")
	@Operation(operationId = "postSseBroadcastProgress", summary = "Broadcast the progress of a task",
			description = """
					Broadcasts a `progress` event to every client of the broadcast stream. Its data is \
					an `OperationProgressEvent`: the request's fields and `ts`, the server time.""")
	@ApiResponse(responseCode = "200", description = "The event was broadcast",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(ref = SCHEMAS + SseBroadcastOpenApiCustomizer.OK_RESPONSE_SCHEMA),
					examples = @ExampleObject(name = "ok", summary = "Broadcast to two clients",
							description = "Two clients were connected", value = """
							{"ok":true,"event":"progress","connected":2}""")))
	@ApiResponse(responseCode = "400",
			description = "The body is not JSON, or a field is missing or invalid; `field` names it",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(ref = SCHEMAS + SseBroadcastOpenApiCustomizer.PROBLEM_SCHEMA),
					examples = @ExampleObject(name = "problem", summary = "Progress out of range",
							description = "`progress` was 120", value = """
							{"type":"about:blank","title":"Bad Request","status":400,\
							"detail":"'progress' must be less than or equal to 100",\
							"instance":"/api/broadcast/progress","field":"progress"}""")))
	@ApiResponse(responseCode = "415", description = "The body is not sent as `application/json`",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(ref = SCHEMAS + SseBroadcastOpenApiCustomizer.PROBLEM_SCHEMA)))
	SseBroadcastOkResponse progress(@Valid @RequestBody OperationProgressRequest request) {
		OperationProgressEvent event = OperationProgressEvent.of(request, Instant.now());
		BroadcastResult result = this.broadcaster.broadcast(EVENT_NAME, event);
		return new SseBroadcastOkResponse(true, EVENT_NAME, result.queued());
	}

}
