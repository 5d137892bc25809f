package io.github.ssebroadcast.sample;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Open tick streams must not hold up the web server's graceful shutdown.
 */
class TickStreamShutdownTests {

	@Test
	void endsOpenStreamsWhenTheApplicationStops() throws Exception {
		// graceful shutdown would wait a minute for a stream nobody ends: longer than the test waits
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"spring.lifecycle.timeout-per-shutdown-phase=60s")
			.run();
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		try (SseTestClient client = SseTestClient.connect(new Http(port).uri("/sse?count=5&intervalMs=60000"))) {
			client.next("connected");
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			String stream = client.awaitEnd();
			assertThat(stream).contains("event: connected").doesNotContain("event: tick", "event: complete");
			closing.get(SseTestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		finally {
			context.close();
		}
	}

}
