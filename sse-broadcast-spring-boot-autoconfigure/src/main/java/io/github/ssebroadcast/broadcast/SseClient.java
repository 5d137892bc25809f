package io.github.ssebroadcast.broadcast;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.github.ssebroadcast.event.SseFrame;

import org.jspecify.annotations.Nullable;

/**
 * One connected client: a queue of encoded frames, bounded in frames and in bytes, and a
 * writer that drains it into the client's {@link SseTransport} while the transport can take
 * frames without blocking.
 * <p>Publishers only append to the queue and, when no writer is running, hand one to the
 * writer executor; they take no lock of the client's and never wait for the socket. The
 * writer sends everything pending in one write and one flush, so a burst of events costs one
 * system call per client, not one per event. At most one writer runs per client at a time.
 * When the transport cannot take more, the writer returns, and the transport's
 * {@link #writePossible()} schedules it again: a client that stopped reading holds no
 * thread, only its queue, and the broadcaster ends it when it has taken nothing for the
 * write timeout.
 */
final class SseClient implements SseConnection {

	enum Offer {

		/** Queued. */
		QUEUED,

		/** Queued, after older frames were dropped to make room. */
		DROPPED_OLDEST,

		/** Not queued: the queue is full and the policy is to disconnect. */
		REJECTED,

		/** Not queued: the client is closing or gone. */
		CLOSED

	}

	/** {@link #waitingSince} of a client that is not waiting for its transport. */
	private static final long NOT_WAITING = 0;

	private final String id;

	private final SseTransport transport;

	private final SseSubscription subscription;

	private final int capacity;

	private final long maxBytes;

	private final int maxBatch;

	private final Executor writerExecutor;

	private final LongSupplier nanoClock;

	private final Consumer<SseClient> detachListener;

	private final SseBroadcastListener listener;

	private final Queue<SseFrame> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicLong queuedBytes = new AtomicLong();

	/** Publishers between their check of {@link #closeRequested} and their append. */
	private final AtomicInteger offering = new AtomicInteger();

	/** Whether a writer is scheduled, running, or waiting for the transport. */
	private final AtomicBoolean writerScheduled = new AtomicBoolean();

	/** Set by {@link #writePossible()}, taken by the writer before it waits. */
	private final AtomicBoolean writePossible = new AtomicBoolean();

	/**
	 * Since when the writer waits for the transport to take frames, or {@link #NOT_WAITING}:
	 * whoever moves it from that time to {@link #NOT_WAITING} resumes the writer, so that
	 * one writer runs however the writer and the transport's callback interleave.
	 */
	private final AtomicLong waitingSince = new AtomicLong(NOT_WAITING);

	private final AtomicBoolean overflowReported = new AtomicBoolean();

	private final AtomicBoolean detached = new AtomicBoolean();

	/** The writer, created once rather than for each time it is scheduled. */
	private final Runnable writer = this::drain;

	/** Why the stream ends, when the broadcaster ends it; {@code null} when the client does. */
	private volatile SseBroadcastListener.@Nullable DisconnectReason endReason;

	/** Whether publishers may no longer queue frames. */
	private volatile boolean closeRequested;

	/** Whether the writer completes the stream once the queue, last frame included, is sent. */
	private volatile boolean completeRequested;

	private volatile boolean streamEnded;

	/** When the writer last sent something, from the broadcaster's clock. */
	private volatile long lastWriteNanos;

	/** Since when the stream is completing, or {@link #NOT_WAITING}: it ends when its transport says so. */
	private volatile long completingSince = NOT_WAITING;

	SseClient(String id, SseTransport transport, SseSubscription subscription, int capacity, long maxBytes,
			int maxBatch, Executor writerExecutor, LongSupplier nanoClock, Consumer<SseClient> detachListener,
			SseBroadcastListener listener) {
		this.id = id;
		this.transport = transport;
		this.subscription = subscription;
		this.capacity = capacity;
		this.maxBytes = maxBytes;
		this.maxBatch = maxBatch;
		this.writerExecutor = writerExecutor;
		this.nanoClock = nanoClock;
		this.detachListener = detachListener;
		this.listener = listener;
		this.lastWriteNanos = nanoClock.getAsLong();
	}

	@Override
	public String getId() {
		return this.id;
	}

