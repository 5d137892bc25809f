package io.github.ssebroadcast.broadcast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

import io.github.ssebroadcast.event.SseFrame;

import org.jspecify.annotations.Nullable;

/**
 * The events a broadcaster sent last, bounded in number, in bytes and in age, so that a
 * client that reconnects with the id of the last event it received gets exactly what it
 * missed. The newest event is kept whatever the bounds, so that a client that received it
 * resumes after a quiet period with nothing missed.
 * <p>Entries keep the encoded frame that every client was sent, so a replay shares its bytes
 * too. Every event takes the next sequence number; ids the history assigns are
 * {@code <epoch>-<sequence>}. The epoch is drawn when the history is created, so that an id
 * from before a restart, or from another instance, is never mistaken for one of this
 * history's; and an assigned id still names its place once its event is trimmed, so that a
 * client whose last event was trimmed, but nothing after it, still resumes exactly. An id
 * that two events in the history carry names no one place, and a client resuming from it
 * cannot be told what it missed. Not
 * thread-safe: the broadcaster appends and looks up under its send lock, which also orders
 * the events every client receives.
 */
final class ReplayHistory {

	private final Entry[] ring;

	private final long maxBytes;

	private final long maxAgeNanos;

	private final LongSupplier nanoClock;

	private final Map<String, Entry> byId = new HashMap<>();

	/** How many entries carry each id that more than one entry carries. */
	private final Map<String, Integer> repeatedIds = new HashMap<>();

	private final String idPrefix;

	/** Index in {@link #ring} of the oldest entry. */
	private int head;

	private int size;

	private long bytes;

	/** Sequence of the next entry; entries have consecutive sequences. */
	private long nextSequence = 1;

	ReplayHistory(int maxEvents, long maxBytes, long maxAgeNanos, LongSupplier nanoClock) {
		this.ring = new Entry[maxEvents];
		this.maxBytes = maxBytes;
		this.maxAgeNanos = maxAgeNanos;
		this.nanoClock = nanoClock;
		this.idPrefix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36) + "-";
	}

	/**
	 * Return the id the next appended event gets when its publisher gave none.
	 * @return the id
	 */
	String nextId() {
		return this.idPrefix + this.nextSequence;
	}

	/**
	 * Return an id that names the place after the newest event, to resume from there: its
	 * own id, unless another kept event carries it too; before the first event, the place
	 * before it.
	 * @return the id
	 */
	String newestPlace() {
		if (this.size > 0) {
			String newest = entry(this.size - 1).id();
			if (!this.repeatedIds.containsKey(newest)) {
				return newest;
			}
		}
		return this.idPrefix + (this.nextSequence - 1);
	}

	/**
	 * Forget every event: clients that resume from any of them get the reset event. The
	 * sequence goes on.
	 */
	void clear() {
		Arrays.fill(this.ring, null);
		this.head = 0;
		this.size = 0;
		this.bytes = 0;
		this.byId.clear();
		this.repeatedIds.clear();
	}

	int capacity() {
		return this.ring.length;
	}

	int size() {
		return this.size;
	}

	/**
	 * Append an event, and trim what is beyond the history's bounds.
	 * @param id the event's id
	 * @param audience who the event is for
	 * @param frame the event, encoded
	 */
	void append(String id, SseAudience audience, SseFrame frame) {
		long now = this.nanoClock.getAsLong();
		if (this.size == this.ring.length) {
			removeOldest();
		}
		Entry entry = new Entry(this.nextSequence++, id, audience, frame, now);
		this.ring[(this.head + this.size) % this.ring.length] = entry;
		this.size++;
		this.bytes += frame.length();
		if (this.byId.put(id, entry) != null) {
			this.repeatedIds.merge(id, 2, (count, two) -> count + 1);
		}
		trim(now);
	}

	/**
	 * Find the events after the given id that a client with the given subscription receives.
	 * @param lastEventId the id of the last event the client received
	 * @param subscription what the client receives
	 * @param maxEvents the most events the client may be sent at once
	 * @param maxBytes the most bytes of events the client may be sent at once
	 * @return the events to replay, or why they cannot be
	 */
	Replay replay(String lastEventId, SseSubscription subscription, int maxEvents, long maxBytes) {
		trim(this.nanoClock.getAsLong());
		if (this.repeatedIds.containsKey(lastEventId)) {
			return Replay.reset(ResetReason.UNKNOWN);
		}
		Entry last = this.byId.get(lastEventId);
		long after = (last != null) ? last.sequence() : assignedSequence(lastEventId);
		if (after < 0 || after >= this.nextSequence) {
			return Replay.reset(ResetReason.UNKNOWN);
		}
		long oldest = (this.size > 0) ? entry(0).sequence() : this.nextSequence;
		if (after < oldest - 1) {
			return Replay.reset(ResetReason.EXPIRED);
		}
		List<SseFrame> frames = new ArrayList<>();
		long bytes = 0;
		for (int i = (int) (after + 1 - oldest); i < this.size; i++) {
			Entry entry = entry(i);
			if (subscription.includes(entry.audience())) {
				bytes += entry.frame().length();
				frames.add(entry.frame());
				if (frames.size() > maxEvents || bytes > maxBytes) {
					return Replay.reset(ResetReason.TOO_FAR_BEHIND);
				}
			}
		}
		return new Replay(frames, null);
	}

	/**
	 * Return the sequence of an id this history assigned, or -1 for any other id.
	 */
	private long assignedSequence(String id) {
		if (!id.startsWith(this.idPrefix)) {
			return -1;
		}
		try {
			return Long.parseLong(id.substring(this.idPrefix.length()));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private Entry entry(int index) {
		return this.ring[(this.head + index) % this.ring.length];
	}

	/**
	 * Remove the oldest events beyond the byte bound or older than the age bound, but never
	 * the newest.
	 */
	private void trim(long now) {
		while (this.size > 1 && (this.bytes > this.maxBytes || now - entry(0).nanos() > this.maxAgeNanos)) {
			removeOldest();
		}
	}

	private void removeOldest() {
		Entry oldest = this.ring[this.head];
		this.ring[this.head] = null;
		this.head = (this.head + 1) % this.ring.length;
		this.size--;
		this.bytes -= oldest.frame().length();
		this.byId.remove(oldest.id(), oldest);
		this.repeatedIds.computeIfPresent(oldest.id(), (id, count) -> (count > 2) ? count - 1 : null);
	}

	private record Entry(long sequence, String id, SseAudience audience, SseFrame frame, long nanos) {
	}

	/**
	 * What a client that resumes gets.
	 *
	 * @param frames the events it missed, in order, when they can be replayed
	 * @param resetReason why they cannot be, or {@code null} when they can
	 */
	record Replay(List<SseFrame> frames, @Nullable ResetReason resetReason) {

		static Replay reset(ResetReason reason) {
			return new Replay(List.of(), reason);
		}

	}

}
