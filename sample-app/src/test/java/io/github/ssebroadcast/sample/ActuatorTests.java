package io.github.ssebroadcast.sample;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's Actuator endpoints: the starter's health contributor in the readiness group,
 * and its meters moving as a client connects and receives.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class ActuatorTests {

	@LocalServerPort
	private int port;

	@Test
	void healthShowsTheBroadcasterInReadinessAndNotInLiveness() throws Exception {
		Http http = new Http(this.port);
		HttpResponse<String> health = http.get("/actuator/health");
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		JsonNode broadcaster = Http.json(health).get("components").get("sseBroadcast");
		assertThat(broadcaster.get("status").asString()).isEqualTo("UP");
		assertThat(broadcaster.get("details").get("relay").asString()).isEqualTo("none");
		HttpResponse<String> readiness = http.get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(Http.json(readiness).get("components").has("sseBroadcast")).isTrue();
		HttpResponse<String> liveness = http.get("/actuator/health/liveness");
		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(Http.json(liveness).has("components")).isFalse();
	}

	@Test
	void metersCountClientsAndTheEventsTheyReceive() throws Exception {
		Http http = new Http(this.port);
		double delivered = measurement(http, "sse.broadcast.events.delivered");
		try (SseTestClient client = SseTestClient.connect(http.uri("/sse/broadcast"))) {
			client.next("connected");
			// counted as it is registered, which may be just after its first event was written
			await().atMost(Duration.ofSeconds(20)).until(() -> measurement(http, "sse.broadcast.clients") >= 1);
			HttpResponse<String> response = http.postJson("/api/broadcast", "{\"event\":\"metered\",\"data\":\"x\"}");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(client.next("metered").data()).isEqualTo("x");
			await().atMost(Duration.ofSeconds(20))
				.until(() -> measurement(http, "sse.broadcast.events.delivered") >= delivered + 2);
			HttpResponse<String> published = http.get("/actuator/metrics/sse.broadcast.events.published?tag=kind:broadcast");
			assertThat(Http.json(published).get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1);
		}
	}

	private static double measurement(Http http, String meter) throws Exception {
		HttpResponse<String> response = http.get("/actuator/metrics/" + meter);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response).get("measurements").get(0).get("value").asDouble();
	}

}
