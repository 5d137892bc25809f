package io.github.ssebroadcast.openapi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssebroadcast.test.TestBootLine;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fetches the document springdoc serves from a real server, as a client would.
 */
class SseBroadcastOpenApiIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient httpClient = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final ObjectMapper objectMapper = new ObjectMapper();

	@Test
	void documentsEndpointsNextToTheApplicationsOwn() throws Exception {
		JsonNode document = fetchDocument();
		assertThat(document.at("/paths/~1sse~1broadcast/get/operationId").asText()).isEqualTo("getSseBroadcast");
		assertThat(document.at("/paths/~1sse~1broadcast/get/tags/0").asText()).isEqualTo("SSE");
		assertThat(document.at("/paths/~1sse~1broadcast/get/responses/200/content").has("text/event-stream")).isTrue();
		assertThat(document.at("/paths/~1api~1broadcast/post/operationId").asText()).isEqualTo("postSseBroadcast");
		assertThat(fieldNames(document.at("/paths/~1api~1broadcast/post/responses")))
			.containsExactlyInAnyOrder("200", "400", "403", "406", "408", "413", "415", "503");
		assertThat(document.at("/paths/~1api~1broadcast~1batch/post/operationId").asText())
			.isEqualTo("postSseBroadcastBatch");
		assertThat(fieldNames(document.at("/paths/~1api~1broadcast~1batch/post/responses")))
			.containsExactlyInAnyOrder("200", "400", "403", "406", "408", "413", "415", "503");
		assertThat(document.at("/paths/~1greeting/get").isObject()).isTrue();
		assertThat(fieldNames(document.at("/paths/~1sse~1broadcast"))).containsExactly("get");
		assertThat(fieldNames(document.at("/paths/~1api~1broadcast"))).containsExactly("post");
		assertThat(fieldNames(document.at("/paths/~1api~1broadcast~1batch"))).containsExactly("post");
		assertThat(fieldNames(document.at("/components/schemas"))).containsExactlyInAnyOrder("SseBroadcastEvent",
				"SseBroadcastReset", "SseBroadcastRequest", "SseBroadcastOkResponse", "SseBroadcastBatchRequest",
				"SseBroadcastBatchResponse", "SseBroadcastProblem");
		JsonNode events = document.at("/components/schemas/SseBroadcastBatchRequest/properties/events");
		assertThat(events.at("/items/$ref").asText()).isEqualTo("#/components/schemas/SseBroadcastRequest");
		assertThat(events.at("/minItems").asInt()).isEqualTo(1);
		assertThat(events.at("/maxItems").asInt()).isEqualTo(1000);
		assertThat(document.at("/paths/~1sse~1broadcast/get/parameters").findValuesAsText("name"))
			.containsExactly("topic", "lastEventId", "Last-Event-ID");
		assertThat(document.at("/paths/~1sse~1broadcast/get/parameters/2/in").asText()).isEqualTo("header");
		assertThat(document.at("/components/schemas/SseBroadcastRequest/properties/topic/maxLength").asInt())
			.isEqualTo(128);
		assertThatEveryReferenceResolves(document);
		assertThatOperationIdsAreUnique(document);
	}

	@Test
	void documentsEndpointsWhenPackagesToScanLeaveTheStarterOut() throws Exception {
		JsonNode document = fetchDocument("springdoc.packages-to-scan=com.example.unrelated");
		assertThat(document.at("/paths/~1greeting").isMissingNode()).isTrue();
		assertThat(document.at("/paths/~1sse~1broadcast/get/operationId").asText()).isEqualTo("getSseBroadcast");
		assertThat(document.at("/paths/~1api~1broadcast/post/operationId").asText()).isEqualTo("postSseBroadcast");
		assertThatEveryReferenceResolves(document);
	}

	@Test
	void documentsEndpointsWhenPackagesToScanSelectTheApplication() throws Exception {
		JsonNode document = fetchDocument("springdoc.packages-to-scan=" + getClass().getPackageName());
		assertThat(document.at("/paths/~1greeting/get").isObject()).isTrue();
		assertThat(document.at("/paths/~1sse~1broadcast/get/operationId").asText()).isEqualTo("getSseBroadcast");
		assertThat(document.at("/paths/~1api~1broadcast/post/operationId").asText()).isEqualTo("postSseBroadcast");
	}

	@Test
	void documentsEndpointsAtConfiguredPaths() throws Exception {
		JsonNode document = fetchDocument("sse.broadcast.path=/events", "sse.broadcast.api.path=/events/publish",
				"sse.broadcast.api.max-batch-events=50");
		assertThat(document.at("/paths/~1events/get/operationId").asText()).isEqualTo("getSseBroadcast");
		assertThat(document.at("/paths/~1events~1publish/post/operationId").asText()).isEqualTo("postSseBroadcast");
		assertThat(document.at("/paths/~1events~1publish~1batch/post/operationId").asText())
			.isEqualTo("postSseBroadcastBatch");
		assertThat(document.at("/components/schemas/SseBroadcastBatchRequest/properties/events/maxItems").asInt())
			.isEqualTo(50);
		assertThat(document.at("/paths/~1events~1publish/post/responses/400/content/application~1problem+json"
				+ "/examples/problem/value/instance")
			.asText()).isEqualTo("/events/publish");
		assertThat(document.at("/paths/~1sse~1broadcast").isMissingNode()).isTrue();
		assertThat(document.at("/paths/~1api~1broadcast").isMissingNode()).isTrue();
		assertThat(document.at("/paths/~1api~1broadcast~1batch").isMissingNode()).isTrue();
	}

	@Test
	void leavesEndpointsOutWhenDisabled() throws Exception {
		JsonNode document = fetchDocument("sse.broadcast.openapi.enabled=false");
		assertThat(document.at("/paths/~1greeting/get").isObject()).isTrue();
		assertThat(document.at("/paths/~1sse~1broadcast").isMissingNode()).isTrue();
		assertThat(document.at("/paths/~1api~1broadcast").isMissingNode()).isTrue();
	}

	@Test
	void documentsEndpointsInOpenApi31() throws Exception {
		JsonNode document = fetchDocument("springdoc.api-docs.version=openapi_3_1");
		assertThat(document.at("/openapi").asText()).isEqualTo("3.1.0");
		assertThat(document.at("/components/schemas/SseBroadcastEvent/type").asText()).isEqualTo("object");
		assertThat(document.at("/paths/~1sse~1broadcast/get/operationId").asText()).isEqualTo("getSseBroadcast");
		assertThat(document.at("/components/schemas/SseBroadcastBatchRequest/properties/events/type").asText())
			.isEqualTo("array");
		assertThatEveryReferenceResolves(document);
	}

	private JsonNode fetchDocument(String... properties) throws IOException, InterruptedException {
		String[] all = Stream.concat(Stream.of("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off"), Stream.of(properties))
			.toArray(String[]::new);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class, TestBootLine.DefaultTomcat.class)
			.properties(all)
			.run()) {
			int port = TestBootLine.webServer(context).getPort();
			HttpResponse<String> response = this.httpClient.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).timeout(TIMEOUT).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			return this.objectMapper.readTree(response.body());
		}
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

	private static void assertThatEveryReferenceResolves(JsonNode document) {
		List<String> references = new ArrayList<>();
		collectReferences(document, references);
		assertThat(references).isNotEmpty();
		assertThat(references).allSatisfy((reference) -> {
			assertThat(reference).startsWith("#/");
			assertThat(document.at(reference.substring(1)).isMissingNode()).as(reference).isFalse();
		});
	}

	private static void collectReferences(JsonNode node, List<String> references) {
		if (node.isObject()) {
			JsonNode reference = node.get("$ref");
			if (reference != null && reference.isTextual()) {
				references.add(reference.asText());
			}
		}
		node.elements().forEachRemaining((child) -> collectReferences(child, references));
	}

	private static void assertThatOperationIdsAreUnique(JsonNode document) {
		List<String> ids = document.findValuesAsText("operationId");
		assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration(excludeName = { TestBootLine.WEB_SECURITY_AUTO_CONFIGURATION,
			TestBootLine.MANAGEMENT_WEB_SECURITY_AUTO_CONFIGURATION,
			TestBootLine.USER_DETAILS_SERVICE_AUTO_CONFIGURATION })
	@Import(GreetingController.class)
	static class TestApplication {

	}

	@RestController
	static class GreetingController {

		@GetMapping("/greeting")
		String greeting() {
			return "hello";
		}

	}

}