	SseSubscription getSubscription() {
		return this.subscription;
	}

	/**
	 * Return why the client's stream ended, or ends.
	 * @return the reason the broadcaster gave when it ended the stream, or
	 * {@link SseBroadcastListener.DisconnectReason#CLIENT}
	 */
	SseBroadcastListener.DisconnectReason getEndReason() {
		SseBroadcastListener.DisconnectReason reason = this.endReason;
		return (reason != null) ? reason : SseBroadcastListener.DisconnectReason.CLIENT;
	}

	/**
	 * Return whether the client ended and was detached from its broadcaster.
	 * @return whether it is detached
	 */
	boolean isDetached() {
		return this.detached.get();
	}

	/**
	 * Queue a keep-alive frame if the stream has sent nothing for the given time and nothing
	 * is queued, so that a busy stream gets none and a keep-alive never takes the place of an
	 * event: a publisher that queues an event meanwhile makes it give up.
	 * @param frame the keep-alive frame
	 * @param idleNanos how long the stream must have been silent
	 */
	void offerKeepAlive(SseFrame frame, long idleNanos) {
		if (this.closeRequested || this.nanoClock.getAsLong() - this.lastWriteNanos < idleNanos) {
			return;
		}
		this.offering.incrementAndGet();
		try {
			if (this.closeRequested || !this.queued.compareAndSet(0, 1)) {
				return;
			}
			this.queuedBytes.addAndGet(frame.length());
			this.queue.offer(frame);
		}
		finally {
			this.offering.decrementAndGet();
		}
		scheduleWriter();
	}

	/**
	 * Queue a frame, applying the overflow policy when the queue would hold more frames or
	 * more bytes than it may. A frame larger than the byte bound is queued when nothing else
	 * waits: frames are shared by every client, so it costs its memory once, whatever the
	 * number of clients, and the bound is on how far behind a client may fall.
	 * @param frame the frame
	 * @param policy what to do when the queue is full
	 * @return what happened
	 */
	Offer offer(SseFrame frame, OverflowPolicy policy) {
		return offer(frame, policy, true);
	}

	/**
	 * Queue a frame of a replay, before the client is registered: the broadcaster bounded
	 * the replay by the queue's bounds already, so that nothing queued before it, its opening
	 * frame included, is dropped to make room.
	 * @param frame the frame
	 */
	void offerReplayed(SseFrame frame) {
		offer(frame, OverflowPolicy.DROP_OLDEST, false);
	}

	private Offer offer(SseFrame frame, OverflowPolicy policy, boolean bounded) {
		if (this.closeRequested) {
			return Offer.CLOSED;
		}
		boolean dropped = false;
		this.offering.incrementAndGet();
		try {
			// checked again inside: close() waits for the publishers that passed this check
			// before it queues its last frame, so that nothing is queued after it
			if (this.closeRequested) {
				return Offer.CLOSED;
			}
			int length = frame.length();
			int count = this.queued.incrementAndGet();
			long bytes = this.queuedBytes.addAndGet(length);
			if (bounded && isBeyondBounds(count, bytes)) {
				if (policy == OverflowPolicy.DISCONNECT) {
					this.queued.decrementAndGet();
					this.queuedBytes.addAndGet(-length);
					if (frame.isEvent()) {
						this.listener.eventsDropped(SseBroadcastListener.DropReason.OVERFLOW, 1);
					}
					return Offer.REJECTED;
				}
				dropped = dropOldestBeyondBounds();
			}
			this.queue.offer(frame);
		}
		finally {
			this.offering.decrementAndGet();
		}
		if (!scheduleWriter()) {
			return Offer.CLOSED;
		}
		return dropped ? Offer.DROPPED_OLDEST : Offer.QUEUED;
	}

	private boolean isBeyondBounds(int count, long bytes) {
		return count > this.capacity || (bytes > this.maxBytes && count > 1);
	}

	/**
	 * Drop the oldest frames until the queue, counting a frame about to be queued, is within
	 * its bounds again, or nothing is left to drop (the writer may have just taken them).
	 * @return whether any frame was dropped
	 */
	private boolean dropOldestBeyondBounds() {
		int dropped = 0;
		int events = 0;
		while (isBeyondBounds(this.queued.get(), this.queuedBytes.get())) {
			SseFrame oldest = this.queue.poll();
			if (oldest == null) {
				break;
			}
			dropped++;
			events += oldest.isEvent() ? 1 : 0;
			this.queued.decrementAndGet();
			this.queuedBytes.addAndGet(-oldest.length());
		}
		if (events > 0) {
			this.listener.eventsDropped(SseBroadcastListener.DropReason.OVERFLOW, events);
		}
		return dropped > 0;
	}

