package io.github.ssebroadcast.sample;

import java.net.http.HttpResponse;

import io.github.ssebroadcast.sample.SseTestClient.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the sample with the relay over a real Redis, as {@code run-relay.sh}
 * starts them, over plain HTTP: what is sent on one reaches the clients of both, with the
 * same ids, a client resumes on the other instance, and each instance names itself.
 */
@RequiresRedisServer
class RelayBetweenInstancesTests {

	/** Redis gives each event its id. */
	private static final String REDIS_ID = "\\d+-\\d+";

	@RegisterExtension
	static final RelayedInstances instances = new RelayedInstances();

	@Test
	void sendsWhatIsPostedToOneInstanceToTheClientsOfBothWithTheSameIds() throws Exception {
		try (SseTestClient onA = SseTestClient.connect(instances.a().uri("/sse/broadcast"));
				SseTestClient onB = SseTestClient.connect(instances.b().uri("/sse/broadcast"))) {
			onA.next("connected");
			onB.next("connected");

			HttpResponse<String> response = instances.a()
				.postJson("/api/broadcast", "{\"event\":\"message\",\"data\":{\"text\":\"from A\"}}");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			Event onBFromA = onB.next("message");
			assertThat(onBFromA.data()).isEqualTo("{\"text\":\"from A\"}");
			assertThat(onBFromA.id()).matches(REDIS_ID);
			assertThat(onA.next("message")).isEqualTo(onBFromA);

			// the sample's own endpoint, which calls the broadcaster
			response = instances.b()
				.postJson("/api/broadcast/progress", "{\"taskId\":\"task-1\",\"progress\":40,\"status\":\"from B\"}");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			Event progressOnA = onA.next("progress");
			assertThat(Http.json(progressOnA.data()).get("status").asString()).isEqualTo("from B");
			assertThat(onB.next("progress")).isEqualTo(progressOnA);
		}
	}

	@Test
	void sendsATopicsEventsToItsSubscribersOnEveryInstanceOnly() throws Exception {
		try (SseTestClient ordersOnA = SseTestClient.connect(instances.a().uri("/sse/broadcast?topic=orders"));
				SseTestClient everyoneOnB = SseTestClient.connect(instances.b().uri("/sse/broadcast"))) {
			ordersOnA.next("connected");
			everyoneOnB.next("connected");
			publish(instances.b(), "orders", "order 1");
			publish(instances.b(), null, "to everyone");
			assertThat(ordersOnA.next().data()).isEqualTo("order 1");
			assertThat(ordersOnA.next().data()).isEqualTo("to everyone");
			// the topic's event never reached the client of B, which did not subscribe
			assertThat(everyoneOnB.next().data()).isEqualTo("to everyone");
		}
	}

	@Test
	void resumesAClientOnTheOtherInstanceAfterItsLastEventId() throws Exception {
		try (SseTestClient witnessOnB = SseTestClient.connect(instances.b().uri("/sse/broadcast"))) {
			witnessOnB.next("connected");
			String lastId;
			try (SseTestClient onA = SseTestClient.connect(instances.a().uri("/sse/broadcast"))) {
				onA.next("connected");
				publish(instances.a(), null, "seen on A");
				lastId = onA.next("message").id();
			}
			publish(instances.a(), null, "missed 1");
			publish(instances.b(), null, "missed 2");
			// B has read every event by the time its witness has them
			assertThat(witnessOnB.next().data()).isEqualTo("seen on A");
			assertThat(witnessOnB.next().data()).isEqualTo("missed 1");
			assertThat(witnessOnB.next().data()).isEqualTo("missed 2");

			try (SseTestClient onB = SseTestClient.connect(instances.b().uri("/sse/broadcast"), "Last-Event-ID",
					lastId)) {
				JsonNode connected = Http.json(onB.next("connected").data());
				assertThat(connected.get("replayed").asInt()).isEqualTo(2);
				assertThat(onB.next().data()).isEqualTo("missed 1");
				assertThat(onB.next().data()).isEqualTo("missed 2");
				publish(instances.a(), null, "live");
				assertThat(onB.next().data()).isEqualTo("live");
			}
		}
	}

	@Test
	void namesEachInstance() throws Exception {
		JsonNode a = instance(instances.a());
		assertThat(a.get("name").asString()).isEqualTo("sse-broadcast-sample:" + instances.portA());
		assertThat(a.get("port").asInt()).isEqualTo(instances.portA());
		assertThat(a.get("relay").asString()).isEqualTo("redis");

		JsonNode b = instance(instances.b());
		assertThat(b.get("name").asString()).isEqualTo(RelayedInstances.B_NAME);
		assertThat(b.get("port").asInt()).isEqualTo(instances.portB());
		assertThat(b.get("relay").asString()).isEqualTo("redis");
	}

	private static JsonNode instance(Http http) throws Exception {
		HttpResponse<String> response = http.get("/api/instance");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		return Http.json(response);
	}

	private static void publish(Http http, String topic, String text) throws Exception {
		String body = "{\"data\":\"" + text + "\"" + ((topic != null) ? ",\"topic\":\"" + topic + "\"" : "") + "}";
		HttpResponse<String> response = http.postJson("/api/broadcast", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

}
