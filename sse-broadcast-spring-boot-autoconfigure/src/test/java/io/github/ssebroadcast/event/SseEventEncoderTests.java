package io.github.ssebroadcast.event;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SseEventEncoderTests {

	@Test
	void encodesDataOnly() {
		assertEncoded(SseEvent.builder().data("hello"), "data: hello\n\n");
	}

	@Test
	void encodesNameAndData() {
		assertEncoded(SseEvent.builder().name("message").data("{\"text\":\"hi\"}"),
				"event: message\ndata: {\"text\":\"hi\"}\n\n");
	}

	@Test
	void encodesEveryFieldInRetryIdEventDataOrder() {
		assertEncoded(SseEvent.builder().data("d").name("tick").id("42").reconnectTime(Duration.ofMillis(2500)),
				"retry: 2500\nid: 42\nevent: tick\ndata: d\n\n");
	}

	@Test
	void encodesReconnectTimeInMilliseconds() {
		assertEncoded(SseEvent.builder().reconnectTime(Duration.ofSeconds(2)), "retry: 2000\n\n");
	}

	@Test
	void encodesZeroReconnectTime() {
		assertEncoded(SseEvent.builder().reconnectTime(0).data("x"), "retry: 0\ndata: x\n\n");
	}

	@Test
	void omitsEmptyIdAndName() {
		assertEncoded(SseEvent.builder().id("").data("x"), "data: x\n\n");
	}

	@Test
	void givesANamedEventWithoutDataAnEmptyDataLineSoBrowsersDispatchIt() {
		assertEncoded(SseEvent.builder().name("ping"), "event: ping\ndata:\n\n");
	}

	@Test
	void givesNoDataLineToFramesThatAreNotEvents() {
		assertEncoded(SseEvent.builder().id("5"), "id: 5\n\n");
		assertEncoded(SseEvent.builder().reconnectTime(Duration.ofSeconds(2)), "retry: 2000\n\n");
		assertEncoded(SseEvent.builder().comment("keep-alive"), ": keep-alive\n\n");
	}

	@Test
	void encodesCommentBeforeFields() {
		assertEncoded(SseEvent.builder().comment("note").name("e").data("x"), ": note\nevent: e\ndata: x\n\n");
	}

	@Test
	void splitsMultiLineCommentIntoCommentLines() {
		assertEncoded(SseEvent.builder().comment("a\nb"), ": a\n: b\n\n");
	}

	@Test
	void splitsDataOnLineFeed() {
		assertEncoded(SseEvent.builder().data("a\nb\nc"), "data: a\ndata: b\ndata: c\n\n");
	}

	@Test
	void splitsDataOnCarriageReturnLineFeed() {
		assertEncoded(SseEvent.builder().data("a\r\nb"), "data: a\ndata: b\n\n");
	}

	@Test
	void splitsDataOnCarriageReturn() {
		assertEncoded(SseEvent.builder().data("a\rb"), "data: a\ndata: b\n\n");
	}

	@Test
	void keepsEmptyLinesOfData() {
		assertEncoded(SseEvent.builder().data("a\n\nb\n"), "data: a\ndata:\ndata: b\ndata:\n\n");
	}

	@Test
	void encodesEmptyData() {
		assertEncoded(SseEvent.builder().data(""), "data:\n\n");
	}

	@Test
	void encodesUtf8() {
		SseFrame frame = SseEventEncoder.encode(SseEvent.builder().data("h\u00e9llo \u2603").build());
		assertThat(frame.bytes()).isEqualTo("data: h\u00e9llo \u2603\n\n".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void encodesKeepAliveComment() {
		assertThat(SseEventEncoder.comment("keep-alive").toString()).isEqualTo(": keep-alive\n\n");
	}

	@Test
	void encodesReconnectTimeFrame() {
		assertThat(SseEventEncoder.reconnectTime(Duration.ofMillis(1500)).toString()).isEqualTo("retry: 1500\n\n");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a\nb", "a\rb", "a\r\nb", "a\0b" })
	void rejectsLineBreaksAndNulInId(String id) {
		assertThatIllegalArgumentException().isThrownBy(() -> SseEvent.builder().id(id))
			.withMessageContaining("'id'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a\nb", "a\rb", "a\0b", "with space", "", "caf\u00e9", "x{y}" })
	void rejectsNamesThatAreNotPlainTokens(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> SseEvent.builder().name(name))
			.withMessageContaining("'name'");
	}

	@Test
	void rejectsNameLongerThanLimit() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SseEvent.builder().name("a".repeat(SseEvent.MAX_NAME_LENGTH + 1)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "message", "user.updated", "job:42", "a-b_c", "X" })
	void acceptsPlainTokenNames(String name) {
		assertThat(SseEvent.builder().name(name).build().getName()).isEqualTo(name);
	}

	@Test
	void rejectsNegativeReconnectTime() {
		assertThatIllegalArgumentException().isThrownBy(() -> SseEvent.builder().reconnectTime(-1));
	}

	private static void assertEncoded(SseEvent.Builder event, String expected) {
		assertThat(SseEventEncoder.encode(event.build()).bytes())
			.isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
	}

}
