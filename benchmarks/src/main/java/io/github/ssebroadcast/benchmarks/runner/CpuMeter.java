package io.github.ssebroadcast.benchmarks.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the CPU a server, or several (two instances and Redis, say), and this process, the
 * load generator and publisher, use over a stretch of time, as CPUs on average: CPU time,
 * user and system, over wall time; and what the whole machine used, so that what other
 * processes took shows. On a small machine they share, it tells which of them ran out of it.
 */
final class CpuMeter {

	private static final Path MACHINE_STAT = Path.of("/proc/stat");

	private final List<ServerProcess> servers;

	private final long self = ProcessHandle.current().pid();

	private final long startedAt = System.nanoTime();

	private final long[] serverStarts;

	private final long selfStart;

	private final long machineStart;

	private CpuMeter(List<ServerProcess> servers) {
		this.servers = servers;
		this.serverStarts = servers.stream().mapToLong(ServerProcess::cpuNanos).toArray();
		this.selfStart = ServerProcess.cpuNanos(this.self);
		this.machineStart = machineBusyNanos();
	}

	/**
	 * Return the CPU time the whole machine spent busy so far, every CPU added up, from the
	 * first line of {@code /proc/stat}: user, nice, system, irq, softirq and steal ticks of
	 * 1/100 s.
	 * @return the time in nanoseconds, or -1 if unknown
	 */
	static long machineBusyNanos() {
		try {
			String[] fields = Files.readAllLines(MACHINE_STAT).get(0).trim().split("\\s+");
			long ticks = 0;
			for (int i : new int[] { 1, 2, 3, 6, 7, 8 }) {
				ticks += Long.parseLong(fields[i]);
			}
			return ticks * 10_000_000L;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * Start measuring.
	 * @param servers the server, or the servers
	 * @return the meter
	 */
	static CpuMeter start(ServerProcess... servers) {
		return new CpuMeter(List.of(servers));
	}

	/**
	 * Return the CPUs used since the start, on average.
	 * @return the servers' and this process's
	 */
	Use stop() {
		double elapsed = System.nanoTime() - this.startedAt;
		List<Double> servers = new ArrayList<>();
		for (int i = 0; i < this.serverStarts.length; i++) {
			servers.add((this.servers.get(i).cpuNanos() - this.serverStarts[i]) / elapsed);
		}
		return new Use(List.copyOf(servers), (ServerProcess.cpuNanos(this.self) - this.selfStart) / elapsed,
				(machineBusyNanos() - this.machineStart) / elapsed, elapsed / 1e9);
	}

	/**
	 * CPUs used on average.
	 *
	 * @param servers by each server, in the order they were given
	 * @param load by the load generator and publisher
	 * @param machine by the whole machine
	 * @param seconds over how long
	 */
	record Use(List<Double> servers, double load, double machine, double seconds) {

		/**
		 * Return the CPUs the servers used, added up.
		 * @return CPUs on average
		 */
		double server() {
			return this.servers.stream().mapToDouble(Double::doubleValue).sum();
		}

		/**
		 * Return the CPUs every other process, and the kernel on no one's account, used.
		 * @return CPUs on average
		 */
		double others() {
			return Math.max(0, this.machine - server() - this.load);
		}

		/**
		 * Return the CPU time the server used.
		 * @return seconds of CPU
		 */
		double serverSeconds() {
			return server() * this.seconds;
		}

		/**
		 * Return the CPU time the load generator and publisher used.
		 * @return seconds of CPU
		 */
		double loadSeconds() {
			return this.load * this.seconds;
		}

	}

}
