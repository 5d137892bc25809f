package io.github.ssebroadcast.benchmarks.load;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TickPayloadTests {

	@Test
	void parsesWhatItFormats() {
		String text = TickPayload.format(12, 345678, 9876543210123L, 16);
		byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
		long[] out = new long[3];
		assertThat(TickPayload.parse(bytes, bytes.length, out)).isTrue();
		assertThat(out).containsExactly(12, 345678, 9876543210123L);
		assertThat(text).hasSize("12 345678 9876543210123 ".length() + 16);
	}

	@Test
	void parsesPayloadWithoutPadding() {
		byte[] bytes = TickPayload.format(1, 2, 3, 0).getBytes(StandardCharsets.US_ASCII);
		long[] out = new long[3];
		assertThat(TickPayload.parse(bytes, bytes.length, out)).isTrue();
		assertThat(out).containsExactly(1, 2, 3);
	}

	@Test
	void rejectsMalformedPayloads() {
		long[] out = new long[3];
		for (String bad : new String[] { "", "1 2", "1  2 3", "a 2 3", "1 2 3x", "1 2 12345678901234567890" }) {
			byte[] bytes = bad.getBytes(StandardCharsets.US_ASCII);
			assertThat(TickPayload.parse(bytes, bytes.length, out)).as(bad).isFalse();
		}
	}

}
