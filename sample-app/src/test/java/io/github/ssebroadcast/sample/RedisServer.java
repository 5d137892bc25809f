package io.github.ssebroadcast.sample;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.util.FileSystemUtils;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} on a free port of 127.0.0.1, without persistence, started and
 * killed by the test: the {@code redis-server} on the path, or the one the
 * {@code redis.server} system property names.
 *
 * @see RequiresRedisServer
 */
final class RedisServer implements AutoCloseable {

	static final String INSTALL_HINT = "Install it with 'apt-get install -y redis-server' "
			+ "(or set -Dredis.server=/path/to/redis-server).";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final Process process;

	private final int port;

	private final Path directory;

	private RedisServer(Path executable, int port, Path directory) throws IOException {
		this.port = port;
		this.directory = directory;
		this.process = new ProcessBuilder(executable.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
				"--protected-mode", "no", "--save", "", "--appendonly", "no", "--dir", directory.toString())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("redis.log").toFile())
			.start();
	}

	/**
	 * Return the {@code redis-server} executable.
	 * @return its path, or empty if it is not installed
	 */
	static Optional<Path> executable() {
		String configured = System.getProperty("redis.server");
		Stream<Path> candidates = (configured != null) ? Stream.of(Path.of(configured))
				: Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
					.filter((directory) -> !directory.isEmpty())
					.map((directory) -> Path.of(directory, "redis-server"));
		return candidates.filter(Files::isExecutable).findFirst();
	}

	/**
	 * Start a server on a free port, and return once it answers {@code PING}.
	 * @return the running server
	 * @throws IOException if it cannot be started
	 */
	static RedisServer start() throws IOException {
		Path executable = executable().orElseThrow(() -> new IOException("redis-server not found. " + INSTALL_HINT));
		RedisServer server = new RedisServer(executable, freePort(), Files.createTempDirectory("redis-sample-"));
		try {
			await("redis-server answering PING on port " + server.port).atMost(START_TIMEOUT)
				.pollInterval(Duration.ofMillis(20))
				.failFast("redis-server ended", () -> !server.process.isAlive())
				.until(server::answersPing);
		}
		catch (RuntimeException ex) {
			String log = Files.readString(server.directory.resolve("redis.log"));
			server.close();
			throw new IOException("redis-server did not start: " + log, ex);
		}
		return server;
	}

	int port() {
		return this.port;
	}

	/**
	 * Return the command-line arguments that point the sample's Spring Data Redis at this
	 * server and turn the relay on, with the relay's reads well within the command timeout.
	 * @return the arguments
	 */
	String[] relayArguments() {
		return new String[] { "--sse.broadcast.relay.type=redis", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + this.port, "--sse.broadcast.relay.redis.poll-timeout=250ms" };
	}

	/**
	 * Kill the server and delete its directory.
	 */
	@Override
	public void close() throws IOException {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		FileSystemUtils.deleteRecursively(this.directory);
	}

	private boolean answersPing() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readNBytes(5), StandardCharsets.US_ASCII).equals("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Enables {@link RequiresRedisServer} tests when {@code redis-server} is installed;
	 * otherwise skips them with a visible message, or fails them when {@code CI=true}.
	 */
	static final class Condition implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if (executable().isPresent()) {
				return ConditionEvaluationResult.enabled("redis-server is installed");
			}
			String configured = System.getProperty("redis.server");
			String what = (configured != null) ? "redis-server not found at " + configured
					: "redis-server not found on the path";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new IllegalStateException(
						what + ": relay tests cannot run, and CI=true requires them. " + INSTALL_HINT);
			}
			String message = what + ": relay tests SKIPPED. " + INSTALL_HINT;
			if (context.getTestMethod().isEmpty()) {
				System.err.println("WARNING: " + context.getDisplayName() + ": " + message);
			}
			return ConditionEvaluationResult.disabled(message);
		}

	}

}
