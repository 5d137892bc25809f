package io.github.ssebroadcast.openapi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.broadcast.ResetReason;
import io.github.ssebroadcast.broadcast.SseAudience;
import io.github.ssebroadcast.event.SseEvent;
import io.github.ssebroadcast.web.SseBroadcastApiController;
import io.github.ssebroadcast.web.SseBroadcastController;
import io.github.ssebroadcast.web.SseBroadcastRequest;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

/**
 * Describes the broadcast event stream and the JSON broadcast endpoints in an OpenAPI
 * document: operations {@value #STREAM_OPERATION_ID}, {@value #BROADCAST_OPERATION_ID} and
 * {@value #BATCH_OPERATION_ID} under the {@value #TAG} tag, and the schemas
 * {@value #EVENT_SCHEMA}, {@value #RESET_SCHEMA}, {@value #REQUEST_SCHEMA},
 * {@value #OK_RESPONSE_SCHEMA}, {@value #BATCH_REQUEST_SCHEMA},
 * {@value #BATCH_RESPONSE_SCHEMA} and {@value #PROBLEM_SCHEMA}, with examples.
 * <p>Operations already present on other paths or methods are kept; an operation id that
 * another operation already uses gets a numeric suffix, so ids stay unique. The schemas
 * are valid in OpenAPI 3.0 and 3.1 documents.
 * <p>springdoc applies this customizer to its default document. To describe the endpoints
 * in a group as well, add this bean to the group with
 * {@code GroupedOpenApi.builder().addOpenApiCustomizer(customizer)}.
 */
public class SseBroadcastOpenApiCustomizer implements OpenApiCustomizer {

	/** Tag of the SSE operations. */
	public static final String TAG = "SSE";

	/** Operation id of the event stream. */
	public static final String STREAM_OPERATION_ID = "getSseBroadcast";

	/** Operation id of the JSON broadcast endpoint. */
	public static final String BROADCAST_OPERATION_ID = "postSseBroadcast";

	/** Operation id of the JSON batch endpoint, below the broadcast endpoint's path. */
	public static final String BATCH_OPERATION_ID = "postSseBroadcastBatch";

	/** Name of the schema of one event of the stream. */
	public static final String EVENT_SCHEMA = "SseBroadcastEvent";

	/** Name of the schema of the data of the reset event. */
	public static final String RESET_SCHEMA = "SseBroadcastReset";

	/** Name of the schema of the broadcast request body. */
	public static final String REQUEST_SCHEMA = "SseBroadcastRequest";

	/** Name of the schema of the broadcast response body. */
	public static final String OK_RESPONSE_SCHEMA = "SseBroadcastOkResponse";

	/** Name of the schema of the batch request body. */
	public static final String BATCH_REQUEST_SCHEMA = "SseBroadcastBatchRequest";

	/** Name of the schema of the batch response body. */
	public static final String BATCH_RESPONSE_SCHEMA = "SseBroadcastBatchResponse";

	/** Name of the schema of problem responses (RFC 9457). */
	public static final String PROBLEM_SCHEMA = "SseBroadcastProblem";

	private static final String EVENT_STREAM = "text/event-stream";

	private static final String JSON = "application/json";

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final String NAME_PATTERN = "^[A-Za-z0-9_.:-]{1," + SseEvent.MAX_NAME_LENGTH + "}$";

	private static final String TOPIC_PATTERN = "^[A-Za-z0-9_.:/-]{1," + SseAudience.MAX_TOPIC_LENGTH + "}$";

	private static final int DEFAULT_MAX_TOPICS_PER_CLIENT = 32;

	private static final String BATCH_PATH_SUFFIX = "/batch";

	private final String streamPath;

	@Nullable
	private final String apiPath;

	private final String resetEventName;

	private final int maxTopicsPerClient;

	private final int maxBatchEvents;

