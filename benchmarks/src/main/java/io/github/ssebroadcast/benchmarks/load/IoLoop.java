package io.github.ssebroadcast.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import org.HdrHistogram.Histogram;

/**
 * One thread and one selector reading many event streams. Everything it owns, the clients
 * and the statistics, is only touched on its thread; other threads ask through
 * {@link #call(Function)}. Its clients can drop their connections and resume later, each
 * with the id of the last event it received.
 */
final class IoLoop implements Runnable {

	/** Highest recorded latency, in microseconds. */
	static final long MAX_LATENCY_MICROS = 120_000_000L;

	static final int MAX_STEPS = 1024;

	private final Selector selector;

	private final Thread thread;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final ByteBuffer readBuffer = ByteBuffer.allocate(256 * 1024);

	private final Queue<StreamClient> toConnect = new ArrayDeque<>();

	private final List<InetSocketAddress> servers;

	private final String path;

	private final int maxPendingConnects;

	private final int lanes;

	final List<StreamClient> clients = new ArrayList<>();

	private final Histogram[] histograms = new Histogram[MAX_STEPS];

	private final long[] deliveredPerStep = new long[MAX_STEPS];

	private final long[] lastReceiptPerStep = new long[MAX_STEPS];

	private int pendingConnects;

	long malformed;

	private volatile boolean running = true;