	/**
	 * Whether this is the first overflow of this client, so it is reported once.
	 * @return {@code true} the first time only
	 */
	boolean firstOverflow() {
		return this.overflowReported.compareAndSet(false, true);
	}

	/**
	 * Ask the writer to send what is queued and the given last frame, and then complete the
	 * stream. Nothing a publisher offers from now on is queued.
	 * @param lastFrame sent after what is pending, or {@code null}
	 * @param reason why the broadcaster ends the stream
	 */
	void close(@Nullable SseFrame lastFrame, SseBroadcastListener.DisconnectReason reason) {
		endingFor(reason);
		this.closeRequested = true;
		while (this.offering.get() != 0) {
			// a publisher that saw the client open is appending: its frame goes before the last
			Thread.onSpinWait();
		}
		if (lastFrame != null && !this.streamEnded) {
			this.queued.incrementAndGet();
			this.queuedBytes.addAndGet(lastFrame.length());
			this.queue.offer(lastFrame);
		}
		this.completeRequested = true;
		scheduleWriter();
	}

	/**
	 * End the client at once, dropping what is queued and whatever its transport holds: for
	 * a client that is too slow, or has taken nothing for the write timeout.
	 * @param reason why the broadcaster ends the stream
	 */
	void abort(SseBroadcastListener.DisconnectReason reason) {
		endingFor(reason);
		this.closeRequested = true;
		if (this.streamEnded) {
			return;
		}
		ended();
		try {
			this.transport.abort();
		}
		catch (RuntimeException ex) {
			// the stream ended meanwhile
		}
	}

	private void endingFor(SseBroadcastListener.DisconnectReason reason) {
		if (this.endReason == null && !this.streamEnded) {
			this.endReason = reason;
		}
	}

	/**
	 * Return whether the writer has waited for the transport to take frames for at least the
	 * given time.
	 * @param now the broadcaster's clock
	 * @param timeoutNanos the write timeout
	 * @return whether the client is stalled
	 */
	boolean isStalled(long now, long timeoutNanos) {
		long waiting = this.waitingSince.get();
		long completing = this.completingSince;
		return !this.streamEnded && ((waiting != NOT_WAITING && now - waiting >= timeoutNanos)
				|| (completing != NOT_WAITING && now - completing >= timeoutNanos));
	}

	/**
	 * Record that the stream ended, however it ended (completion, timeout, error, a failed
	 * write): release what the client still holds and detach it.
	 */
	@Override
	public void ended() {
		this.streamEnded = true;
		this.closeRequested = true;
		this.completeRequested = true;
		discardQueue();
		if (this.detached.compareAndSet(false, true)) {
			this.detachListener.accept(this);
		}
	}

	private void discardQueue() {
		int discarded = 0;
		int events = 0;
		long bytes = 0;
		SseFrame frame;
		while ((frame = this.queue.poll()) != null) {
			discarded++;
			events += frame.isEvent() ? 1 : 0;
			bytes += frame.length();
		}
		this.queued.addAndGet(-discarded);
		this.queuedBytes.addAndGet(-bytes);
		if (events > 0) {
			this.listener.eventsDropped(SseBroadcastListener.DropReason.DISCONNECTED, events);
		}
	}

	/**
	 * Resume the writer, which returned when the transport could take no more frames.
	 */
	@Override
	public void writePossible() {
		this.writePossible.set(true);
		// the writer may be between its isReady() and its wait: whichever of the two ends the
		// wait resumes writing, the other leaves it
		long since = this.waitingSince.get();
		if (since != NOT_WAITING && this.waitingSince.compareAndSet(since, NOT_WAITING)) {
			execute();
		}
	}

	/**
	 * Hand the writer to the executor unless it is scheduled already.
	 * @return {@code false} if the executor refused it, and the client's stream was ended
	 */
	private boolean scheduleWriter() {
		return !this.writerScheduled.compareAndSet(false, true) || execute();
	}