	/**
	 * Create a customizer for the default reset event name and limits.
	 * @param streamPath path of the event stream
	 * @param apiPath path of the JSON broadcast endpoint, or {@code null} if it is disabled
	 */
	public SseBroadcastOpenApiCustomizer(String streamPath, @Nullable String apiPath) {
		this(streamPath, apiPath, DefaultSseBroadcaster.DEFAULT_RESET_EVENT_NAME, DEFAULT_MAX_TOPICS_PER_CLIENT);
	}

	/**
	 * Create a customizer for the default batch limit.
	 * @param streamPath path of the event stream
	 * @param apiPath path of the JSON broadcast endpoint, or {@code null} if it is disabled
	 * @param resetEventName name of the event a client that cannot resume receives
	 * @param maxTopicsPerClient how many topics one client may subscribe to
	 */
	public SseBroadcastOpenApiCustomizer(String streamPath, @Nullable String apiPath, String resetEventName,
			int maxTopicsPerClient) {
		this(streamPath, apiPath, resetEventName, maxTopicsPerClient,
				SseBroadcastApiController.DEFAULT_MAX_BATCH_EVENTS);
	}

	/**
	 * Create a customizer.
	 * @param streamPath path of the event stream
	 * @param apiPath path of the JSON broadcast endpoint, or {@code null} if it is disabled;
	 * the batch endpoint is below it, at {@code apiPath + "/batch"}
	 * @param resetEventName name of the event a client that cannot resume receives
	 * @param maxTopicsPerClient how many topics one client may subscribe to
	 * @param maxBatchEvents how many events one batch may hold
	 */
	public SseBroadcastOpenApiCustomizer(String streamPath, @Nullable String apiPath, String resetEventName,
			int maxTopicsPerClient, int maxBatchEvents) {
		Assert.hasText(streamPath, "'streamPath' must not be empty");
		Assert.hasText(resetEventName, "'resetEventName' must not be empty");
		Assert.isTrue(maxBatchEvents > 0, "'maxBatchEvents' must be positive");
		this.streamPath = streamPath;
		this.apiPath = apiPath;
		this.resetEventName = resetEventName;
		this.maxTopicsPerClient = maxTopicsPerClient;
		this.maxBatchEvents = maxBatchEvents;
	}

	@Override
	public void customise(OpenAPI openApi) {
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		addSchemas(openApi.getComponents());
		addTag(openApi);
		if (openApi.getPaths() == null) {
			openApi.setPaths(new Paths());
		}
		putOperation(openApi, this.streamPath, PathItem.HttpMethod.GET, streamOperation());
		if (this.apiPath != null) {
			putOperation(openApi, this.apiPath, PathItem.HttpMethod.POST, broadcastOperation(this.apiPath));
			String batchPath = this.apiPath + BATCH_PATH_SUFFIX;
			putOperation(openApi, batchPath, PathItem.HttpMethod.POST, batchOperation(batchPath));
		}
	}

	private static void putOperation(OpenAPI openApi, String path, PathItem.HttpMethod method, Operation operation) {
		PathItem pathItem = openApi.getPaths().get(path);
		if (pathItem == null) {
			pathItem = new PathItem();
			openApi.getPaths().addPathItem(path, pathItem);
		}
		pathItem.operation(method, null);
		operation.setOperationId(uniqueOperationId(openApi, operation.getOperationId()));
		pathItem.operation(method, operation);
	}

	private static String uniqueOperationId(OpenAPI openApi, String operationId) {
		Set<String> taken = new HashSet<>();
		openApi.getPaths()
			.values()
			.forEach((pathItem) -> pathItem.readOperations().forEach((other) -> taken.add(other.getOperationId())));
		String id = operationId;
		for (int i = 1; taken.contains(id); i++) {
			id = operationId + "_" + i;
		}
		return id;
	}

	private static void addTag(OpenAPI openApi) {
		List<Tag> tags = (openApi.getTags() != null) ? openApi.getTags() : new ArrayList<>();
		if (tags.stream().noneMatch((tag) -> TAG.equals(tag.getName()))) {
			tags.add(new Tag().name(TAG)
				.description("Server-Sent Events: the broadcast stream, and the endpoints that broadcast to it"));
		}
		openApi.setTags(tags);
	}

