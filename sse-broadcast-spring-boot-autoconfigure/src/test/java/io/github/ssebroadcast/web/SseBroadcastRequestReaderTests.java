package io.github.ssebroadcast.web;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SseBroadcastRequestReader}.
 */
class SseBroadcastRequestReaderTests {

	private final SseBroadcastRequestReader reader = new SseBroadcastRequestReader(1024);

	@Test
	void readsEveryField() {
		assertThat(read("{\"event\":\"price\",\"data\":\"x\",\"id\":\"7\",\"retry\":3000,\"topic\":\"orders/eu\"}"))
			.isEqualTo(new SseBroadcastRequest("price", "x", "7", 3000L, "orders/eu"));
	}

	@Test
	void fieldsMayComeInAnyOrder() {
		assertThat(read("{\"retry\":0,\"id\":\"7\",\"data\":\"x\",\"event\":\"price\"}"))
			.isEqualTo(new SseBroadcastRequest("price", "x", "7", 0L, null));
	}

	@Test
	void absentOrNullOptionalFieldsTakeTheirDefaults() {
		SseBroadcastRequest expected = new SseBroadcastRequest("message", "x", null, null, null);
		assertThat(read("{\"data\":\"x\"}")).isEqualTo(expected);
		assertThat(read("{\"event\":null,\"data\":\"x\",\"id\":null,\"retry\":null}")).isEqualTo(expected);
	}

	@Test
	void stringDataIsTheDecodedText() {
		assertThat(read("{\"data\":\"first line\\nsecond \\u00e9\"}").data()).isEqualTo("first line\nsecond é");
	}

	@Test
	void otherDataIsCompactJsonExactlyAsWritten() {
		assertThat(read("{\"data\": 12345678901234567.89 }").data()).isEqualTo("12345678901234567.89");
		assertThat(read("{\"data\":1e999999999}").data()).isEqualTo("1e999999999");
		assertThat(read("{\"data\":true}").data()).isEqualTo("true");
		assertThat(read("{\"data\":{ \"text\" : \"a\\u00e9\\\"\" ,\n \"n\": [1, 2.50] }}").data())
			.isEqualTo("{\"text\":\"a\\u00e9\\\"\",\"n\":[1,2.50]}");
	}

	@Test
	void emptyObjectLacksData() {
		assertRejected("{}", "data").withMessage("'data' is required");
	}

	@Test
	void nullDataIsMissing() {
		assertRejected("{\"data\":null}", "data").withMessage("'data' is required");
	}

	@Test
	void unknownFieldIsRejectedByNameWithTheAcceptedOnes() {
		assertRejected("{\"data\":1,\"name\":\"x\"}", "name")
			.withMessage("Unknown field 'name'; the accepted fields are 'event', 'data', 'id', 'retry' and 'topic'");
	}

	@Test
	void unknownFieldIsRejectedEvenWhenNull() {
		assertRejected("{\"data\":1,\"Data\":null}", "Data")
			.withMessage("Unknown field 'Data'; the accepted fields are 'event', 'data', 'id', 'retry' and 'topic'");
	}

	@Test
	void longUnknownFieldNameIsShortenedInTheMessage() {
		String name = "n".repeat(100);
		assertRejected("{\"data\":1,\"" + name + "\":1}", name).withMessage(
				"Unknown field '" + "n".repeat(32) + "...'; the accepted fields are 'event', 'data', 'id', 'retry' and 'topic'");
	}

	@Test
	void eventMustBeAString() {
		assertRejected("{\"event\":5,\"data\":1}", "event").withMessage("'event' must be a string");
		assertRejected("{\"event\":[\"a\"],\"data\":1}", "event").withMessage("'event' must be a string");
	}

	@Test
	void eventMustBeAPlainToken() {
		assertRejected("{\"event\":\"a b\",\"data\":1}", "event").withMessage(
				"'event' must be 1 to 128 letters, digits or '_', '.', ':', '-' (no spaces, CR, LF or NUL)");
		assertRejected("{\"event\":\"a\\nb\",\"data\":1}", "event").withMessageStartingWith("'event' must be 1 to 128");
		assertRejected("{\"event\":\"\",\"data\":1}", "event").withMessageStartingWith("'event' must be 1 to 128");
	}

	@Test
	void integerIdKeepsItsTextAsWritten() {
		assertThat(read("{\"data\":1,\"id\":42}").id()).isEqualTo("42");
		assertThat(read("{\"data\":1,\"id\":-0}").id()).isEqualTo("-0");
		assertThat(read("{\"data\":1,\"id\":123456789012345678901234567890}").id())
			.isEqualTo("123456789012345678901234567890");
	}

