package io.github.ssebroadcast.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SseEventParserTests {

	private final List<String> events = new ArrayList<>();

	private final SseEventParser parser = new SseEventParser(
			(p) -> this.events.add(p.type() + "|" + p.data() + "|" + p.lastEventId()));

	@Test
	void dispatchesOnBlankLineWithEveryKindOfLineEnding() {
		feed("event: a\ndata: 1\n\nevent: b\r\ndata: 2\r\n\r\nevent: c\rdata: 3\r\r");
		assertThat(this.events).containsExactly("a|1|", "b|2|", "c|3|");
	}

	@Test
	void joinsDataLinesAndKeepsOnlyOneLeadingSpace() {
		feed("data:x\ndata:  y\ndata\n\n");
		assertThat(this.events).containsExactly("message|x\n y\n|");
	}

	@Test
	void ignoresCommentsRetryAndEventsWithoutData() {
		feed(": keep-alive\nretry: 2000\n\nevent: empty\n\n: another\ndata: d\n\n");
		assertThat(this.events).containsExactly("message|d|");
		assertThat(this.parser.comments()).isEqualTo(2);
		assertThat(this.parser.events()).isEqualTo(1);
	}

	@Test
	void keepsTheLastEventId() {
		feed("id: 7\ndata: a\n\ndata: b\n\n");
		assertThat(this.events).containsExactly("message|a|7", "message|b|7");
	}

	@Test
	void parsesTheSameWhenFedOneByteAtATime() {
		byte[] bytes = "event: tick\r\ndata: 1 2 3\r\n\r\n: c\r\ndata: x\r\n\r\n".getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < bytes.length; i++) {
			this.parser.feed(bytes, i, 1);
		}
		assertThat(this.events).containsExactly("tick|1 2 3|", "message|x|");
	}

	@Test
	void matchesTheEventTypeWithoutAllocating() {
		List<Boolean> matches = new ArrayList<>();
		SseEventParser typed = new SseEventParser((p) -> matches.add(p.typeIs(TickPayload.EVENT_BYTES)));
		byte[] bytes = "event: tick\ndata: 1\n\nevent: ticks\ndata: 1\n\ndata: 1\n\n".getBytes(StandardCharsets.UTF_8);
		typed.feed(bytes, 0, bytes.length);
		assertThat(matches).containsExactly(true, false, false);
	}

	private void feed(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		this.parser.feed(bytes, 0, bytes.length);
	}

}