	private Operation streamOperation() {
		return new Operation().operationId(STREAM_OPERATION_ID)
			.addTagsItem(TAG)
			.summary("Broadcast SSE stream")
			.description("""
					Opens a Server-Sent Events stream that receives the events broadcast to \
					everyone, the events published to the topics it names with `topic`, and, when \
					the request is authenticated, the events sent to its user, until the client \
					disconnects or the server shuts down.

					Each client first receives a `connected` event with its client id and the \
					server time, and a `retry:` reconnect time. Every event carries an `id`. A \
					client that reconnects with the id of the last event it received \
					(`Last-Event-ID`, as `EventSource` sends by itself, or `lastEventId`) gets \
					the events it missed, then live ones; its `connected` event says how many \
					(`replayed`). When they are no longer kept, it gets one `%1$s` event instead \
					(schema `%2$s`): reload the state, then go on with live events.

					Idle streams carry keep-alive comments (lines starting with `:`), which \
					clients ignore. A client that reads too slowly is disconnected (or loses its \
					oldest events, as configured) and reconnects by itself.

					Connect with `new EventSource(url)` in a browser or `curl -N`. Swagger UI's \
					*Try it out* waits for the response to end, which a stream never does."""
				.formatted(this.resetEventName, RESET_SCHEMA))
			.addParametersItem(new QueryParameter().name(SseBroadcastController.TOPIC_PARAMETER)
				.description("A topic to receive the events of, besides those broadcast to everyone; repeat the "
						+ "parameter for several, at most `sse.broadcast.topics.max-per-client`")
				.explode(true)
				.schema(new ArraySchema().items(new StringSchema().pattern(TOPIC_PATTERN))
					.maxItems(this.maxTopicsPerClient)
					.uniqueItems(true))
				.example(List.of("orders", "alerts")))
			.addParametersItem(new QueryParameter().name(SseBroadcastController.LAST_EVENT_ID_PARAMETER)
				.description("Id of the last event received, to resume after it; for a new `EventSource`, which "
						+ "cannot set `Last-Event-ID`. The header wins when both are sent")
				.schema(new StringSchema().maxLength(SseEvent.MAX_ID_LENGTH)))
			.addParametersItem(new HeaderParameter().name(SseBroadcastController.LAST_EVENT_ID_HEADER)
				.description("Id of the last event received, to resume after it; `EventSource` sends it when it "
						+ "reconnects")
				.schema(new StringSchema().maxLength(SseEvent.MAX_ID_LENGTH)))
			.responses(new ApiResponses()
				.addApiResponse("200", new ApiResponse().description("An endless stream of events")
					.addHeaderObject("Cache-Control",
							header("Always `no-cache, no-transform`, so that proxies neither cache nor compress"))
					.addHeaderObject("X-Accel-Buffering", header("Always `no`, so that nginx does not buffer"))
					.content(new Content().addMediaType(EVENT_STREAM, new MediaType()
						.schema(new ArraySchema().items(ref(EVENT_SCHEMA))
							.description("The stream: a sequence of events, each encoded as `text/event-stream` "
									+ "fields and ended by a blank line"))
						.addExamples("stream", new Example().summary("A client connects and receives a broadcast")
							.value("""
									retry: 2000
									event: connected
									data: {"clientId":"5f0c8e52a1b94c4f8a3be2f1d6c07a19","serverTime":"2025-01-01T12:00:00Z"}

									id: k3x9ab01-1
									event: message
									data: {"text":"hello"}

									: keep-alive 2025-01-01T12:00:15Z

									"""))
						.addExamples("resumed", new Example()
							.summary("A client resumes with Last-Event-ID: k3x9ab01-1 and gets what it missed")
							.value("""
									retry: 2000
									event: connected
									data: {"clientId":"9a1d3c...","serverTime":"2025-01-01T12:01:00Z","replayed":1}

									id: k3x9ab01-2
									event: message
									data: {"text":"missed"}

									"""))
						.addExamples("reset", new Example()
							.summary("A client resumes after an event that is no longer kept")
							.value("""
									retry: 2000
									event: connected
									data: {"clientId":"9a1d3c...","serverTime":"2025-01-01T12:30:00Z"}

									id: k3x9ab01-2041
									event: %s
									data: {"lastEventId":"k3x9ab01-1","reason":"expired"}

									""".formatted(this.resetEventName))))))
				.addApiResponse("400", problemResponse(400, "A `topic` is invalid, or there are too many; "
						+ "`parameter` names the parameter",
						"Topic 'a b' is invalid; a topic is 1 to " + SseAudience.MAX_TOPIC_LENGTH
								+ " letters, digits or '_', '.', ':', '/', '-'",
						this.streamPath, "parameter", SseBroadcastController.TOPIC_PARAMETER))
				.addApiResponse("503", problemResponse(503,
						"Too many clients are connected, or the server is shutting down; retry after `Retry-After` seconds",
						"The limit of 10000 connected clients is reached", this.streamPath)
					.addHeaderObject("Retry-After", retryAfter("Seconds to wait before reconnecting"))));
	}

