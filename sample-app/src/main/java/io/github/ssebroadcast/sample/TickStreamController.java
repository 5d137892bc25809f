package io.github.ssebroadcast.sample;

import io.github.ssebroadcast.openapi.SseBroadcastOpenApiCustomizer;
import io.github.ssebroadcast.servlet.SseStream;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A per-connection stream, as opposed to the broadcast stream: each client gets its own
 * sequence of ticks, at its own pace, and the stream ends after the last one.
 * <p>A client that lost its connection resumes where it was: browsers send the id of the
 * last tick they received as {@code Last-Event-ID} when they reconnect, and a page that
 * closed its stream on purpose can pass it as {@code lastEventId}.
 */
@RestController
@Tag(name = SampleOpenApiConfiguration.TAG)
class TickStreamController {

	static final int MAX_COUNT = 1000;

	static final int MIN_INTERVAL_MS = 10;

	static final int MAX_INTERVAL_MS = 60_000;

	private static final String PROBLEM_SCHEMA_REF = "#/components/schemas/"
			+ SseBroadcastOpenApiCustomizer.PROBLEM_SCHEMA;

	private static final String EVENT_SCHEMA_REF = "#/components/schemas/" + SseBroadcastOpenApiCustomizer.EVENT_SCHEMA;

	private final TickStreams tickStreams;

	TickStreamController(TickStreams tickStreams) {
		this.tickStreams = tickStreams;
	}

	@GetMapping(path = "/sse", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(operationId = "getSseTicks", summary = "Per-connection SSE stream", description = """
			Opens a stream of its own for this client: a `connected` event (data `TicksConnected`), \
			then `count` `tick` events every `intervalMs` milliseconds, with ids 1 to `count` \
			(data `Tick`), then a `complete` event (data `TicksComplete`), and the stream ends.

			A client that reconnects with `Last-Event-ID` (or `lastEventId`) resumes after that \
			tick. No request thread waits between ticks.""")
	@ApiResponse(responseCode = "200", description = "The stream of ticks",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
					array = @ArraySchema(schema = @Schema(ref = EVENT_SCHEMA_REF)),
					examples = @ExampleObject(name = "stream", summary = "Two ticks",
							description = "`GET /sse?count=2`: the stream ends after `complete`", value = """
							retry: 2000
							event: connected
							data: {"message":"Sending 2 ticks every 1000 ms","serverTime":"2025-01-01T12:00:00Z","count":2,"intervalMs":1000}

							id: 1
							event: tick
							data: {"i":1,"total":2,"timestamp":"2025-01-01T12:00:01Z"}

							id: 2
							event: tick
							data: {"i":2,"total":2,"timestamp":"2025-01-01T12:00:02Z"}

							event: complete
							data: {"message":"Sent 2 ticks","total":2,"serverTime":"2025-01-01T12:00:02Z"}

							""")))
	@ApiResponse(responseCode = "204",
			description = "Every tick was already received (`Last-Event-ID` is `count` or more); "
					+ "browsers stop reconnecting",
			content = @Content)
	@ApiResponse(responseCode = "400", description = "A parameter is out of range or not a number; `field` names it",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(ref = PROBLEM_SCHEMA_REF), examples = @ExampleObject(name = "problem",
							summary = "Count out of range", description = "`GET /sse?count=0`", value = """
							{"type":"about:blank","title":"Bad Request","status":400,\
							"detail":"'count' must be between 1 and 1000","instance":"/sse","field":"count"}""")))
	ResponseEntity<SseStream> ticks(
			@Parameter(description = "Number of ticks",
					schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "1000",
							defaultValue = "30")) @RequestParam(
							defaultValue = "30") int count,
			@Parameter(description = "Interval between ticks, in milliseconds",
					schema = @Schema(type = "integer", format = "int32", minimum = "10", maximum = "60000",
							defaultValue = "1000")) @RequestParam(
							defaultValue = "1000") int intervalMs,
			@Parameter(description = "Last tick already received, for a client that cannot send "
					+ "`Last-Event-ID`; the header wins when both are present",
					schema = @Schema(type = "integer", minimum = "0")) @RequestParam(
							required = false) @Nullable String lastEventId,
			@Parameter(description = "Last tick already received, sent by browsers when they reconnect",
					schema = @Schema(type = "integer", minimum = "0")) @RequestHeader(name = "Last-Event-ID",
							required = false) @Nullable String lastEventIdHeader) {
		checkRange("count", count, 1, MAX_COUNT);
		checkRange("intervalMs", intervalMs, MIN_INTERVAL_MS, MAX_INTERVAL_MS);
		int lastTick = StringUtils.hasText(lastEventIdHeader) ? lastTick("Last-Event-ID", lastEventIdHeader)
				: StringUtils.hasText(lastEventId) ? lastTick("lastEventId", lastEventId) : 0;
		if (lastTick >= count) {
			return ResponseEntity.noContent().build();
		}
		return ResponseEntity.ok(this.tickStreams.open(count, intervalMs, lastTick));
	}

	private static void checkRange(String name, int value, int min, int max) {
		if (value < min || value > max) {
			throw new BadRequestException(name, "'" + name + "' must be between " + min + " and " + max);
		}
	}

	private static int lastTick(String name, String value) {
		try {
			int lastTick = Integer.parseInt(value.trim());
			if (lastTick >= 0) {
				return lastTick;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new BadRequestException(name, "'" + name + "' must be the id of a tick, a number from 0");
	}

}