	IoLoop(String name, List<InetSocketAddress> servers, String path, int maxPendingConnects, int lanes)
			throws IOException {
		this.lanes = lanes;
		this.selector = Selector.open();
		this.servers = servers;
		this.path = path;
		this.maxPendingConnects = maxPendingConnects;
		this.thread = new Thread(this, name);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Run a function on this loop's thread.
	 * @param <T> the result type
	 * @param function what to run
	 * @return its result, when done
	 */
	<T> CompletableFuture<T> call(Function<IoLoop, T> function) {
		CompletableFuture<T> result = new CompletableFuture<>();
		this.tasks.add(() -> {
			try {
				result.complete(function.apply(this));
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		});
		this.selector.wakeup();
		return result;
	}

	void delivered(int step, long latencyNanos, long at) {
		if (step < 0 || step >= MAX_STEPS) {
			this.malformed++;
			return;
		}
		Histogram histogram = this.histograms[step];
		if (histogram == null) {
			histogram = new Histogram(MAX_LATENCY_MICROS, 3);
			this.histograms[step] = histogram;
		}
		histogram.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, latencyNanos / 1000)));
		this.deliveredPerStep[step]++;
		if (at > this.lastReceiptPerStep[step]) {
			this.lastReceiptPerStep[step] = at;
		}
	}

	Histogram histogram(int step) {
		Histogram histogram = this.histograms[step];
		return (histogram != null) ? histogram.copy() : new Histogram(MAX_LATENCY_MICROS, 3);
	}

	long delivered(int step) {
		return this.deliveredPerStep[step];
	}

	int openReaders() {
		int open = 0;
		for (StreamClient client : this.clients) {
			if (!client.stalled && !client.closed) {
				open++;
			}
		}
		return open;
	}

	long lastReceipt(int step) {
		return this.lastReceiptPerStep[step];
	}

	/**
	 * Queue new clients to connect, at most {@code maxPendingConnects} at a time.
	 * @param count how many
	 * @param stalled whether they never read
	 * @param spread the topics the clients subscribe to, one each, or {@code null} for none
	 * @param firstClient the index of the first of them among all clients, which picks its
	 * topic and its server: client {@code n} connects to server {@code n % servers}
	 * @return the clients
	 */
	List<StreamClient> connect(int count, boolean stalled, TopicSpread spread, int firstClient) {
		List<StreamClient> created = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			int topic = (spread != null) ? spread.topicOfClient(firstClient + i) : -1;
			InetSocketAddress server = this.servers.get((firstClient + i) % this.servers.size());
			StreamClient client = new StreamClient(this, server, stalled, this.lanes, topic,
					(spread != null) ? spread.name(topic) : null);
			created.add(client);
			this.clients.add(client);
			this.toConnect.add(client);
		}
		startConnects();
		return created;
	}

	/**
	 * Close the connection of every client that reads, as a network that drops does, and
	 * keep the clients and what they received, to resume later.
	 */
	void dropConnections() {
		for (StreamClient client : this.clients) {
			if (!client.stalled) {
				if (client.connecting) {
					client.connecting = false;
					this.pendingConnects--;
				}
				this.toConnect.remove(client);
				close(client);
				client.closed = true;
			}
		}
	}

	/**
	 * Connect every client that reads again, closing what is still open, each sending the id
	 * of the last event it received, at most {@code maxPendingConnects} at a time.
	 * @return the clients
	 */
	List<StreamClient> resume() {
		dropConnections();
		List<StreamClient> resuming = new ArrayList<>();
		for (StreamClient client : this.clients) {
			if (!client.stalled) {
				client.prepareToResume();
				resuming.add(client);
				this.toConnect.add(client);
			}
		}
		startConnects();
		return resuming;
	}

	private void startConnects() {
		StreamClient client;
		while (this.pendingConnects < this.maxPendingConnects && (client = this.toConnect.poll()) != null) {
			try {
				SocketChannel channel = SocketChannel.open();
				channel.configureBlocking(false);
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
				if (client.stalled) {
					channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
				}
				client.channel = channel;
				client.connectStartedAt = System.nanoTime();
				this.pendingConnects++;
				client.connecting = true;
				if (channel.connect(client.server)) {
					onConnected(client);
				}
				else {
					client.key = channel.register(this.selector, SelectionKey.OP_CONNECT, client);
				}
			}
			catch (IOException ex) {
				fail(client, "connect: " + ex);
			}
		}
	}

	private void onConnected(StreamClient client) throws IOException {
		this.pendingConnects--;
		client.connecting = false;
		ByteBuffer request = ByteBuffer
			.wrap(StreamRequest.bytes(client.server, this.path, client.topic, client.resumedFrom));
		while (request.hasRemaining()) {
			if (client.channel.write(request) == 0) {
				throw new IOException("request did not fit the socket buffer");
			}
		}
		client.connectedAt = System.nanoTime();
		int interest = client.stalled ? 0 : SelectionKey.OP_READ;
		if (client.key == null) {
			client.key = client.channel.register(this.selector, interest, client);
		}
		else {
			client.key.interestOps(interest);
		}
	}

	/**
	 * Start reading the stalled clients, to find out which ones the server closed.
	 */
	void resumeStalled() {
		for (StreamClient client : this.clients) {
			if (client.stalled && client.key != null && client.key.isValid()) {
				client.key.interestOps(SelectionKey.OP_READ);
			}
		}
	}

	void closeReaders() {
		this.clients.removeIf((client) -> {
			if (client.stalled) {
				return false;
			}
			close(client);
			return true;
		});
	}

	void closeAll() {
		for (StreamClient client : this.clients) {
			close(client);
		}
		this.clients.clear();
		this.toConnect.clear();
		this.pendingConnects = 0;
	}

	private void close(StreamClient client) {
		if (client.channel != null && client.channel.isOpen()) {
			try {
				// reset rather than linger, so no TIME_WAIT piles up between scenarios
				client.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
				client.channel.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
	}

	private void fail(StreamClient client, String reason) {
		if (client.connecting) {
			client.connecting = false;
			this.pendingConnects--;
		}
		if (!client.closed) {
			client.closed = true;
			if (client.error == null) {
				client.error = reason;
			}
		}
		close(client);
	}

	void stop() {
		this.running = false;
		this.selector.wakeup();
		try {
			this.thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		closeAll();
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			// stopping anyway
		}
	}

	@Override
	public void run() {
		byte[] array = this.readBuffer.array();
		while (this.running) {
			try {
				this.selector.select(100);
				Runnable task;
				while ((task = this.tasks.poll()) != null) {
					task.run();
				}
				for (SelectionKey key : this.selector.selectedKeys()) {
					StreamClient client = (StreamClient) key.attachment();
					if (!key.isValid()) {
						continue;
					}
					try {
						if (key.isConnectable()) {
							if (client.channel.finishConnect()) {
								onConnected(client);
							}
						}
						else if (key.isReadable()) {
							read(client, array);
						}
					}
					catch (IOException ex) {
						fail(client, ex.toString());
					}
				}
				this.selector.selectedKeys().clear();
				startConnects();
			}
			catch (IOException | RuntimeException ex) {
				if (this.running) {
					System.err.println("load generator loop failed: " + ex);
					ex.printStackTrace();
				}
			}
		}
	}

	private void read(StreamClient client, byte[] array) throws IOException {
		// read what is there, but give other sockets a turn after a few buffers
		for (int i = 0; i < 4; i++) {
			this.readBuffer.clear();
			int n = client.channel.read(this.readBuffer);
			if (n < 0) {
				fail(client, "closed by server");
				return;
			}
			if (n == 0) {
				return;
			}
			client.onBytes(array, 0, n, System.nanoTime());
			if (n < this.readBuffer.capacity()) {
				return;
			}
		}
	}

}
