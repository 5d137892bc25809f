package io.github.ssebroadcast.smoke;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh application with nothing but the starter and no configuration of its own, over
 * real sockets. Maven runs these tests twice, once with only Tomcat on the class path and
 * once with only Jetty; the Boot 3.5 smoke test compiles the same file against its starter.
 */
class FreshApplicationSmokeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private static ConfigurableApplicationContext context;

	private static int port;

	@BeforeAll
	static void start() {
		context = run();
		port = port(context);
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void runsOnTheContainerOfItsClassPath() {
		String container = System.getProperty("smoke.container", "tomcat");
		assertThat(ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", null))
			.isEqualTo(container.equals("tomcat"));
		assertThat(ClassUtils.isPresent("org.eclipse.jetty.server.Server", null)).isEqualTo(container.equals("jetty"));
	}

	@Test
	void streamStartsWithEventStreamHeadersReconnectTimeAndConnectedEvent() throws Exception {
		try (EventStream stream = EventStream.open(http, port, TIMEOUT)) {
			assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/event-stream"));
			assertThat(stream.headers().firstValue("Cache-Control")).hasValue("no-cache, no-transform");
			assertThat(stream.nextLine()).isEqualTo("retry: 2000");
			assertThat(stream.nextLine()).isEqualTo("event: connected");
			assertThat(stream.nextLine()).startsWith("data: {\"clientId\":\"");
		}
	}

	@Test
	void jsonApiBroadcastsToTheStream() throws Exception {
		try (EventStream stream = EventStream.open(http, port, TIMEOUT)) {
			stream.nextEvent("connected");
			HttpResponse<String> response = post("{\"event\":\"greeting\",\"data\":{\"text\":\"hello\"},\"id\":\"7\"}");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"ok\":true").contains("\"event\":\"greeting\"");
			assertThat(stream.nextEvent("greeting")).containsSequence("id: 7", "event: greeting",
					"data: {\"text\":\"hello\"}");
		}
	}

	@Test
	void badInputGetsAProblemAndBroadcastsNothing() throws Exception {
		try (EventStream stream = EventStream.open(http, port, TIMEOUT)) {
			stream.nextEvent("connected");
			HttpResponse<String> response = post("{\"event\":\"greeting\",\"data\":");
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("Malformed JSON").doesNotContain("Exception");
			assertThat(post("{\"event\":\"after\",\"data\":1}").statusCode()).isEqualTo(200);
			assertThat(stream.nextEvent("after")).contains("event: after");
		}
	}

	@Test
	void idleStreamGetsKeepAliveComments() throws Exception {
		try (EventStream stream = EventStream.open(http, port, TIMEOUT)) {
			stream.nextEvent("connected");
			assertThat(stream.nextLine()).startsWith(": keep-alive");
		}
	}

	@Test
	void openApiDocumentDescribesTheEndpointsAndSwaggerUiIsServed() throws Exception {
		HttpResponse<String> document = get("/v3/api-docs");
		assertThat(document.statusCode()).isEqualTo(200);
		assertThat(document.body()).contains("\"/sse/broadcast\"").contains("text/event-stream")
			.contains("\"/api/broadcast\"");
		HttpResponse<String> swaggerUi = get("/swagger-ui/index.html");
		assertThat(swaggerUi.statusCode()).isEqualTo(200);
		assertThat(swaggerUi.body()).contains("swagger-ui");
	}

	@Test
	void shutdownEndsStreamsWithAReconnectHint() throws Exception {
		ConfigurableApplicationContext own = run();
		try (EventStream stream = EventStream.open(http, port(own), TIMEOUT)) {
			stream.nextEvent("connected");
			own.close();
			assertThat(stream.nextField()).isEqualTo("retry: 2000");
			stream.awaitEnd();
		}
		finally {
			own.close();
		}
	}

	private static ConfigurableApplicationContext run() {
		return new SpringApplicationBuilder(FreshApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"sse.broadcast.keep-alive=1s")
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> post(String json) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/broadcast"))
			.timeout(TIMEOUT)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The application a user generates: the starter is its only addition.
	 */
	@SpringBootApplication
	static class FreshApplication {

	}

}
