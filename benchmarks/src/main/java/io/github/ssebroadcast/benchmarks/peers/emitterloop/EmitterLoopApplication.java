package io.github.ssebroadcast.benchmarks.peers.emitterloop;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.ssebroadcast.autoconfigure.SseBroadcastAutoConfiguration;
import io.github.ssebroadcast.autoconfigure.SseWebServerAutoConfiguration;
import io.github.ssebroadcast.benchmarks.peers.BroadcastRequest;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A Spring MVC application broadcasting the way tutorials do: every emitter in a list, each
 * event sent to each emitter in turn by the thread of the publishing request.
 */
@SpringBootApplication(exclude = { SseBroadcastAutoConfiguration.class, SseWebServerAutoConfiguration.class })
public class EmitterLoopApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(EmitterLoopApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.run(args);
	}

	/**
	 * Tomcat, even though Jetty is on the benchmarks' class path too.
	 * @return the server factory
	 */
	@Bean
	TomcatServletWebServerFactory tomcatServletWebServerFactory() {
		return new TomcatServletWebServerFactory();
	}

	@RestController
	static class EmitterLoopController {

		private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();

		@GetMapping(path = "/sse/broadcast", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		SseEmitter subscribe() {
			SseEmitter emitter = new SseEmitter(0L);
			emitter.onCompletion(() -> this.emitters.remove(emitter));
			emitter.onTimeout(() -> this.emitters.remove(emitter));
			emitter.onError((ex) -> this.emitters.remove(emitter));
			this.emitters.add(emitter);
			return emitter;
		}

		@PostMapping(path = "/api/broadcast", produces = MediaType.APPLICATION_JSON_VALUE)
		String broadcast(@RequestBody JsonNode body) {
			BroadcastRequest request = BroadcastRequest.of(body);
			int sent = 0;
			for (SseEmitter emitter : this.emitters) {
				try {
					SseEmitter.SseEventBuilder event = SseEmitter.event().name(request.event()).data(request.data());
					if (request.id() != null) {
						event.id(request.id());
					}
					if (request.retry() != null) {
						event.reconnectTime(request.retry());
					}
					emitter.send(event);
					sent++;
				}
				catch (IOException | IllegalStateException ex) {
					this.emitters.remove(emitter);
				}
			}
			return request.answer(sent);
		}

	}

}
