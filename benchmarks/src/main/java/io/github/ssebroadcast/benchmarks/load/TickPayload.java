package io.github.ssebroadcast.benchmarks.load;

/**
 * The data of a benchmark event: {@code <step> <seq> <publishedAt> <padding>}, all ASCII.
 * The step says which part of a scenario published it, the sequence number is unique and
 * rising over a run, and {@code publishedAt} is the load generator's clock
 * ({@link System#nanoTime()}) at the moment the event was due to be published, so that a
 * late publisher cannot hide latency (no coordinated omission).
 */
public final class TickPayload {

	/** Event type of benchmark events. */
	public static final String EVENT = "tick";

	static final byte[] EVENT_BYTES = EVENT.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private TickPayload() {
	}

	/**
	 * Format a payload.
	 * @param step the step
	 * @param seq the sequence number
	 * @param publishedAt when it was due, in nanoseconds of the load generator's clock
	 * @param padding how many padding characters to append
	 * @return the data text
	 */
	public static String format(int step, long seq, long publishedAt, int padding) {
		StringBuilder sb = new StringBuilder(48 + padding);
		sb.append(step).append(' ').append(seq).append(' ').append(publishedAt);
		if (padding > 0) {
			sb.append(' ');
			for (int i = 0; i < padding; i++) {
				sb.append((char) ('a' + (i % 26)));
			}
		}
		return sb.toString();
	}

	/**
	 * Parse the numbers of a payload.
	 * @param data the data bytes
	 * @param length how many bytes
	 * @param out receives step, sequence number and publication time
	 * @return whether the data is a well-formed payload
	 */
	public static boolean parse(byte[] data, int length, long[] out) {
		int field = 0;
		int i = 0;
		while (field < 3) {
			if (i >= length) {
				return false;
			}
			long value = 0;
			int start = i;
			while (i < length && data[i] >= '0' && data[i] <= '9') {
				value = value * 10 + (data[i] - '0');
				i++;
			}
			if (i == start || i - start > 18) {
				return false;
			}
			out[field++] = value;
			if (field < 3) {
				if (i >= length || data[i] != ' ') {
					return false;
				}
				i++;
			}
		}
		return i == length || data[i] == ' ';
	}

}
