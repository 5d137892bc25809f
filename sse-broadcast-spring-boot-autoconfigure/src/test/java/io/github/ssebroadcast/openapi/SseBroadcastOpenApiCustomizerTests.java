package io.github.ssebroadcast.openapi;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.tags.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SseBroadcastOpenApiCustomizerTests {

	private final SseBroadcastOpenApiCustomizer customizer = new SseBroadcastOpenApiCustomizer("/sse/broadcast",
			"/api/broadcast");

	@Test
	void describesTheStreamAsEventStreamOfEvents() {
		OpenAPI openApi = customise(new OpenAPI());
		Operation get = openApi.getPaths().get("/sse/broadcast").getGet();
		assertThat(get.getOperationId()).isEqualTo("getSseBroadcast");
		assertThat(get.getTags()).containsExactly("SSE");
		assertThat(get.getSummary()).isEqualTo("Broadcast SSE stream");
		assertThat(get.getResponses()).containsOnlyKeys("200", "400", "503");
		MediaType stream = get.getResponses().get("200").getContent().get("text/event-stream");
		assertThat(stream.getSchema().getItems().get$ref()).isEqualTo("#/components/schemas/SseBroadcastEvent");
		assertThat((String) stream.getExamples().get("stream").getValue()).startsWith("retry: 2000\nevent: connected\n");
		assertThat(get.getResponses().get("503").getHeaders()).containsKey("Retry-After");
		assertThat(openApi.getComponents().getSchemas().get("SseBroadcastEvent").getProperties())
			.containsOnlyKeys("retry", "id", "event", "data");
	}

	@Test
	void describesTopicsResumingAndTheResetEvent() {
		OpenAPI openApi = new OpenAPI();
		new SseBroadcastOpenApiCustomizer("/sse/broadcast", "/api/broadcast", "history-lost", 5).customise(openApi);
		Operation get = openApi.getPaths().get("/sse/broadcast").getGet();
		assertThat(get.getParameters()).extracting("name", "in")
			.containsExactly(tuple("topic", "query"), tuple("lastEventId", "query"), tuple("Last-Event-ID", "header"));
		assertThat(get.getParameters().get(0).getSchema().getMaxItems()).isEqualTo(5);
		assertThat(get.getDescription()).contains("one `history-lost` event");
		Map<String, Example> examples = get.getResponses().get("200").getContent().get("text/event-stream").getExamples();
		assertThat((String) examples.get("reset").getValue()).contains("event: history-lost\n");
		assertThat((String) examples.get("resumed").getValue()).contains("\"replayed\":1");
		assertThat(get.getResponses().get("400").getContent().get("application/problem+json").getExamples())
			.extractingByKey("problem")
			.extracting((example) -> ((Map<?, ?>) example.getValue()).get("parameter"))
			.isEqualTo("topic");
		Schema<?> reset = openApi.getComponents().getSchemas().get("SseBroadcastReset");
		assertThat(reset.getProperties().get("reason").getEnum()).containsExactly("unknown", "expired",
				"too-far-behind");
		assertThat(openApi.getComponents().getSchemas().get("SseBroadcastRequest").getProperties()).containsKey("topic");
	}

	@Test
	void describesTheBroadcastEndpointWithItsProblems() {
		OpenAPI openApi = customise(new OpenAPI());
		Operation post = openApi.getPaths().get("/api/broadcast").getPost();
		assertThat(post.getOperationId()).isEqualTo("postSseBroadcast");
		assertThatJsonEndpointIsDescribed(post, "/api/broadcast", "SseBroadcastRequest", "SseBroadcastOkResponse");
		assertThat(problemExample(post, "400").get("field")).isEqualTo("event");
		assertThat(problemExample(post, "403").get("topic")).isEqualTo("orders");
		assertThat(openApi.getComponents().getSchemas().get("SseBroadcastProblem").getProperties()).containsKey("topic");
		assertThat(openApi.getComponents().getSchemas().get("SseBroadcastRequest").getRequired())
			.containsExactly("data");
	}

	@Test
	void describesTheBatchEndpointBelowTheBroadcastEndpoint() {
		OpenAPI openApi = customise(new OpenAPI());
		Operation post = openApi.getPaths().get("/api/broadcast/batch").getPost();
		assertThat(post.getOperationId()).isEqualTo("postSseBroadcastBatch");
		assertThat(post.getTags()).containsExactly("SSE");
		assertThat(post.getDescription()).contains("as `/api/broadcast` sends one", "At most 1000 events",
				"`events[2].topic`", "(`published`)");
		assertThatJsonEndpointIsDescribed(post, "/api/broadcast/batch", "SseBroadcastBatchRequest",
				"SseBroadcastBatchResponse");
		assertThat(problemExample(post, "400").get("field")).isEqualTo("events[1].topic");
		assertThat(problemExample(post, "503").get("published")).isEqualTo(2);
		assertThat(openApi.getComponents().getSchemas().get("SseBroadcastProblem").getProperties())
			.containsKey("published");
	}

	@Test
	void describesTheBatchAsAnArrayOfBroadcastRequests() {
		OpenAPI openApi = customise(new OpenAPI());
		Schema<?> batch = openApi.getComponents().getSchemas().get("SseBroadcastBatchRequest");
		assertThat(batch.getRequired()).containsExactly("events");
		assertThat(batch.getAdditionalProperties()).isEqualTo(false);
		Schema<?> events = batch.getProperties().get("events");
		assertThat(events.getItems().get$ref()).isEqualTo("#/components/schemas/SseBroadcastRequest");
		assertThat(events.getMinItems()).isEqualTo(1);
		assertThat(events.getMaxItems()).isEqualTo(1000);
		Schema<?> response = openApi.getComponents().getSchemas().get("SseBroadcastBatchResponse");
		assertThat(response.getProperties()).containsOnlyKeys("ok", "published", "connected");
		assertThat(response.getRequired()).containsExactlyInAnyOrder("ok", "published", "connected");
		assertThat(response.getProperties().get("connected").getItems().getType()).isEqualTo("integer");
	}

	@Test
	void describesTheConfiguredBatchLimit() {
		OpenAPI openApi = new OpenAPI();
		new SseBroadcastOpenApiCustomizer("/sse/broadcast", "/events/publish", "reset", 32, 50).customise(openApi);
		Operation post = openApi.getPaths().get("/events/publish/batch").getPost();
		assertThat(post.getDescription()).contains("as `/events/publish` sends one", "At most 50 events");
		Schema<?> batch = openApi.getComponents().getSchemas().get("SseBroadcastBatchRequest");
		assertThat(batch.getProperties().get("events").getMaxItems()).isEqualTo(50);
	}

	@Test
	void addsTheSseTagOnce() {
		OpenAPI openApi = new OpenAPI().addTagsItem(new Tag().name("SSE").description("Mine"));
		customise(openApi);
		customise(openApi);
		assertThat(openApi.getTags()).singleElement().satisfies((tag) -> {
			assertThat(tag.getName()).isEqualTo("SSE");
			assertThat(tag.getDescription()).isEqualTo("Mine");
		});
	}

	@Test
	void keepsOtherOperationsOfTheSamePaths() {
		Operation delete = new Operation().operationId("clearBroadcasts");
		OpenAPI openApi = new OpenAPI().paths(new Paths().addPathItem("/api/broadcast", new PathItem().delete(delete)));
		customise(openApi);
		PathItem pathItem = openApi.getPaths().get("/api/broadcast");
		assertThat(pathItem.getDelete()).isSameAs(delete);
		assertThat(pathItem.getPost().getOperationId()).isEqualTo("postSseBroadcast");
	}

	@Test
	void replacesAScannedOperationOfTheSameEndpoint() {
		OpenAPI openApi = new OpenAPI().paths(new Paths().addPathItem("/sse/broadcast",
				new PathItem().get(new Operation().operationId("subscribe"))));
		customise(openApi);
		assertThat(openApi.getPaths().get("/sse/broadcast").getGet().getOperationId()).isEqualTo("getSseBroadcast");
	}

	@Test
	void keepsOperationIdsUnique() {
		OpenAPI openApi = new OpenAPI().paths(new Paths().addPathItem("/other",
				new PathItem().get(new Operation().operationId("getSseBroadcast"))));
		customise(openApi);
		customise(openApi);
		assertThat(openApi.getPaths().get("/other").getGet().getOperationId()).isEqualTo("getSseBroadcast");
		assertThat(openApi.getPaths().get("/sse/broadcast").getGet().getOperationId()).isEqualTo("getSseBroadcast_1");
		assertThat(openApi.getPaths().get("/api/broadcast").getPost().getOperationId()).isEqualTo("postSseBroadcast");
		assertThat(openApi.getPaths().get("/api/broadcast/batch").getPost().getOperationId())
			.isEqualTo("postSseBroadcastBatch");
	}

	@Test
	void writesSchemaTypesAndExamplesInOpenApi30() throws Exception {
		OpenAPI openApi = customise(new OpenAPI());
		JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(openApi));
		JsonNode event = json.at("/components/schemas/SseBroadcastEvent");
		assertThat(event.at("/type").asText()).isEqualTo("object");
		assertThat(event.at("/properties/retry/type").asText()).isEqualTo("integer");
		assertThat(json.at("/components/schemas/SseBroadcastRequest/properties/id/oneOf/1/type").asText())
			.isEqualTo("integer");
		assertThat(json.at("/components/schemas/SseBroadcastRequest/example/data/text").asText()).isEqualTo("hello");
	}

	@Test
	void describesTheRequestAsStrictlyAsItIsRead() throws Exception {
		OpenAPI openApi = customise(new OpenAPI());
		JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(openApi));
		JsonNode request = json.at("/components/schemas/SseBroadcastRequest");
		assertThat(request.at("/additionalProperties").isBoolean()).isTrue();
		assertThat(request.at("/additionalProperties").booleanValue()).isFalse();
		assertThat(request.at("/properties/id/oneOf/0/maxLength").asInt()).isEqualTo(256);
	}

	@Test
	void writesSchemaTypesAndExamplesInOpenApi31() throws Exception {
		OpenAPI openApi = customise(new OpenAPI(SpecVersion.V31).openapi("3.1.0"));
		JsonNode json = Json31.mapper().readTree(Json31.mapper().writeValueAsString(openApi));
		JsonNode event = json.at("/components/schemas/SseBroadcastEvent");
		assertThat(event.at("/type").asText()).isEqualTo("object");
		assertThat(event.at("/properties/event/type").asText()).isEqualTo("string");
		assertThat(json.at("/paths/~1sse~1broadcast/get/responses/200/content/text~1event-stream/schema/type").asText())
			.isEqualTo("array");
		assertThat(json.at("/components/schemas/SseBroadcastOkResponse/example/connected").asInt()).isEqualTo(2);
		JsonNode events = json.at("/components/schemas/SseBroadcastBatchRequest/properties/events");
		assertThat(events.at("/type").asText()).isEqualTo("array");
		assertThat(events.at("/items/$ref").asText()).isEqualTo("#/components/schemas/SseBroadcastRequest");
		assertThat(events.at("/maxItems").asInt()).isEqualTo(1000);
		assertThat(json.at("/components/schemas/SseBroadcastBatchResponse/example/connected/2").asInt()).isEqualTo(5);
	}

	/**
	 * Assert what the JSON endpoints have alike: a required JSON body, a JSON answer, and
	 * the same problem responses, each with an example naming the endpoint.
	 */
	private static void assertThatJsonEndpointIsDescribed(Operation post, String path, String request, String ok) {
		assertThat(post.getRequestBody().getRequired()).isTrue();
		assertThat(post.getRequestBody().getContent().get("application/json").getSchema().get$ref())
			.isEqualTo("#/components/schemas/" + request);
		assertThat(post.getResponses()).containsOnlyKeys("200", "400", "403", "406", "408", "413", "415", "503");
		assertThat(post.getResponses().get("200").getContent().get("application/json").getSchema().get$ref())
			.isEqualTo("#/components/schemas/" + ok);
		for (String status : List.of("400", "403", "406", "408", "413", "415", "503")) {
			MediaType problem = post.getResponses().get(status).getContent().get("application/problem+json");
			assertThat(problem.getSchema().get$ref()).isEqualTo("#/components/schemas/SseBroadcastProblem");
			assertThat(problemExample(post, status).get("status")).isEqualTo(Integer.parseInt(status));
			assertThat(problemExample(post, status).get("instance")).isEqualTo(path);
		}
		assertThat(post.getResponses().get("503").getHeaders()).containsKey("Retry-After");
	}

	private static Map<?, ?> problemExample(Operation operation, String status) {
		return (Map<?, ?>) operation.getResponses()
			.get(status)
			.getContent()
			.get("application/problem+json")
			.getExamples()
			.get("problem")
			.getValue();
	}

	private OpenAPI customise(OpenAPI openApi) {
		this.customizer.customise(openApi);
		return openApi;
	}

}
