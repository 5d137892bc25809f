package io.github.ssebroadcast.broadcast;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.github.ssebroadcast.event.SseFrame;

import org.jspecify.annotations.Nullable;

/**
 * One connected client: a queue of encoded frames, bounded in frames and in bytes, and a
 * writer that drains it into the client's {@link SseTransport}.
 * <p>Publishers only append to the queue and, when no writer is running, hand one to the
 * writer executor; they take no lock of the client's and never wait for the socket. The writer sends everything pending in one write
 * and one flush, so a burst of events costs one system call per client, not one per event.
 * At most one writer runs per client at a time.
 */
final class SseClient {

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

	private final String id;

	private final SseTransport transport;

	private final int capacity;

	private final long maxBytes;

	private final Executor writerExecutor;

	private final Queue<SseFrame> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicLong queuedBytes = new AtomicLong();

	private final AtomicBoolean writerScheduled = new AtomicBoolean();

	private final AtomicBoolean overflowReported = new AtomicBoolean();

	private final AtomicBoolean detached = new AtomicBoolean();

	private final Consumer<SseClient> detachListener;

	/** The writer, created once rather than for each time it is scheduled. */
	private final Runnable writer = this::drain;

	private final int maxBatch;

	private volatile boolean closeRequested;

	/** When the writer last sent something, from {@link System#nanoTime()}. */
	private volatile long lastWriteNanos = System.nanoTime();

	private volatile boolean streamEnded;

	SseClient(String id, SseTransport transport, int capacity, long maxBytes, int maxBatch, Executor writerExecutor,
			Consumer<SseClient> detachListener) {
		this.id = id;
		this.transport = transport;
		this.capacity = capacity;
		this.maxBytes = maxBytes;
		this.writerExecutor = writerExecutor;
		this.detachListener = detachListener;
		this.maxBatch = maxBatch;
	}

	String getId() {
		return this.id;
	}

	/**
	 * Queue a keep-alive frame if the stream has sent nothing for the given time and nothing
	 * is queued, so that a busy stream gets none and a keep-alive never takes the place of an
	 * event: a publisher that queues an event meanwhile makes it give up.
	 * @param frame the keep-alive frame
	 * @param idleNanos how long the stream must have been silent
	 */
	void offerKeepAlive(SseFrame frame, long idleNanos) {
		if (!this.closeRequested && System.nanoTime() - this.lastWriteNanos >= idleNanos
				&& this.queued.compareAndSet(0, 1)) {
			this.queuedBytes.addAndGet(frame.length());
			this.queue.offer(frame);
			scheduleWriter();
		}
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
		if (this.closeRequested) {
			return Offer.CLOSED;
		}
		int length = frame.length();
		int count = this.queued.incrementAndGet();
		long bytes = this.queuedBytes.addAndGet(length);
		if (isBeyondBounds(count, bytes)) {
			if (policy == OverflowPolicy.DISCONNECT) {
				this.queued.decrementAndGet();
				this.queuedBytes.addAndGet(-length);
				return Offer.REJECTED;
			}
			boolean dropped = dropOldestBeyondBounds();
			this.queue.offer(frame);
			if (!scheduleWriter()) {
				return Offer.CLOSED;
			}
			return dropped ? Offer.DROPPED_OLDEST : Offer.QUEUED;
		}
		this.queue.offer(frame);
		return scheduleWriter() ? Offer.QUEUED : Offer.CLOSED;
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
		boolean dropped = false;
		while (isBeyondBounds(this.queued.get(), this.queuedBytes.get())) {
			SseFrame oldest = this.queue.poll();
			if (oldest == null) {
				return dropped;
			}
			dropped = true;
			this.queued.decrementAndGet();
			this.queuedBytes.addAndGet(-oldest.length());
		}
		return dropped;
	}

	/**
	 * Whether this is the first overflow of this client, so it is reported once.
	 * @return {@code true} the first time only
	 */
	boolean firstOverflow() {
		return this.overflowReported.compareAndSet(false, true);
	}

	/**
	 * Ask the writer to send the given last frame, if any, and then complete the stream.
	 * @param lastFrame sent after what is pending, or {@code null}
	 * @param discardPending whether to drop what is still queued and detach the client at
	 * once, for a client that is too slow to wait for
	 */
	void close(@Nullable SseFrame lastFrame, boolean discardPending) {
		if (discardPending) {
			discardQueue();
			detach();
		}
		if (lastFrame != null) {
			this.queued.incrementAndGet();
			this.queuedBytes.addAndGet(lastFrame.length());
			this.queue.offer(lastFrame);
		}
		this.closeRequested = true;
		scheduleWriter();
	}

	/**
	 * Record that the stream ended, however it ended (completion, timeout, error, a failed
	 * write): release what the client still holds and detach it.
	 */
	void streamEnded() {
		this.streamEnded = true;
		this.closeRequested = true;
		discardQueue();
		detach();
	}

	private void detach() {
		if (this.detached.compareAndSet(false, true)) {
			this.detachListener.accept(this);
		}
	}

	private void discardQueue() {
		int discarded = 0;
		long bytes = 0;
		SseFrame frame;
		while ((frame = this.queue.poll()) != null) {
			discarded++;
			bytes += frame.length();
		}
		this.queued.addAndGet(-discarded);
		this.queuedBytes.addAndGet(-bytes);
	}

	/**
	 * Hand the writer to the executor unless it is scheduled already.
	 * @return {@code false} if the executor refused it, and the client's stream was ended
	 */
	private boolean scheduleWriter() {
		if (this.writerScheduled.compareAndSet(false, true)) {
			try {
				this.writerExecutor.execute(this.writer);
			}
			catch (RejectedExecutionException ex) {
				// no writer will ever run for this client: end its stream here, or the
				// client would keep an open connection that nothing is sent to
				streamEnded();
				completeStream();
				return false;
			}
		}
		return true;
	}

	private void drain() {
		while (true) {
			SseFrame frame = this.queue.poll();
			if (frame != null) {
				// A new array for each write, sized to what is pending: storing frames into a
				// long-lived array of the client's, in the old generation, would give the
				// garbage collector a card to scan for every delivery.
				SseFrame[] batch = new SseFrame[Math.max(1, Math.min(this.maxBatch, this.queued.get()))];
				batch[0] = frame;
				int count = 1;
				long bytes = frame.length();
				while (count < batch.length && (frame = this.queue.poll()) != null) {
					batch[count++] = frame;
					bytes += frame.length();
				}
				this.queued.addAndGet(-count);
				this.queuedBytes.addAndGet(-bytes);
				boolean sent = !this.streamEnded && this.transport.send(batch, count);
				this.lastWriteNanos = System.nanoTime();
				if (!sent) {
					// no complete() for a stream that ended or whose write failed: its request has
					// ended, or the container or the stream itself ends it
					streamEnded();
					return;
				}
				continue;
			}
			if (this.closeRequested) {
				if (!this.queue.isEmpty()) {
					// queued between the last poll and the close: the last frame, say
					continue;
				}
				if (!this.streamEnded) {
					// complete first: once detached, the client no longer holds up a shutdown
					completeStream();
					streamEnded();
				}
				return;
			}
			this.writerScheduled.set(false);
			// A publisher may have queued a frame after the last poll but before the flag
			// was cleared, and seen the writer as still scheduled: look once more.
			if ((this.queue.isEmpty() && !this.closeRequested) || !this.writerScheduled.compareAndSet(false, true)) {
				return;
			}
		}
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
