package io.github.ssebroadcast.actuate;

import io.github.ssebroadcast.actuate.SseBroadcastHealth.State;
import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.test.StubRelay;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SseBroadcastHealthTests {

	@Test
	void isUpWhileAcceptingClientsThenOutOfServiceWhileStopping() {
		DefaultSseBroadcaster broadcaster = DefaultSseBroadcaster.builder().build();
		try {
			broadcaster.start();
			broadcaster.broadcast("n", "1");
			SseBroadcastHealth health = SseBroadcastHealth.of(broadcaster);
			assertThat(health.state()).isEqualTo(State.UP);
			assertThat(health.details()).containsEntry("clients", 0)
				.containsEntry("history", 1)
				.containsEntry("relay", "none");
			broadcaster.stop();
			assertThat(SseBroadcastHealth.of(broadcaster).state()).isEqualTo(State.OUT_OF_SERVICE);
		}
		finally {
			broadcaster.destroy();
		}
	}

	@Test
	void isDownWhileTheRelayCannotReachItsLog() {
		StubRelay relay = new StubRelay();
		DefaultSseBroadcaster broadcaster = DefaultSseBroadcaster.builder().relay(relay).build();
		try {
			assertThat(SseBroadcastHealth.of(broadcaster).state()).as("before start").isEqualTo(State.OUT_OF_SERVICE);
			broadcaster.start();
			assertThat(SseBroadcastHealth.of(broadcaster).details()).containsEntry("relay", "connected");
			relay.setAvailable(false);
			SseBroadcastHealth health = SseBroadcastHealth.of(broadcaster);
			assertThat(health.state()).isEqualTo(State.DOWN);
			assertThat(health.details()).containsEntry("relay", "unreachable");
		}
		finally {
			broadcaster.destroy();
		}
	}

}