	@Test
	void idThatIsNeitherStringNorIntegerIsRejected() {
		for (String id : new String[] { "1.5", "1e3", "1E3", "1.0", "true", "{}", "[\"a\"]" }) {
			assertRejected("{\"data\":1,\"id\":" + id + "}", "id").withMessage("'id' must be a string or an integer");
		}
	}

	@Test
	void idOfTheLongestLengthIsAccepted() {
		String id = "i".repeat(SseBroadcastRequest.MAX_ID_LENGTH);
		assertThat(read("{\"data\":1,\"id\":\"" + id + "\"}").id()).isEqualTo(id);
	}

	@Test
	void idLengthCountsCharactersNotUtf16Units() {
		String id = "😀".repeat(256);
		assertThat(read("{\"data\":1,\"id\":\"" + id + "\"}").id()).isEqualTo(id);
	}

	@Test
	void idLongerThanTheLimitIsRejected() {
		assertRejected("{\"data\":1,\"id\":\"" + "i".repeat(257) + "\"}", "id")
			.withMessage("'id' must be at most 256 characters");
		assertRejected("{\"data\":1,\"id\":" + "1".repeat(257) + "}", "id")
			.withMessage("'id' must be at most 256 characters");
	}

	@Test
	void idMustNotHoldLineBreaksOrNul() {
		for (String id : new String[] { "1\\n2", "1\\r2", "1\\u00002" }) {
			assertRejected("{\"data\":1,\"id\":\"" + id + "\"}", "id")
				.withMessage("'id' must not contain CR, LF or NUL");
		}
	}

	@Test
	void emptyIdIsAccepted() {
		assertThat(read("{\"data\":1,\"id\":\"\"}").id()).isEmpty();
	}