	private Operation broadcastOperation(String path) {
		return new Operation().operationId(BROADCAST_OPERATION_ID)
			.addTagsItem(TAG)
			.summary("Broadcast an event to every connected client, or publish it to a topic")
			.description("""
					Sends one event to every client of the broadcast stream, or, with `topic`, to \
					the clients subscribed to that topic. The event gets an id, unless it has one, \
					and is kept for clients that resume. It is queued for each client and written \
					by that client's own writer, so the request never waits for a slow client. \
					Nothing is sent when the request is rejected.""")
			.requestBody(new RequestBody().required(true)
				.content(new Content().addMediaType(JSON, new MediaType().schema(ref(REQUEST_SCHEMA))
					.addExamples("message", new Example().summary("A message with JSON data")
						.value(map("event", "message", "data", map("text", "hello"))))
					.addExamples("text", new Example().summary("An event with text data, an id and a reconnect time")
						.value(map("event", "ping", "data", "ping", "id", "42", "retry", 5000)))
					.addExamples("topic", new Example().summary("An event for the subscribers of a topic")
						.value(map("event", "order", "data", map("id", 17, "status", "shipped"), "topic", "orders"))))))
			.responses(apiResponses(path, new ApiResponse().description("The event was broadcast")
				.content(new Content().addMediaType(JSON, new MediaType().schema(ref(OK_RESPONSE_SCHEMA))
					.addExamples("ok", new Example().value(map("ok", true, "event", "message", "connected", 2))))),
					problemResponse(400, "The body is not JSON, or a field is invalid; `field` names it",
							"'event' must be 1 to " + SseEvent.MAX_NAME_LENGTH
									+ " letters, digits or '_', '.', ':', '-' (no spaces, CR, LF or NUL)",
							path, "field", "event"),
					problemResponse(503, "The relay between instances could not reach Redis, and the event was "
							+ "not sent, or, after a timeout, may not have been; retry after `Retry-After` seconds",
							"The relay between instances could not reach Redis: Redis cannot be reached; the event "
									+ "was not sent; retry later",
							path)));
	}

