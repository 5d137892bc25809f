package io.github.ssebroadcast.benchmarks.runner;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test running as a child process. Every started process is destroyed by a
 * shutdown hook, so a failed or interrupted run leaves nothing behind.
 */
final class ServerProcess implements AutoCloseable {

	private static final Set<Process> running = ConcurrentHashMap.newKeySet();

	private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(ServerProcess::destroy)));
	}

	private final Process process;

	private final int port;

	private final Path log;

	private ServerProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Start a server and wait until its port accepts connections.
	 * @param name a name for its log file
	 * @param command the command line
	 * @param port the port it listens on
	 * @param logDirectory where to write its output
	 * @param timeout how long it may take to start
	 * @return the running server
	 * @throws IOException if it cannot be started or does not start in time
	 */
	static ServerProcess start(String name, List<String> command, int port, Path logDirectory, Duration timeout)
			throws IOException {
		if (accepts(port)) {
			// the run would measure whatever listens there, such as a server left by an earlier run
			throw new IOException("Port " + port + " is already in use; stop what listens there or pick other ports "
					+ "with --port=");
		}
		Files.createDirectories(logDirectory);
		Path log = logDirectory.resolve(name + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		running.add(process);
		ServerProcess server = new ServerProcess(process, port, log);
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				server.close();
				throw new IOException(name + " exited at start-up, see " + log);
			}
			if (accepts(port)) {
				return server;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
		}
		server.close();
		throw new IOException(name + " did not listen on port " + port + " within " + timeout + ", see " + log);
	}

	/**
	 * Return a loopback port that nothing listens on now, for a server started next.
	 * @return the port
	 * @throws IOException if no port can be had
	 */
	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The java command of this JVM, with the given options.
	 * @param options JVM options
	 * @return the start of a command line
	 */
	static List<String> java(List<String> options) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(options);
		return command;
	}

	InetSocketAddress address() {
		return new InetSocketAddress("127.0.0.1", this.port);
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Return the resident set size of the process.
	 * @return the RSS in KiB, or -1 if unknown
	 */
	long rssKiB() {
		return statusField("VmRSS:");
	}

	/**
	 * Return the number of threads of the process.
	 * @return the thread count, or -1 if unknown
	 */
	long threads() {
		return statusField("Threads:");
	}

	/**
	 * Return the CPU time the process has used so far, user and system.
	 * @return the time in nanoseconds, or -1 if unknown
	 */
	long cpuNanos() {
		return cpuNanos(pid());
	}

	/**
	 * Return the CPU time a process has used so far, user and system, from
	 * {@code /proc/<pid>/stat}, whose times are in ticks of 1/100 s on Linux.
	 * @param pid the process
	 * @return the time in nanoseconds, or -1 if unknown
	 */
	static long cpuNanos(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
			// fields after the command name, which may hold spaces: state is the first, utime the 12th
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return ticks * 10_000_000L;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	private long statusField(String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
				if (line.startsWith(field)) {
					return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux, or gone
		}
		return -1;
	}

	/**
	 * Run a full garbage collection in the server and return the heap it still uses.
	 * @return the used heap in KiB after the collection, or -1 if unknown
	 */
	long heapAfterGcKiB() {
		jcmd("GC.run");
		String info = jcmd("GC.heap_info");
		Matcher matcher = HEAP_USED.matcher(info);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
	}

	private String jcmd(String command) {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		try {
			Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), command)
				.redirectErrorStream(true)
				.start();
			byte[] output = process.getInputStream().readAllBytes();
			process.waitFor(30, TimeUnit.SECONDS);
			return new String(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	File log() {
		return this.log.toFile();
	}

	/**
	 * Stop the server with SIGTERM, as a container platform does, and time how long it takes
	 * to exit; past the given time it is killed.
	 * @param timeout how long to wait
	 * @return how long it took, or the timeout
	 */
	Duration stop(Duration timeout) {
		long start = System.nanoTime();
		this.process.destroy();
		try {
			if (this.process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
				return Duration.ofNanos(System.nanoTime() - start);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		close();
		return timeout;
	}

	@Override
	public void close() {
		destroy(this.process);
		running.remove(this.process);
	}

	private static void destroy(Process process) {
		process.destroy();
		try {
			if (!process.waitFor(5, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				process.waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