	@Test
	void retryIsANonNegativeLong() {
		assertThat(read("{\"data\":1,\"retry\":0}").retry()).isZero();
		assertThat(read("{\"data\":1,\"retry\":9223372036854775807}").retry()).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void retryThatIsNotANonNegativeLongIsRejected() {
		for (String retry : new String[] { "-1", "9223372036854775808", "1.5", "1e3", "1.0", "\"soon\"", "\"5\"",
				"true", "[1]" }) {
			assertRejected("{\"data\":1,\"retry\":" + retry + "}", "retry").withMessage(
					"'retry' must be a non-negative integer number of milliseconds, at most 9223372036854775807");
		}
	}

	@Test
	void malformedJsonIsReportedBeforeUnknownField() {
		assertRejected("{\"name\":1} x", null).withMessageStartingWith("Malformed JSON at line 1, column 12: ");
	}

	@Test
	void unknownFieldIsReportedBeforeBadValues() {
		assertRejected("{\"event\":5,\"name\":1}", "name").withMessageStartingWith("Unknown field 'name'");
	}

	@Test
	void requestBodyIsReadWhole() throws Exception {
		MockHttpServletRequest request = request("application/json", "{\"data\":[1, 2]}");
		assertThat(this.reader.read(request)).isEqualTo(new SseBroadcastRequest("message", "[1,2]", null, null, null));
	}

	@Test
	void jsonSuffixContentTypeIsAccepted() throws Exception {
		MockHttpServletRequest request = request("application/vnd.example+json; charset=UTF-8", "{\"data\":1}");
		assertThat(this.reader.read(request).data()).isEqualTo("1");
	}

	@Test
	void emptyRequestBodyIsMissing() {
		MockHttpServletRequest request = request("application/json", "");
		assertThatExceptionOfType(SseBroadcastRequestException.class).isThrownBy(() -> this.reader.read(request))
			.withMessage("Request body is missing; send {\"event\": ..., \"data\": ...}");
	}

	@Test
	void requestBodyOverTheLimitIsTooLarge() {
		MockHttpServletRequest request = request("application/json", "{\"data\":\"" + "x".repeat(1024) + "\"}");
		assertThatExceptionOfType(SseBroadcastRequestException.class).isThrownBy(() -> this.reader.read(request))
			.withMessage("Request body is larger than the limit of 1024 bytes")
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE));
	}

	@Test
	void requestWithoutJsonContentTypeIsUnsupported() {
		MockHttpServletRequest request = request("text/plain", "{\"data\":1}");
		assertThatExceptionOfType(SseBroadcastRequestException.class).isThrownBy(() -> this.reader.checkHeaders(request))
			.withMessage("Content-Type 'text/plain' is not supported; send 'application/json'")
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE));
	}

	@Test
	void batchReadsEveryEventInOrder() {
		assertThat(readBatch("{\"events\":[{\"data\":\"a\"}, {\"event\":\"price\",\"data\":{\"n\": 1.50},"
				+ "\"id\":7,\"retry\":10,\"topic\":\"orders\"}]}", 10))
			.containsExactly(new SseBroadcastRequest("message", "a", null, null, null),
					new SseBroadcastRequest("price", "{\"n\":1.50}", "7", 10L, "orders"));
	}

	@Test
	void emptyBatchBodyIsMissingABatch() {
		assertBatchRejected("", 3, null)
			.withMessage("Request body is missing; send {\"events\": [{\"event\": ..., \"data\": ...}, ...]}");
	}

	@Test
	void batchOfTheLargestSizeIsAccepted() {
		String events = String.join(",", Collections.nCopies(3, "{\"data\":1}"));
		assertThat(readBatch("{\"events\":[" + events + "]}", 3)).hasSize(3);
	}

	@Test
	void batchLargerThanTheLimitIsRejected() {
		String events = String.join(",", Collections.nCopies(4, "{\"data\":1}"));
		assertBatchRejected("{\"events\":[" + events + "]}", 3, "events")
			.withMessage("'events' must hold 1 to 3 events; it holds 4");
	}

	@Test
	void emptyBatchIsRejected() {
		assertBatchRejected("{\"events\":[]}", 3, "events").withMessage("'events' must hold 1 to 3 events; it holds 0");
	}

	@Test
	void batchWithoutEventsArrayIsRejected() {
		String message = "'events' must be an array of 1 to 3 events, each {\"event\": ..., \"data\": ...}";
		assertBatchRejected("{}", 3, "events").withMessage(message);
		assertBatchRejected("{\"events\":null}", 3, "events").withMessage(message);
		assertBatchRejected("{\"events\":{\"data\":1}}", 3, "events").withMessage(message);
	}

	@Test
	void batchWithAnotherTopLevelFieldIsRejected() {
		assertBatchRejected("{\"events\":[{\"data\":1}],\"data\":1}", 3, "data")
			.withMessage("Unknown field 'data'; the only accepted field is 'events'");
	}

	@Test
	void eventOfABatchThatIsNotAnObjectIsNamedByItsPlace() {
		assertBatchRejected("{\"events\":[{\"data\":1},\"x\"]}", 3, "events[1]")
			.withMessage("'events[1]' must be a JSON object, not a string");
	}

	@Test
	void badFieldOfABatchEventIsNamedByItsPlace() {
		assertBatchRejected("{\"events\":[{\"data\":1},{\"data\":1,\"topic\":\"a b\"}]}", 3, "events[1].topic")
			.withMessage("'events[1].topic' must be 1 to 128 letters, digits or '_', '.', ':', '/', '-'");
		assertBatchRejected("{\"events\":[{\"event\":\"x\"}]}", 3, "events[0].data")
			.withMessage("'events[0].data' is required");
		assertBatchRejected("{\"events\":[{\"data\":1,\"name\":1}]}", 3, "events[0].name").withMessage(
				"Unknown field 'events[0].name'; the accepted fields are 'event', 'data', 'id', 'retry' and 'topic'");
	}

	@Test
	void fieldGivenTwiceInABatchEventIsNamedByItsPlace() {
		assertBatchRejected("{\"events\":[{\"data\":1},{\"data\":1,\"data\":2}]}", 3, "events[1].data")
			.withMessage("Field 'events[1].data' is given more than once");
	}

	@Test
	void malformedBatchIsReportedWithItsPosition() {
		assertBatchRejected("{\"events\":[{\"data\":1},]}", 3, null)
			.withMessage("Malformed JSON at line 1, column 23: expected a value after ',', found ']'");
	}

	private static List<SseBroadcastRequest> readBatch(String body, int maxEvents) {
		return SseBroadcastRequestReader.readBatch(body.getBytes(StandardCharsets.UTF_8), maxEvents);
	}

	private static ThrowableAssertAlternative<SseBroadcastRequestException> assertBatchRejected(String body,
			int maxEvents, String field) {
		return assertThatExceptionOfType(SseBroadcastRequestException.class).isThrownBy(() -> readBatch(body, maxEvents))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(ex.getField()).isEqualTo(field);
			});
	}

	private static SseBroadcastRequest read(String body) {
		return SseBroadcastRequestReader.read(body.getBytes(StandardCharsets.UTF_8));
	}

	private static ThrowableAssertAlternative<SseBroadcastRequestException> assertRejected(String body,
			String field) {
		return assertThatExceptionOfType(SseBroadcastRequestException.class).isThrownBy(() -> read(body))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(ex.getField()).isEqualTo(field);
			});
	}

	private static MockHttpServletRequest request(String contentType, String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/broadcast");
		request.setContentType(contentType);
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

}
