package io.github.ssebroadcast.broadcast;

import java.time.Duration;
import java.util.List;

/**
 * Tells several listeners, in order, what happens in a broadcaster.
 */
final class CompositeSseBroadcastListener implements SseBroadcastListener {

	private final SseBroadcastListener[] listeners;

	private CompositeSseBroadcastListener(List<SseBroadcastListener> listeners) {
		this.listeners = listeners.toArray(new SseBroadcastListener[0]);
	}

	/**
	 * Return one listener that tells the given ones.
	 * @param listeners the listeners
	 * @return {@link SseBroadcastListener#NONE} for none, the listener itself for one
	 */
	static SseBroadcastListener of(List<SseBroadcastListener> listeners) {
		return switch (listeners.size()) {
			case 0 -> NONE;
			case 1 -> listeners.get(0);
			default -> new CompositeSseBroadcastListener(listeners);
		};
	}

	@Override
	public void clientConnected() {
		for (SseBroadcastListener listener : this.listeners) {
			listener.clientConnected();
		}
	}

	@Override
	public void clientDisconnected(DisconnectReason reason) {
		for (SseBroadcastListener listener : this.listeners) {
			listener.clientDisconnected(reason);
		}
	}

	@Override
	public void eventPublished(SseAudience.Kind kind) {
		for (SseBroadcastListener listener : this.listeners) {
			listener.eventPublished(kind);
		}
	}

	@Override
	public void eventsDelivered(int count) {
		for (SseBroadcastListener listener : this.listeners) {
			listener.eventsDelivered(count);
		}
	}

	@Override
	public void eventsDropped(DropReason reason, int count) {
		for (SseBroadcastListener listener : this.listeners) {
			listener.eventsDropped(reason, count);
		}
	}

	@Override
	public void clientResumed(ResumeOutcome outcome) {
		for (SseBroadcastListener listener : this.listeners) {
			listener.clientResumed(outcome);
		}
	}

	@Override
	public void eventRelayed(Duration lag) {
		for (SseBroadcastListener listener : this.listeners) {
			listener.eventRelayed(lag);
		}
	}

}