	private Operation batchOperation(String path) {
		return new Operation().operationId(BATCH_OPERATION_ID)
			.addTagsItem(TAG)
			.summary("Broadcast several events in one request, in order")
			.description("""
					Sends every event of `events`, in their order, as `%1$s` sends one: to every \
					client, or, with `topic`, to that topic's subscribers. For publishers of many \
					events a second, for whom a request per event costs more than its delivery. \
					At most %2$d events (`sse.broadcast.api.max-batch-events`), within \
					`sse.broadcast.api.max-body-size`.

					The whole batch is read, validated and authorized before its first event is \
					sent: a fault anywhere in it sends nothing, and `field` names the event by its \
					place (`events[2].topic`). Only the relay between instances can stop a batch \
					part way: its `503` says how many events, the first ones, were sent \
					(`published`)."""
				.formatted(this.apiPath, this.maxBatchEvents))
			.requestBody(new RequestBody().required(true)
				.content(new Content().addMediaType(JSON, new MediaType().schema(ref(BATCH_REQUEST_SCHEMA))
					.addExamples("batch", new Example().summary("Prices for the subscribers of a topic, then a message")
						.value(batchExample())))))
			.responses(apiResponses(path, new ApiResponse().description("Every event of the batch was sent")
				.content(new Content().addMediaType(JSON, new MediaType().schema(ref(BATCH_RESPONSE_SCHEMA))
					.addExamples("ok", new Example().value(batchResponseExample())))),
					problemResponse(400, "The body is not a batch, or an event of it is invalid; `field` names "
							+ "it, with the event's place",
							"'events[1].topic' must be 1 to " + SseAudience.MAX_TOPIC_LENGTH
									+ " letters, digits or '_', '.', ':', '/', '-'",
							path, "field", "events[1].topic"),
					problemResponse(503, "The relay between instances could not reach Redis: the first `published` "
							+ "events of the batch were sent, the others not (after a timeout, the next one may "
							+ "have been); send the rest after `Retry-After` seconds",
							"The relay between instances could not reach Redis: Redis cannot be reached; the event "
									+ "was not sent; the first 2 events of the batch were sent, send the rest later",
							path, "published", 2)));
	}

	/**
	 * Describe the answers of a JSON endpoint: its own {@code 200}, {@code 400} and
	 * {@code 503}, and the problems both endpoints give alike.
	 */
	private static ApiResponses apiResponses(String path, ApiResponse ok, ApiResponse badRequest,
			ApiResponse relayUnavailable) {
		return new ApiResponses().addApiResponse("200", ok)
			.addApiResponse("400", badRequest)
			.addApiResponse("403", problemResponse(403,
					"The application's `SseBroadcastAuthorizer` does not let the caller publish to a topic, or "
							+ "to every client; `topic` names the topic. Nothing is sent",
					"Not allowed to publish to topic 'orders'", path, "topic", "orders"))
			.addApiResponse("406", problemResponse(406,
					"`Accept` does not take `application/json`; checked before anything is sent",
					"Accept 'text/plain' does not take the answer, which is 'application/json'; accept it, or send "
							+ "no Accept",
					path))
			.addApiResponse("408", problemResponse(408,
					"The body did not arrive within `sse.broadcast.api.read-timeout`",
					"Request body did not arrive within 10000 ms; send it at once", path))
			.addApiResponse("413", problemResponse(413,
					"The body is larger than `sse.broadcast.api.max-body-size`",
					"Request body is larger than the limit of 1048576 bytes", path))
			.addApiResponse("415", problemResponse(415,
					"The body is not sent as `application/json`",
					"Content-Type 'text/plain' is not supported; send 'application/json'", path))
			.addApiResponse("503", relayUnavailable.addHeaderObject("Retry-After",
					retryAfter("Seconds to wait before sending again")));
	}