	private boolean execute() {
		try {
			this.writerExecutor.execute(this.writer);
			return true;
		}
		catch (RejectedExecutionException ex) {
			// no writer will ever run for this client: end its stream and connection here, or
			// the client would keep an open connection that nothing is sent to; the executor
			// refuses work once the broadcaster is destroyed
			abort(SseBroadcastListener.DisconnectReason.SHUTDOWN);
			return false;
		}
	}

	private void drain() {
		// whether the transport was written to and not asked since whether it took it all
		boolean written = false;
		while (true) {
			if (this.streamEnded) {
				// the writer stays scheduled for good: no other runs for an ended client
				discardQueue();
				return;
			}
			boolean pending = !this.queue.isEmpty();
			if (pending || written) {
				// asked after the last write too: a client whose socket holds what was written
				// is waiting for, even with nothing queued, and its write deadline runs
				// a signal from before this question is stale: the answer tells
				this.writePossible.set(false);
				if (!this.transport.isReady() && !resumeAfterWait()) {
					return;
				}
				written = pending && send();
				continue;
			}
			if (this.completeRequested) {
				if (!this.queue.isEmpty()) {
					// the last frame, queued by close() after this writer found the queue empty
					continue;
				}
				// the client stays until its transport says it ended: a transport that cannot
				// end at once, as its client takes nothing, is aborted at the write timeout;
				// the writer stays scheduled, and write-possible callbacks no longer resume it
				this.completingSince = waitingSinceNow();
				completeStream();
				return;
			}
			this.writerScheduled.set(false);
			// A publisher may have queued a frame after the last poll but before the flag
			// was cleared, and seen the writer as still scheduled: look once more.
			if ((this.queue.isEmpty() && !this.completeRequested) || !this.writerScheduled.compareAndSet(false, true)) {
				return;
			}
		}
	}

	/**
	 * Wait for the transport, which cannot take frames now, without holding the thread: the
	 * writer stays scheduled, so publishers only queue, and {@link #writePossible()} runs it
	 * again.
	 * @return {@code true} if the transport said meanwhile that it can take frames, and the
	 * writer goes on at once
	 */
	private boolean resumeAfterWait() {
		long since = waitingSinceNow();
		this.waitingSince.set(since);
		return this.writePossible.getAndSet(false) && this.waitingSince.compareAndSet(since, NOT_WAITING);
	}

	private long waitingSinceNow() {
		long now = this.nanoClock.getAsLong();
		return (now != NOT_WAITING) ? now : 1;
	}

	/**
	 * Send what is queued, in one batch of at most {@code maxBatch} frames.
	 * @return whether something was sent
	 */
	private boolean send() {
		SseFrame frame = this.queue.poll();
		if (frame == null) {
			return false;
		}
		// A new array for each write, sized to what is pending: storing frames into a
		// long-lived array of the client's, in the old generation, would give the garbage
		// collector a card to scan for every delivery.
		SseFrame[] batch = new SseFrame[Math.max(1, Math.min(this.maxBatch, this.queued.get()))];
		batch[0] = frame;
		int count = 1;
		int events = frame.isEvent() ? 1 : 0;
		long bytes = frame.length();
		while (count < batch.length && (frame = this.queue.poll()) != null) {
			batch[count++] = frame;
			events += frame.isEvent() ? 1 : 0;
			bytes += frame.length();
		}
		this.queued.addAndGet(-count);
		this.queuedBytes.addAndGet(-bytes);
		boolean sent = !this.streamEnded && this.transport.send(batch, count);
		this.lastWriteNanos = this.nanoClock.getAsLong();
		if (events > 0) {
			if (sent) {
				this.listener.eventsDelivered(events);
			}
			else {
				this.listener.eventsDropped(SseBroadcastListener.DropReason.DISCONNECTED, events);
			}
		}
		if (!sent) {
			// no complete() for a stream that ended or whose write failed: its request has
			// ended, or the container or the stream itself ends it
			ended();
		}
		return sent;
	}

	private void completeStream() {
		try {
			this.transport.complete();
		}
		catch (RuntimeException ex) {
			// the request ended meanwhile, and with it the stream
		}
	}

	@Override
	public String toString() {
		return "SseClient[" + this.id + "]";
	}

}
