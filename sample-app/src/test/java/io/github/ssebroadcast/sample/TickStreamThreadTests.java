package io.github.ssebroadcast.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With two request threads, more waiting streams than threads must not block the server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "server.address=127.0.0.1",
		"server.tomcat.threads.max=2", "server.tomcat.threads.min-spare=1" })
class TickStreamThreadTests {

	private static final int STREAMS = 8;

	@LocalServerPort
	private int port;

	@Autowired
	private TickStreams tickStreams;

	@Test
	void streamsDoNotHoldRequestThreadsBetweenTicks() throws Exception {
		Http http = new Http(this.port);
		List<SseTestClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < STREAMS; i++) {
				SseTestClient client = SseTestClient.connect(http.uri("/sse?count=2&intervalMs=60000"));
				clients.add(client);
				assertThat(client.next().name()).isEqualTo("connected");
			}
			assertThat(this.tickStreams.getOpenCount()).isGreaterThanOrEqualTo(STREAMS);
			HttpResponse<String> response = http.get("/api/clients");
			assertThat(response.statusCode()).isEqualTo(200);
		}
		finally {
			for (SseTestClient client : clients) {
				client.close();
			}
		}
	}

}
