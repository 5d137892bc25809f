package io.github.ssebroadcast.sample;

import java.util.Locale;

import io.github.ssebroadcast.autoconfigure.SseBroadcastProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells which instance of the sample answers: its name, its port and its relay. With the
 * relay on, several instances share one audience, and the demo page shows which one it is
 * connected to.
 * <p>The name is {@code sample.instance-name}, or else {@code spring.application.name} and
 * the port the server listens on, such as {@code sse-broadcast-sample:8080}.
 */
@RestController
@Tag(name = SampleOpenApiConfiguration.TAG)
class InstanceController {

	private final String configuredName;

	private final String applicationName;

	private final String relay;

	private volatile int port = -1;

	InstanceController(@Value("${sample.instance-name:}") String configuredName,
			@Value("${spring.application.name:sse-broadcast-sample}") String applicationName,
			SseBroadcastProperties properties) {
		this.configuredName = configuredName.strip();
		this.applicationName = applicationName;
		this.relay = properties.getRelay().getType().name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Take the port the server listens on, a random one included ({@code server.port=0}).
	 * @param event the event of the application's own web server
	 */
	@EventListener
	void onWebServerInitialized(WebServerInitializedEvent event) {
		// a management server on a port of its own has a namespace
		if (event.getApplicationContext().getServerNamespace() == null) {
			this.port = event.getWebServer().getPort();
		}
	}

	@GetMapping(path = "/api/instance", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getSampleInstance", summary = "The instance of the sample that answers",
			description = """
					Its name (`sample.instance-name`, or else `spring.application.name` and the port), \
					the port it listens on, and its relay between instances (`sse.broadcast.relay.type`): \
					`none` for this instance's clients only, `redis` for every instance's.""")
	Instance instance() {
		int port = this.port;
		String name = this.configuredName.isEmpty() ? this.applicationName + ":" + port : this.configuredName;
		return new Instance(name, port, this.relay);
	}

	/**
	 * The instance of the sample that answers.
	 *
	 * @param name the instance's name
	 * @param port the port it listens on
	 * @param relay how events reach the clients of the other instances: {@code none} or
	 * {@code redis}
	 */
	@Schema(name = "SampleInstance")
	record Instance(@Schema(example = "sse-broadcast-sample:8080") String name,
			@Schema(example = "8080") int port,
			@Schema(allowableValues = { "none", "redis" }, example = "redis") String relay) {

	}

}
