package io.github.ssebroadcast.sample;

import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells how many clients are connected to the broadcast stream. The demo page polls it
 * once a second to show a live count.
 */
@RestController
@Tag(name = SampleOpenApiConfiguration.TAG)
class ClientCountController {

	private final SseBroadcaster broadcaster;

	ClientCountController(SseBroadcaster broadcaster) {
		this.broadcaster = broadcaster;
	}

	@GetMapping(path = "/api/clients", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getSseClientCount", summary = "Number of clients connected to the broadcast stream")
	ClientCount clients() {
		return new ClientCount(this.broadcaster.getClientCount());
	}

	/**
	 * Number of connected clients.
	 *
	 * @param connected how many clients are connected to the broadcast stream
	 */
	record ClientCount(int connected) {

	}

}
