package io.github.ssebroadcast.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ssebroadcast.broadcast.SseAudience;
import io.github.ssebroadcast.broadcast.SseBroadcastListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Meters of a broadcaster's clients and events, registered when created and moved by the
 * broadcaster as a {@link SseBroadcastListener}. No tag takes a topic or a user name, whose
 * values are unbounded:
 * <ul>
 * <li>{@code sse.broadcast.clients}: connected clients;</li>
 * <li>{@code sse.broadcast.events.published}, tagged {@code kind} (broadcast, topic,
 * user): events published on this instance;</li>
 * <li>{@code sse.broadcast.events.delivered}: events written to clients;</li>
 * <li>{@code sse.broadcast.events.dropped}, tagged {@code reason} (overflow,
 * disconnected): events for a client that never reached it;</li>
 * <li>{@code sse.broadcast.disconnects}, tagged {@code reason} (client, overflow,
 * write-timeout, shutdown, relay-missed): clients gone;</li>
 * <li>{@code sse.broadcast.replays}, tagged {@code outcome} (replayed, reset): clients that
 * resumed;</li>
 * <li>{@code sse.broadcast.relay.lag}, with a relay: the time from an event's append to
 * the relay's log to its arrival here, by the log's clock and this instance's.</li>
 * </ul>
 * Every meter is registered up front, so each reads zero until something happens, and
 * moving one costs an increment, nothing else. The counters have no base unit, so that their
 * names in Prometheus are {@code sse_broadcast_events_delivered_total} and the like.
 */
public class SseBroadcastMetrics implements SseBroadcastListener {

	/** Prefix of every meter's name. */
	public static final String PREFIX = "sse.broadcast";

	private final AtomicInteger clients = new AtomicInteger();

	private final Map<SseAudience.Kind, Counter> published = new EnumMap<>(SseAudience.Kind.class);

	private final Counter delivered;

	private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);

	private final Map<DisconnectReason, Counter> disconnects = new EnumMap<>(DisconnectReason.class);

	private final Map<ResumeOutcome, Counter> replays = new EnumMap<>(ResumeOutcome.class);

	@Nullable
	private final Timer relayLag;

	/**
	 * Register the meters.
	 * @param registry where to register them
	 * @param relay whether the broadcaster has a relay, whose lag is then timed
	 */
	public SseBroadcastMetrics(MeterRegistry registry, boolean relay) {
		Gauge.builder(PREFIX + ".clients", this.clients, AtomicInteger::get)
			.description("Clients connected to the event stream")
			.register(registry);
		for (SseAudience.Kind kind : SseAudience.Kind.values()) {
			this.published.put(kind, Counter.builder(PREFIX + ".events.published")
				.description("Events published on this instance")
				.tag("kind", kind(kind))
				.register(registry));
		}
		this.delivered = Counter.builder(PREFIX + ".events.delivered")
			.description("Events written to clients, replayed and connected events included")
			.register(registry);
		for (DropReason reason : DropReason.values()) {
			this.dropped.put(reason, Counter.builder(PREFIX + ".events.dropped")
				.description("Events for a client that never reached it")
				.tag("reason", reason.value())
				.register(registry));
		}
		for (DisconnectReason reason : DisconnectReason.values()) {
			this.disconnects.put(reason, Counter.builder(PREFIX + ".disconnects")
				.description("Clients whose stream ended")
				.tag("reason", reason.value())
				.register(registry));
		}
		for (ResumeOutcome outcome : ResumeOutcome.values()) {
			this.replays.put(outcome, Counter.builder(PREFIX + ".replays")
				.description("Clients that resumed after the last event they received")
				.tag("outcome", outcome.value())
				.register(registry));
		}
		this.relayLag = relay ? Timer.builder(PREFIX + ".relay.lag")
			.description("Time from an event's append to the relay's log to its arrival on this instance")
			.register(registry) : null;
	}

	private static String kind(SseAudience.Kind kind) {
		return switch (kind) {
			case EVERYONE -> "broadcast";
			case TOPIC -> "topic";
			case USER -> "user";
		};
	}

	@Override
	public void clientConnected() {
		this.clients.incrementAndGet();
	}

	@Override
	public void clientDisconnected(DisconnectReason reason) {
		this.clients.decrementAndGet();
		this.disconnects.get(reason).increment();
	}

	@Override
	public void eventPublished(SseAudience.Kind kind) {
		this.published.get(kind).increment();
	}

	@Override
	public void eventsDelivered(int count) {
		this.delivered.increment(count);
	}

	@Override
	public void eventsDropped(DropReason reason, int count) {
		this.dropped.get(reason).increment(count);
	}

	@Override
	public void clientResumed(ResumeOutcome outcome) {
		this.replays.get(outcome).increment();
	}

	@Override
	public void eventRelayed(Duration lag) {
		if (this.relayLag != null) {
			this.relayLag.record(lag);
		}
	}

}
