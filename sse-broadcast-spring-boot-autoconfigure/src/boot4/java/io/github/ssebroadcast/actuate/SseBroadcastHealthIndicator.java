package io.github.ssebroadcast.actuate;

import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports the {@link SseBroadcastHealth broadcaster's health} as contributor
 * {@code sseBroadcast}. Meant for the readiness group, not liveness: restarting an instance
 * while Redis is down would only reconnect every client at once.
 */
public class SseBroadcastHealthIndicator extends AbstractHealthIndicator {

	private final DefaultSseBroadcaster broadcaster;

	public SseBroadcastHealthIndicator(DefaultSseBroadcaster broadcaster) {
		super("SSE broadcaster health check failed");
		this.broadcaster = broadcaster;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		SseBroadcastHealth health = SseBroadcastHealth.of(this.broadcaster);
		builder.status(switch (health.state()) {
			case UP -> Status.UP;
			case OUT_OF_SERVICE -> Status.OUT_OF_SERVICE;
			case DOWN -> Status.DOWN;
		}).withDetails(health.details());
	}

}
