package io.github.ssebroadcast.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} on a free loopback port, started and stopped by the test, with
 * an append-only file written on every change, so that a server killed and started again
 * on the same port comes back with its data, or, when the test says so, without it.
 * <p>Without {@code redis-server} on the path the test is skipped, unless {@code CI=true},
 * where it fails: CI installs the Debian package {@code redis-server}.
 */
public final class RedisServer implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final int port;

	private final Path directory;

	private Process process;

	private RedisServer(int port, Path directory) {
		this.port = port;
		this.directory = directory;
	}

	/**
	 * Start a server on a free port, with stream nodes of at most 4 entries, so that the
	 * approximate trimming of {@code XADD MAXLEN ~} trims small streams too.
	 * @return the running server
	 * @throws IOException if it cannot be started
	 */
	public static RedisServer start() throws IOException {
		boolean installed = Files.isExecutable(Path.of("/usr/bin/redis-server"))
				|| Files.isExecutable(Path.of("/usr/local/bin/redis-server"));
		if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
			Assumptions.assumeTrue(installed, "redis-server is not installed");
		}
		RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("redis-test"));
		server.launch();
		return server;
	}

	public int port() {
		return this.port;
	}

	/**
	 * Return the properties that point the application's Spring Data Redis at this server,
	 * with a short command timeout, and the relay's reads well within it.
	 * @return the properties
	 */
	public String[] properties() {
		return new String[] { "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.port,
				"spring.data.redis.timeout=2s", "spring.data.redis.connect-timeout=1s",
				"sse.broadcast.relay.redis.poll-timeout=250ms" };
	}

	/**
	 * Kill the server with {@code SIGKILL}, as a crash would.
	 * @throws InterruptedException if interrupted while waiting for it to end
	 */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	/**
	 * Start the server again on the same port, with the data it wrote.
	 * @throws IOException if it cannot be started
	 */
	public void restart() throws IOException {
		launch();
	}

	/**
	 * Start the server again on the same port without its data, as a server without
	 * persistence comes back.
	 * @throws IOException if it cannot be started
	 */
	public void restartWithoutData() throws IOException {
		try (var files = Files.list(this.directory)) {
			for (Path file : files.toList()) {
				deleteRecursively(file);
			}
		}
		launch();
	}

	@Override
	public void close() throws IOException, InterruptedException {
		kill();
		deleteRecursively(this.directory);
	}

	private void launch() throws IOException {
		List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(this.port), "--bind",
				"127.0.0.1", "--dir", this.directory.toString(), "--save", "", "--appendonly", "yes", "--appendfsync",
				"always", "--stream-node-max-entries", "4", "--protected-mode", "no"));
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("redis.log").toFile())
			.start();
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (!answersPing()) {
			if (!this.process.isAlive() || System.nanoTime() > deadline) {
				throw new IOException("redis-server did not start on port " + this.port + ": "
						+ Files.readString(this.directory.resolve("redis.log")));
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
		}
	}

	private boolean answersPing() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = new byte[7];
			int read = in.readNBytes(answer, 0, 7);
			return new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static void deleteRecursively(Path path) throws IOException {
		if (Files.isDirectory(path)) {
			try (var children = Files.list(path)) {
				for (Path child : children.toList()) {
					deleteRecursively(child);
				}
			}
		}
		Files.deleteIfExists(path);
	}

}
