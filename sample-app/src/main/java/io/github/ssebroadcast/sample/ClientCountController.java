package io.github.ssebroadcast.sample;

import java.util.Map;

import io.github.ssebroadcast.broadcast.SseBroadcaster;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells how many clients are connected to the broadcast stream.
 */
@RestController
class ClientCountController {

	private final SseBroadcaster broadcaster;

	ClientCountController(SseBroadcaster broadcaster) {
		this.broadcaster = broadcaster;
	}

	@GetMapping("/api/clients")
	Map<String, Integer> clients() {
		return Map.of("connected", this.broadcaster.getClientCount());
	}

}