	/**
	 * Describe a problem response.
	 * @param properties names and values of the problem's own properties, such as the one
	 * naming what is at fault, if any
	 */
	private static ApiResponse problemResponse(int status, String description, String detail, String instance,
			Object... properties) {
		Map<String, Object> example = map("type", "about:blank", "title", HttpStatus.valueOf(status).getReasonPhrase(),
				"status", status, "detail", detail, "instance", instance);
		for (int i = 0; i < properties.length; i += 2) {
			example.put((String) properties[i], properties[i + 1]);
		}
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(ref(PROBLEM_SCHEMA)).addExamples("problem", new Example().value(example))));
	}

	private static Header header(String description) {
		return new Header().description(description).schema(new StringSchema());
	}

	private static Header retryAfter(String description) {
		return new Header().description(description).schema(new IntegerSchema().minimum(BigDecimal.ONE).example(2));
	}

	private void addSchemas(Components components) {
		components.addSchemas(EVENT_SCHEMA, eventSchema());
		components.addSchemas(RESET_SCHEMA, resetSchema(this.resetEventName));
		components.addSchemas(REQUEST_SCHEMA, requestSchema());
		components.addSchemas(OK_RESPONSE_SCHEMA, okResponseSchema());
		components.addSchemas(BATCH_REQUEST_SCHEMA, batchRequestSchema(this.maxBatchEvents));
		components.addSchemas(BATCH_RESPONSE_SCHEMA, batchResponseSchema());
		components.addSchemas(PROBLEM_SCHEMA, problemSchema());
	}

	private static Schema<?> eventSchema() {
		return withExample(new ObjectSchema().description("""
				One event of the stream, as the fields of its `text/event-stream` frame. \
				Fields are written in the order `retry`, `id`, `event`, `data`; absent fields \
				are omitted.""")
			.addProperty("retry", new IntegerSchema().format("int64")
				.minimum(BigDecimal.ZERO)
				.description("Reconnect time in milliseconds the client uses from now on")
				.example(2000))
			.addProperty("id", new StringSchema().maxLength(SseEvent.MAX_ID_LENGTH)
				.description("Event id, on every event but `connected`; a browser sends the last one back as "
						+ "`Last-Event-ID` when it reconnects, to resume after it")
				.example("k3x9ab01-42"))
			.addProperty("event", new StringSchema().pattern(NAME_PATTERN)
				.description("Event name, to listen to with `addEventListener(name, ...)`; "
						+ "an event without a name is a `message` event")
				.example("message"))
			.addProperty("data", new StringSchema()
				.description("Event data, one `data:` line per line; compact JSON unless the publisher sent text")
				.example("{\"text\":\"hello\"}")), map("event", "message", "data", "{\"text\":\"hello\"}"));
	}

	private static Schema<?> resetSchema(String resetEventName) {
		List<String> reasons = new ArrayList<>();
		for (ResetReason reason : ResetReason.values()) {
			reasons.add(reason.value());
		}
		return withExample(new ObjectSchema().description("""
				Data of the `%s` event, which a client that resumes gets instead of the events \
				it missed when they are no longer kept. Nothing is replayed: reload the state \
				the events build, then go on with the live events that follow.""".formatted(resetEventName))
			.addProperty("lastEventId", new StringSchema().description("The id the client resumed from"))
			.addProperty("reason", new StringSchema()._enum(reasons)
				.description("`unknown`: the id was never in the history (from before a restart, another "
						+ "instance, or made up); `expired`: it was trimmed by `sse.broadcast.replay.max-events` "
						+ "or `max-age`; `too-far-behind`: the client missed more than its queue holds"))
			.addRequiredItem("lastEventId")
			.addRequiredItem("reason"), map("lastEventId", "k3x9ab01-1", "reason", "expired"));
	}

	private static Schema<?> requestSchema() {
		return withExample(new ObjectSchema().description("An event to broadcast")
			.addProperty("event", new StringSchema().pattern(NAME_PATTERN)
				.maxLength(SseEvent.MAX_NAME_LENGTH)
				._default("message")
				.description("Event name: letters, digits or `_ . : -`"))
			.addProperty("data", new Schema<>()
				.description("Event data: a string is sent as is, any other JSON value as compact JSON exactly "
						+ "as written (numbers keep their digits)"))
			.addProperty("id", new Schema<>()
				.addOneOfItem(new StringSchema().maxLength(SseBroadcastRequest.MAX_ID_LENGTH))
				.addOneOfItem(new IntegerSchema().format("int64"))
				.description("Event id, a string or an integer, without CR, LF or NUL"))
			.addProperty("retry", new IntegerSchema().format("int64")
				.minimum(BigDecimal.ZERO)
				.description("Reconnect time in milliseconds clients should use from this event on"))
			.addProperty("topic", new StringSchema().pattern(TOPIC_PATTERN)
				.maxLength(SseAudience.MAX_TOPIC_LENGTH)
				.description("Topic whose subscribers receive the event; without it, every client does"))
			.addRequiredItem("data")
			.additionalProperties(false), map("event", "message", "data", map("text", "hello")));
	}

	private static Schema<?> okResponseSchema() {
		return withExample(new ObjectSchema().description("What was broadcast, and to how many clients")
			.addProperty("ok", new BooleanSchema().description("Always true; errors are problem responses"))
			.addProperty("event", new StringSchema().description("Name of the event broadcast"))
			.addProperty("connected", new IntegerSchema().minimum(BigDecimal.ZERO)
				.description("Number of clients the event was queued for"))
			.addRequiredItem("ok")
			.addRequiredItem("event")
			.addRequiredItem("connected"), map("ok", true, "event", "message", "connected", 2));
	}

	private static Schema<?> batchRequestSchema(int maxBatchEvents) {
		return withExample(new ObjectSchema().description("Events to broadcast in one request, in order")
			.addProperty("events", new ArraySchema().items(ref(REQUEST_SCHEMA))
				.minItems(1)
				.maxItems(maxBatchEvents)
				.description("The events, each as the broadcast endpoint takes one, sent in this order"))
			.addRequiredItem("events")
			.additionalProperties(false), batchExample());
	}

	private static Map<String, Object> batchExample() {
		return map("events", List.of(
				map("event", "price", "data", map("symbol", "ACME", "price", 12.5), "topic", "prices"),
				map("event", "price", "data", map("symbol", "INIT", "price", 3.25), "topic", "prices"),
				map("event", "message", "data", map("text", "market closed"))));
	}

	private static Schema<?> batchResponseSchema() {
		return withExample(new ObjectSchema().description("How many events were sent, and to how many clients each")
			.addProperty("ok", new BooleanSchema().description("Always true; errors are problem responses"))
			.addProperty("published", new IntegerSchema().minimum(BigDecimal.ONE)
				.description("Number of events sent: every event of the batch"))
			.addProperty("connected", new ArraySchema().items(new IntegerSchema().minimum(BigDecimal.ZERO))
				.description("For each event, in the batch's order, the number of clients it was queued for"))
			.addRequiredItem("ok")
			.addRequiredItem("published")
			.addRequiredItem("connected"), batchResponseExample());
	}

	private static Map<String, Object> batchResponseExample() {
		return map("ok", true, "published", 3, "connected", List.of(2, 2, 5));
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("An error, as an RFC 9457 problem")
			.addProperty("type", new StringSchema().format("uri-reference")
				._default("about:blank")
				.description("URI of the problem type"))
			.addProperty("title", new StringSchema().description("Short summary of the problem type"))
			.addProperty("status", new IntegerSchema().description("HTTP status code"))
			.addProperty("detail", new StringSchema().description("What is wrong, for a human reader"))
			.addProperty("instance", new StringSchema().format("uri-reference")
				.description("Path of the request that failed"))
			.addProperty("field", new StringSchema().description("Request field at fault, when there is one"))
			.addProperty("topic", new StringSchema()
				.description("Topic the caller may not subscribe or publish to, when a 403 is about one"))
			.addProperty("published", new IntegerSchema().minimum(BigDecimal.ZERO)
				.description("How many events of a batch were sent, the first ones, when the relay failed part way"))
			.addProperty("parameter", new StringSchema().description("Request parameter at fault, when there is one"))
			.addRequiredItem("status")
			.addRequiredItem("detail");
	}

	/**
	 * Set an example, as an object: {@code ObjectSchema.example(Object)} would write it as a
	 * string.
	 */
	private static Schema<?> withExample(Schema<?> schema, Map<String, Object> example) {
		schema.setExample(example);
		return schema;
	}

	private static Schema<?> ref(String schemaName) {
		return new Schema<>().$ref(schemaName);
	}

	private static Map<String, Object> map(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

}
