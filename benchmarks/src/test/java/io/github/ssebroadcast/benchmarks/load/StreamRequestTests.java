package io.github.ssebroadcast.benchmarks.load;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StreamRequestTests {

	private final InetSocketAddress server = new InetSocketAddress("127.0.0.1", 18200);

	@Test
	void opensAFreshStreamOfBroadcasts() {
		assertThat(request(null, null)).isEqualTo("GET /sse/broadcast HTTP/1.1\r\nHost: 127.0.0.1:18200\r\n"
				+ "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n");
	}

	@Test
	void subscribesToATopicAndResumesAfterTheLastEventId() {
		assertThat(request("bench-17", "k3x9-501")).startsWith("GET /sse/broadcast?topic=bench-17 HTTP/1.1\r\n")
			.contains("\r\nLast-Event-ID: k3x9-501\r\n")
			.endsWith("\r\n\r\n");
	}

	@Test
	void encodesTheTopicAsAQueryParameter() {
		assertThat(request("a b&c", null)).startsWith("GET /sse/broadcast?topic=a+b%26c HTTP/1.1\r\n");
	}

	@Test
	void refusesAnIdThatWouldEndTheHeader() {
		assertThatIllegalArgumentException().isThrownBy(() -> request(null, "1\r\nX-Injected: yes"));
	}

	private String request(String topic, String lastEventId) {
		return new String(StreamRequest.bytes(this.server, "/sse/broadcast", topic, lastEventId),
				StandardCharsets.UTF_8);
	}

}
