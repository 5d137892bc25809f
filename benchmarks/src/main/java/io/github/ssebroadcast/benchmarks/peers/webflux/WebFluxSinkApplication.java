package io.github.ssebroadcast.benchmarks.peers.webflux;

import io.github.ssebroadcast.autoconfigure.SseBroadcastAutoConfiguration;
import io.github.ssebroadcast.autoconfigure.SseWebServerAutoConfiguration;
import io.github.ssebroadcast.benchmarks.peers.BroadcastRequest;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring WebFlux application broadcasting through a multicast sink: each subscriber gets
 * its own buffer of 256 events and is disconnected when it overflows, as the starter's
 * default policy does. Emission is serialised, as {@link Sinks} requires.
 */
@SpringBootApplication(exclude = { SseBroadcastAutoConfiguration.class, SseWebServerAutoConfiguration.class })
public class WebFluxSinkApplication {

	/** Events buffered per subscriber, the starter's default queue capacity. */
	static final int BUFFER = 256;

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(WebFluxSinkApplication.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		application.run(args);
	}

	/**
	 * Reactor Netty, even though Tomcat and Jetty are on the benchmarks' class path too.
	 * @return the server factory
	 */
	@Bean
	NettyReactiveWebServerFactory nettyReactiveWebServerFactory() {
		return new NettyReactiveWebServerFactory();
	}

	@RestController
	static class SinkController {

		private final Sinks.Many<ServerSentEvent<String>> sink = Sinks.many().multicast().directBestEffort();

		@GetMapping(path = "/sse/broadcast", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		Flux<ServerSentEvent<String>> subscribe() {
			return this.sink.asFlux().onBackpressureBuffer(BUFFER, BufferOverflowStrategy.ERROR);
		}

		@PostMapping(path = "/api/broadcast", produces = MediaType.APPLICATION_JSON_VALUE)
		String broadcast(@RequestBody JsonNode body) {
			BroadcastRequest request = BroadcastRequest.of(body);
			ServerSentEvent.Builder<String> event = ServerSentEvent.builder(request.data()).event(request.event());
			if (request.id() != null) {
				event.id(request.id());
			}
			if (request.retry() != null) {
				event.retry(java.time.Duration.ofMillis(request.retry()));
			}
			ServerSentEvent<String> built = event.build();
			int connected;
			synchronized (this.sink) {
				this.sink.tryEmitNext(built);
				connected = this.sink.currentSubscriberCount();
			}
			return request.answer(connected);
		}

	}

}
