package io.github.ssebroadcast.benchmarks.runner;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code redis-server} that the relay scenario's instances relay through: found on the
 * path, started on a free loopback port without persistence, and run as a
 * {@link ServerProcess}, so that it is stopped at the end of the scenario, and by the
 * shutdown hook when a run fails.
 */
final class RedisServer {

	/** The name of the executable. */
	static final String EXECUTABLE = "redis-server";

	/** Where Debian's package and a build from source put it, looked in after the path. */
	static final List<Path> USUAL_DIRECTORIES = List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin"));

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private RedisServer() {
	}

	/**
	 * Find {@code redis-server} in the directories of the {@code PATH}, then in the usual
	 * ones.
	 * @return the executable, or empty when it is not installed
	 */
	static Optional<Path> find() {
		List<Path> directories = new ArrayList<>();
		String path = System.getenv("PATH");
		for (String entry : (path != null) ? path.split(File.pathSeparator) : new String[0]) {
			try {
				if (!entry.isEmpty()) {
					directories.add(Path.of(entry));
				}
			}
			catch (InvalidPathException ex) {
				// not a directory to look in
			}
		}
		directories.addAll(USUAL_DIRECTORIES);
		return find(directories);
	}

	/**
	 * Find {@code redis-server} in the given directories.
	 * @param directories where to look, in order
	 * @return the first executable found, or empty
	 */
	static Optional<Path> find(List<Path> directories) {
		return directories.stream()
			.map((directory) -> directory.resolve(EXECUTABLE))
			.filter((file) -> Files.isRegularFile(file) && Files.isExecutable(file))
			.findFirst();
	}

	/**
	 * Return the command line of a server on a loopback port that keeps nothing on disk: no
	 * snapshot, no append-only file.
	 * @param executable the {@code redis-server} executable
	 * @param port the port
	 * @param directory its working directory, where it would write if it wrote anything
	 * @return the command
	 */
	static List<String> command(Path executable, int port, Path directory) {
		return List.of(executable.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
				"--appendonly", "no", "--dir", directory.toString());
	}

	/**
	 * Start a server on a free loopback port and wait until it accepts connections.
	 * @param executable the {@code redis-server} executable
	 * @param name a name for its log file
	 * @param logDirectory where to write its log, and its working directory
	 * @return the running server
	 * @throws IOException if it cannot be started
	 */
	static ServerProcess start(Path executable, String name, Path logDirectory) throws IOException {
		int port = ServerProcess.freePort();
		Files.createDirectories(logDirectory);
		return ServerProcess.start(name, command(executable, port, logDirectory), port, logDirectory, START_TIMEOUT);
	}

}
