package io.github.ssebroadcast.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import io.github.ssebroadcast.broadcast.SseRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as it starts by default, without {@code sse.broadcast.relay.type=redis}: Spring
 * Data Redis is on the class path, and Spring Boot configures its connection, but nothing
 * connects to Redis, neither at start nor while the sample broadcasts. Its Redis is a
 * listening socket of the test's own, which sees any connection attempt.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class WithoutRelayTests {

	private static final ServerSocketChannel redis = listen();

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> redis.socket().getLocalPort());
	}

	@AfterAll
	static void closeRedis() throws IOException {
		redis.close();
	}

	@Test
	void broadcastsWithoutConnectingToRedis() throws Exception {
		assertThat(this.context.getBeanNamesForType(RedisConnectionFactory.class)).isNotEmpty();
		assertThat(this.context.getBeanNamesForType(SseRelay.class)).isEmpty();
		Http http = new Http(this.port);
		try (SseTestClient client = SseTestClient.connect(http.uri("/sse/broadcast"))) {
			client.next("connected");
			HttpResponse<String> response = http.postJson("/api/broadcast", "{\"data\":\"hello\"}");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(client.next("message").data()).isEqualTo("hello");
		}
		// the kernel queues a connection to a listening socket whether or not it is accepted
		try (SocketChannel attempt = redis.accept()) {
			assertThat(attempt).as("a connection to Redis").isNull();
		}
	}

	@Test
	void namesTheInstanceWithoutARelay() throws Exception {
		HttpResponse<String> response = new Http(this.port).get("/api/instance");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode instance = Http.json(response);
		assertThat(instance.get("name").asString()).isEqualTo("sse-broadcast-sample:" + this.port);
		assertThat(instance.get("port").asInt()).isEqualTo(this.port);
		assertThat(instance.get("relay").asString()).isEqualTo("none");
	}

	private static ServerSocketChannel listen() {
		try {
			ServerSocketChannel channel = ServerSocketChannel.open();
			channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			channel.configureBlocking(false);
			return channel;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
