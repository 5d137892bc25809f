package io.github.ssebroadcast.benchmarks.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a run is on, and how busy it is: CPU model and count, memory, Java version,
 * the load average and the open-file limit.
 *
 * @param cpu the CPU model and count
 * @param memory the total memory
 * @param java the Java runtime
 * @param loadAverage the 1, 5 and 15 minute load averages
 * @param openFiles the soft open-file limit of this process
 */
record Machine(String cpu, String memory, String java, String loadAverage, String openFiles) {

	static Machine describe() {
		String model = "unknown CPU";
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					model = line.substring(line.indexOf(':') + 1).trim();
					break;
				}
			}
		}
		catch (IOException ex) {
			// not Linux
		}
		String cpu = model + ", " + Runtime.getRuntime().availableProcessors() + " CPUs";
		String memory = firstMatch(Path.of("/proc/meminfo"), "MemTotal:");
		String load = read(Path.of("/proc/loadavg"));
		String[] parts = load.split(" ");
		String loadAverage = (parts.length >= 3) ? parts[0] + " " + parts[1] + " " + parts[2] : load;
		String openFiles = firstMatch(Path.of("/proc/self/limits"), "Max open files");
		String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
		return new Machine(cpu, memory, java, loadAverage, openFiles);
	}

	private static String firstMatch(Path file, String prefix) {
		try {
			List<String> lines = Files.readAllLines(file);
			for (String line : lines) {
				if (line.startsWith(prefix)) {
					return line.substring(prefix.length()).trim().replaceAll("\\s+", " ");
				}
			}
		}
		catch (IOException ex) {
			// not Linux
		}
		return "unknown";
	}

	private static String read(Path file) {
		try {
			return Files.readString(file).trim();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	/**
	 * Return the soft limit of open files.
	 * @return the limit, or -1 if unknown or unlimited
	 */
	long openFilesSoftLimit() {
		try {
			return Long.parseLong(this.openFiles.split(" ")[0]);
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	@Override
	public String toString() {
		return this.cpu + "; " + this.memory + " memory; " + this.java + "; load average " + this.loadAverage
				+ "; open files (soft hard unit) " + this.openFiles;
	}

}
