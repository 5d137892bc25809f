package io.github.ssebroadcast.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Validates the document the sample serves with swagger-parser, a real OpenAPI parser.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class OpenApiDocumentTests {

	@LocalServerPort
	private int port;

	private String document;

	@BeforeEach
	void fetchDocument() throws Exception {
		HttpResponse<String> response = new Http(this.port).get("/openapi/v3.1/openapi.json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith("application/json"));
		this.document = response.body();
	}

	@Test
	void isAValidOpenApi31Document() {
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		options.setValidateInternalRefs(true);
		SwaggerParseResult result = new OpenAPIV3Parser().readContents(this.document, null, options);
		assertThat(result.getMessages()).isEmpty();
		OpenAPI openApi = result.getOpenAPI();
		assertThat(openApi.getOpenapi()).isEqualTo("3.1.0");
		assertThat(openApi.getSpecVersion()).isEqualTo(SpecVersion.V31);
	}

	@Test
	void hasUniqueOperationIds() {
		List<String> ids = new ArrayList<>();
		parse().getPaths().values().forEach((pathItem) -> pathItem.readOperations()
			.forEach((operation) -> ids.add(operation.getOperationId())));
		assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
	}

	@Test
	void resolvesEveryReference() throws Exception {
		JsonNode root = Http.json(this.document);
		List<String> references = new ArrayList<>();
		collectReferences(root, references);
		assertThat(references).isNotEmpty().allSatisfy((reference) -> {
			assertThat(reference).startsWith("#/");
			assertThat(root.at(reference.substring(1)).isObject()).as("%s resolves", reference).isTrue();
		});
	}

	@Test
	void documentsTheStartersAndTheSamplesEndpoints() {
		Map<String, String> operations = new HashMap<>();
		parse().getPaths()
			.forEach((path, pathItem) -> pathItem.readOperationsMap()
				.forEach((method, operation) -> operations.put(method + " " + path, operation.getOperationId())));
		assertThat(operations).containsOnly(entry("GET /sse/broadcast", "getSseBroadcast"),
				entry("POST /api/broadcast", "postSseBroadcast"),
				entry("POST /api/broadcast/batch", "postSseBroadcastBatch"), entry("GET /sse", "getSseTicks"),
				entry("POST /api/broadcast/progress", "postSseBroadcastProgress"),
				entry("GET /api/clients", "getSseClientCount"), entry("GET /api/instance", "getSampleInstance"),
				entry("POST /api/notifications", "postUserNotification"), entry("GET /api/me", "getSignedInUser"));
	}

	@Test
	void describesStreamsAsEventStreamsOfEvents() {
		OpenAPI openApi = parse();
		assertThat(openApi.getTags()).extracting(Tag::getName).containsExactly("SSE", "Sample");
		assertThat(openApi.getPaths().get("/sse/broadcast").getGet().getTags()).containsExactly("SSE");
		assertThat(openApi.getPaths().get("/sse").getGet().getTags()).containsExactly("Sample");
		for (String path : List.of("/sse/broadcast", "/sse")) {
			Operation get = openApi.getPaths().get(path).getGet();
			var stream = get.getResponses().get("200").getContent().get("text/event-stream");
			assertThat(stream.getSchema().getItems().get$ref()).isEqualTo("#/components/schemas/SseBroadcastEvent");
			assertThat(stream.getExamples()).isNotEmpty();
		}
		assertThat(openApi.getComponents().getSchemas()).containsKeys("SseBroadcastEvent", "SseBroadcastRequest",
				"SseBroadcastOkResponse", "SseBroadcastBatchRequest", "SseBroadcastBatchResponse", "SseBroadcastProblem",
				"OperationProgressRequest", "OperationProgressEvent", "UserNotificationRequest", "UserNotification", "TicksConnected", "Tick", "TicksComplete");
		assertThat(openApi.getComponents().getSchemas().get("OperationProgressEvent").getProperties())
			.containsOnlyKeys("taskId", "progress", "status", "state", "ts");
	}

	@Test
	void describesProblemResponsesOfTheBroadcastEndpoints() {
		OpenAPI openApi = parse();
		PathItem broadcast = openApi.getPaths().get("/api/broadcast");
		assertThat(broadcast.getPost().getResponses()).containsOnlyKeys("200", "400", "403", "406", "408", "413",
				"415", "503");
		assertThat(openApi.getPaths().get("/api/broadcast/batch").getPost().getResponses())
			.containsOnlyKeys(broadcast.getPost().getResponses().keySet());
		assertThat(openApi.getPaths().get("/api/broadcast/progress").getPost().getResponses())
			.containsOnlyKeys("200", "400", "415");
		assertThat(openApi.getPaths().get("/sse").getGet().getResponses()).containsOnlyKeys("200", "204", "400");
		assertThat(openApi.getPaths().get("/api/notifications").getPost().getResponses())
			.containsOnlyKeys("200", "400", "401", "415");
	}

	@Test
	void tellsThatSendingANotificationNeedsASignedInSession() {
		OpenAPI openApi = parse();
		SecurityScheme session = openApi.getComponents().getSecuritySchemes().get("session");
		assertThat(session.getType()).isEqualTo(SecurityScheme.Type.APIKEY);
		assertThat(session.getIn()).isEqualTo(SecurityScheme.In.COOKIE);
		assertThat(session.getName()).isEqualTo("JSESSIONID");
		assertThat(openApi.getPaths().get("/api/notifications").getPost().getSecurity())
			.containsExactly(new SecurityRequirement().addList("session"));
		assertThat(openApi.getPaths().get("/api/me").getGet().getSecurity()).isNull();
	}

	private OpenAPI parse() {
		SwaggerParseResult result = new OpenAPIV3Parser().readContents(this.document, null, new ParseOptions());
		assertThat(result.getMessages()).isEmpty();
		return result.getOpenAPI();
	}

	private static void collectReferences(JsonNode node, List<String> references) {
		if (node.isObject() && node.path("$ref").isString()) {
			references.add(node.get("$ref").asString());
		}
		node.values().forEach((child) -> collectReferences(child, references));
	}

}
