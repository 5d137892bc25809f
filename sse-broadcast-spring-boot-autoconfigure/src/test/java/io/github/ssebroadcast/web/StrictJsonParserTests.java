package io.github.ssebroadcast.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import io.github.ssebroadcast.web.StrictJsonParser.Type;
import io.github.ssebroadcast.web.StrictJsonParser.Value;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link StrictJsonParser}.
 */
class StrictJsonParserTests {

	@Test
	void topLevelFieldsComeInTheirOrderWithTheirTypes() {
		assertThat(parse("{\"s\":\"x\",\"n\":-1.5e3,\"o\":{},\"a\":[],\"t\":true,\"f\":false,\"z\":null}"))
			.containsExactly(entry("s", new Value(Type.STRING, "x")), entry("n", new Value(Type.NUMBER, "-1.5e3")),
					entry("o", new Value(Type.OBJECT, "{}")), entry("a", new Value(Type.ARRAY, "[]")),
					entry("t", new Value(Type.BOOLEAN, "true")), entry("f", new Value(Type.BOOLEAN, "false")),
					entry("z", new Value(Type.NULL, "null")));
	}

	@Test
	void emptyObjectHasNoFields() {
		assertThat(parse("{}")).isEmpty();
		assertThat(parse(" {\t} ")).isEmpty();
	}

	@Test
	void topLevelStringIsDecoded() {
		assertThat(data("{\"data\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u00E9 \\uD83D\\uDE00 é 😀\"}"))
			.isEqualTo("\" \\ / \b \f \n \r \t é é 😀 é 😀");
	}

	@Test
	void fieldNamesAreDecoded() {
		assertThat(parse("{\"d\\u0061ta\":1}")).containsOnlyKeys("data");
	}

	@Test
	void numbersKeepTheirTextExactly() {
		assertThat(data("{\"data\":1e999999999}")).isEqualTo("1e999999999");
		assertThat(data("{\"data\":12345678901234567.89}")).isEqualTo("12345678901234567.89");
		assertThat(data("{\"data\":123456789012345678901234567890}")).isEqualTo("123456789012345678901234567890");
		assertThat(data("{\"data\":-0}")).isEqualTo("-0");
		assertThat(data("{\"data\":0.50E-3}")).isEqualTo("0.50E-3");
		assertThat(data("{\"data\":1E+2}")).isEqualTo("1E+2");
		assertThat(data("{\"data\":[1.0,1e-999999999,0]}")).isEqualTo("[1.0,1e-999999999,0]");
	}

	@Test
	void nestedValuesAreCompactWithStringsExactlyAsWritten() {
		String body = """
				{"data": { "a" : [ 1 , "x\\u0041\\n\\/" , true , null , { } , [ ] ] ,
				\t"\\u00e9" : false, "é 😀": "a b" } }""";
		assertThat(data(body))
			.isEqualTo("{\"a\":[1,\"x\\u0041\\n\\/\",true,null,{},[]],\"\\u00e9\":false,\"é 😀\":\"a b\"}");
	}

	@Test
	void whitespaceBetweenTokensMayBeSpacesTabsCarriageReturnsAndLineFeeds() {
		assertThat(parse("\r\n\t {\r\"data\"\t:\n[ 1\r\n,\t2 ] ,\n\"id\" : \"7\"\t}\r\n\t "))
			.containsExactly(entry("data", new Value(Type.ARRAY, "[1,2]")), entry("id", new Value(Type.STRING, "7")));
	}

	@Test
	void byteOrderMarkAtTheStartIsSkipped() {
		byte[] body = bytes(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, "{\"data\":1}");
		assertThat(StrictJsonParser.parseObject(body)).containsExactly(entry("data", new Value(Type.NUMBER, "1")));
	}

	@Test
	void columnsStartAfterByteOrderMark() {
		byte[] body = bytes(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, "{\"data\":}");
		assertRejected(body).withMessage("Malformed JSON at line 1, column 9: expected a value after ':', found '}'");
	}

	@Test
	void byteOrderMarkAnywhereElseIsMalformed() {
		assertRejected(" \uFEFF{\"data\":1}")
			.withMessage("Malformed JSON at line 1, column 2: expected a JSON object, found U+FEFF");
	}

	@Test
	void overlongUtf8IsRejectedWithItsOffset() {
		byte[] body = bytes("{\"data\":\"", new byte[] { (byte) 0xC0, (byte) 0xAF }, "\"}");
		assertRejected(body).withMessage("Request body is not valid UTF-8: bad byte sequence at byte offset 9");
	}

	@Test
	void otherInvalidUtf8IsRejectedWithItsOffset() {
		// a lone continuation byte, a byte never used, a surrogate encoded in UTF-8, a sequence cut short
		assertRejected(bytes("{\"data\":\"", new byte[] { (byte) 0x80 }, "\"}"))
			.withMessage("Request body is not valid UTF-8: bad byte sequence at byte offset 9");
		assertRejected(bytes("{\"data\":1}", new byte[] { (byte) 0xFF }))
			.withMessage("Request body is not valid UTF-8: bad byte sequence at byte offset 10");
		assertRejected(bytes("{\"data\":\"", new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, "\"}"))
			.withMessage("Request body is not valid UTF-8: bad byte sequence at byte offset 9");
		assertRejected(bytes("{\"data\":\"", new byte[] { (byte) 0xE2, (byte) 0x82 }))
			.withMessage("Request body is not valid UTF-8: bad byte sequence at byte offset 9");
	}

	@Test
	void validSurrogatePairEscapeIsOneCharacter() {
		assertThat(data("{\"data\":\"\\ud83d\\ude00\"}")).isEqualTo("😀");
		assertThat(data("{\"data\":[\"\\ud83d\\ude00\"]}")).isEqualTo("[\"\\ud83d\\ude00\"]");
	}

	@Test
	void bodyThatIsNotAnObjectSaysWhatItIs() {
		assertRejected("[1, 2]").withMessage("Request body must be a JSON object, not an array");
		assertRejected(" \"x\"").withMessage("Request body must be a JSON object, not a string");
		assertRejected("-1").withMessage("Request body must be a JSON object, not a number");
		assertRejected("42").withMessage("Request body must be a JSON object, not a number");
		assertRejected("true").withMessage("Request body must be a JSON object, not a boolean");
		assertRejected("null").withMessage("Request body must be a JSON object, not null");
	}

	@Test
	void bodyOfWhitespaceOrGarbageIsMalformed() {
		assertRejected(" \n ")
			.withMessage("Malformed JSON at line 2, column 2: expected a JSON object, found the end of the body");
		assertRejected("hello").withMessage("Malformed JSON at line 1, column 1: expected a JSON object, found 'h'");
	}

	@Test
	void contentAfterTheObjectIsMalformed() {
		assertRejected("{\"data\":\"x\"} garbage").withMessage(
				"Malformed JSON at line 1, column 14: unexpected content after the JSON object, found 'g'; send exactly one object");
		assertRejected("{\"data\":1}{\"data\":2}").withMessage(
				"Malformed JSON at line 1, column 11: unexpected content after the JSON object, found '{'; send exactly one object");
		assertRejected("{\"data\":1}\n{\"data\":2}").withMessage(
				"Malformed JSON at line 2, column 1: unexpected content after the JSON object, found '{'; send exactly one object");
		assertRejected("{\"data\":1}}").withMessage(
				"Malformed JSON at line 1, column 11: unexpected content after the JSON object, found '}'; send exactly one object");
	}

	@Test
	void duplicateTopLevelFieldIsRejectedByName() {
		assertRejected("{\"data\":1,\"id\":\"a\",\"data\":2}", "data")
			.withMessage("Field 'data' is given more than once");
		assertRejected("{\"id\":\"a\",\"\\u0069d\":\"b\",\"data\":1}", "id")
			.withMessage("Field 'id' is given more than once");
	}

	@Test
	void duplicateFieldsInsideDataAreKeptAsWritten() {
		assertThat(data("{\"data\":{\"a\":1,\"a\":2}}")).isEqualTo("{\"a\":1,\"a\":2}");
	}

	@Test
	void malformedJsonIsReportedBeforeDuplicateField() {
		assertRejected("{\"data\":1,\"data\":2").withMessage(
				"Malformed JSON at line 1, column 19: expected ',' or '}' after a field value, found the end of the body");
	}

	@Test
	void nestingOfExactlyTheLimitIsAccepted() {
		// the top-level object is level 1
		int arrays = StrictJsonParser.MAX_DEPTH - 1;
		String data = "[".repeat(arrays) + "]".repeat(arrays);
		assertThat(data("{\"data\":" + data + "}")).isEqualTo(data);
	}

	@Test
	void nestingOneLevelBeyondTheLimitIsRejected() {
		int arrays = StrictJsonParser.MAX_DEPTH;
		assertRejected("{\"data\":" + "[".repeat(arrays) + "]".repeat(arrays) + "}")
			.withMessage("JSON nests deeper than 64 levels at line 1, column 72");
		assertRejected("{\"data\":" + "{\"a\":".repeat(arrays) + "1" + "}".repeat(arrays) + "}")
			.withMessage("JSON nests deeper than 64 levels at line 1, column 324");
	}

	@Test
	void veryDeepNestingIsRejectedWithoutOverflowingTheStack() {
		assertRejected("{\"data\":" + "[".repeat(100_000))
			.withMessage("JSON nests deeper than 64 levels at line 1, column 72");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void malformedJsonSaysWhereAndWhat(String body, String detail) {
		assertRejected(body).withMessage("Malformed JSON at " + detail);
	}

	static Stream<Arguments> malformedJsonSaysWhereAndWhat() {
		return Stream.of(
				// objects
				Arguments.of("{\"data\":", "line 1, column 9: expected a value after ':', found the end of the body"),
				Arguments.of("{\"data\" 1}", "line 1, column 9: expected ':' after a field name, found '1'"),
				Arguments.of("{\"data\"",
						"line 1, column 8: expected ':' after a field name, found the end of the body"),
				Arguments.of("{\"data\":1 \"id\":2}",
						"line 1, column 11: expected ',' or '}' after a field value, found '\"'"),
				Arguments.of("{\"data\":1",
						"line 1, column 10: expected ',' or '}' after a field value, found the end of the body"),
				Arguments.of("{\"data\":1,}", "line 1, column 11: expected a field name after ',', found '}'"),
				Arguments.of("{data:1}", "line 1, column 2: expected a field name or '}', found 'd'"),
				Arguments.of("{'data':1}", "line 1, column 2: expected a field name or '}', found '''"),
				Arguments.of("{", "line 1, column 2: expected a field name or '}', found the end of the body"),
				Arguments.of("{\"data\":{\"a\" 1}}", "line 1, column 14: expected ':' after a field name, found '1'"),
				Arguments.of("{\"data\":{\"a\":1,}}", "line 1, column 16: expected a field name after ',', found '}'"),
				Arguments.of("{\"data\":{1:1}}", "line 1, column 10: expected a field name or '}', found '1'"),
				Arguments.of("{\"data\":{\"a\":1]}",
						"line 1, column 15: expected ',' or '}' after a field value, found ']'"),
				// arrays
				Arguments.of("{\"data\":[}", "line 1, column 10: expected a value or ']', found '}'"),
				Arguments.of("{\"data\":[1,]}", "line 1, column 12: expected a value after ',', found ']'"),
				Arguments.of("{\"data\":[1 2]}",
						"line 1, column 12: expected ',' or ']' after an array element, found '2'"),
				Arguments.of("{\"data\":[1}",
						"line 1, column 11: expected ',' or ']' after an array element, found '}'"),
				Arguments.of("{\"data\":[", "line 1, column 10: expected a value or ']', found the end of the body"),
				// values
				Arguments.of("{\"data\":+1}", "line 1, column 9: expected a value after ':', found '+'"),
				Arguments.of("{\"data\":.5}", "line 1, column 9: expected a value after ':', found '.'"),
				Arguments.of("{\"data\":'x'}", "line 1, column 9: expected a value after ':', found '''"),
				Arguments.of("{\"data\":\u0001}", "line 1, column 9: expected a value after ':', found U+0001"),
				Arguments.of("{\"data\":1,\u00a0\"id\":1}",
						"line 1, column 11: expected a field name after ',', found U+00A0"),
				Arguments.of("{\"data\":tru}", "line 1, column 9: invalid literal 'tru'; expected true, false or null"),
				Arguments.of("{\"data\":True}",
						"line 1, column 9: invalid literal 'True'; expected true, false or null"),
				Arguments.of("{\"data\":nullx}",
						"line 1, column 9: invalid literal 'nullx'; expected true, false or null"),
				Arguments.of("{\"data\":NaN}", "line 1, column 9: invalid literal 'NaN'; expected true, false or null"),
				Arguments.of("{\"data\":Infinity}",
						"line 1, column 9: invalid literal 'Infinity'; expected true, false or null"),
				Arguments.of("{\"data\":" + "x".repeat(40) + "}",
						"line 1, column 9: invalid literal '" + "x".repeat(32) + "...'; expected true, false or null"),
				// numbers
				Arguments.of("{\"data\":01}", "line 1, column 9: leading zeros are not allowed in numbers"),
				Arguments.of("{\"data\":-01}", "line 1, column 10: leading zeros are not allowed in numbers"),
				Arguments.of("{\"data\":[00]}", "line 1, column 10: leading zeros are not allowed in numbers"),
				Arguments.of("{\"data\":-}", "line 1, column 10: expected a digit after '-', found '}'"),
				Arguments.of("{\"data\":-a}", "line 1, column 10: expected a digit after '-', found 'a'"),
				Arguments.of("{\"data\":1.}", "line 1, column 11: expected a digit after the decimal point, found '}'"),
				Arguments.of("{\"data\":1.e5}",
						"line 1, column 11: expected a digit after the decimal point, found 'e'"),
				Arguments.of("{\"data\":1e}", "line 1, column 11: expected a digit in the exponent, found '}'"),
				Arguments.of("{\"data\":1e+}", "line 1, column 12: expected a digit in the exponent, found '}'"),
				Arguments.of("{\"data\":1x}", "line 1, column 10: expected ',' or '}' after a field value, found 'x'"),
				Arguments.of("{\"data\":0x1F}",
						"line 1, column 10: expected ',' or '}' after a field value, found 'x'"),
				// strings
				Arguments.of("{\"data\":\"abc", "line 1, column 9: unterminated string"),
				Arguments.of("{\"data\":\"abc\\", "line 1, column 9: unterminated string"),
				Arguments.of("{\"data\":\"\\u12", "line 1, column 9: unterminated string"),
				Arguments.of("{\"data", "line 1, column 2: unterminated string"),
				Arguments.of("{\"data\":\"a\\x\"}", "line 1, column 11: invalid escape '\\x'"),
				Arguments.of("{\"data\":\"a\\'\"}", "line 1, column 11: invalid escape '\\''"),
				Arguments.of("{\"data\":\"a\\U0041\"}", "line 1, column 11: invalid escape '\\U'"),
				Arguments.of("{\"data\":\"a\\\u0001\"}", "line 1, column 11: invalid escape '\\' followed by U+0001"),
				Arguments.of("{\"data\":\"\\u12G4\"}",
						"line 1, column 10: invalid escape '\\u12G'; '\\u' takes four hex digits"),
				Arguments.of("{\"data\":\"\\u１２３４\"}",
						"line 1, column 10: invalid escape '\\u１'; '\\u' takes four hex digits"),
				Arguments.of("{\"data\":[\"a\\qb\"]}", "line 1, column 12: invalid escape '\\q'"),
				Arguments.of("{\"data\":\"a\tb\"}",
						"line 1, column 11: control character U+0009 in a string; escape it"),
				Arguments.of("{\"data\":\"a\nb\"}",
						"line 1, column 11: control character U+000A in a string; escape it"),
				Arguments.of("{\"data\":\"a\u0000b\"}",
						"line 1, column 11: control character U+0000 in a string; escape it"),
				Arguments.of("{\"data\":{\"a\u001fb\":1}}",
						"line 1, column 12: control character U+001F in a string; escape it"),
				// lone surrogates
				Arguments.of("{\"data\":\"\\uD800\"}", "line 1, column 10: lone surrogate '\\uD800' in a string; "
						+ "a character beyond U+FFFF is escaped as a high and a low surrogate, one after the other"),
				Arguments.of("{\"data\":\"x\\udc00\"}", "line 1, column 11: lone surrogate '\\udc00' in a string; "
						+ "a character beyond U+FFFF is escaped as a high and a low surrogate, one after the other"),
				Arguments.of("{\"data\":\"\\uD800\\u0041\"}",
						"line 1, column 10: lone surrogate '\\uD800' in a string; "
						+ "a character beyond U+FFFF is escaped as a high and a low surrogate, one after the other"),
				Arguments.of("{\"data\":\"\\uD800\\n\"}", "line 1, column 10: lone surrogate '\\uD800' in a string; "
						+ "a character beyond U+FFFF is escaped as a high and a low surrogate, one after the other"),
				Arguments.of("{\"data\":\"\\uD800😀\"}", "line 1, column 10: lone surrogate '\\uD800' in a string; "
						+ "a character beyond U+FFFF is escaped as a high and a low surrogate, one after the other"),
				Arguments.of("{\"data\":{\"\\uDBFF\":1}}", "line 1, column 11: lone surrogate '\\uDBFF' in a string; "
						+ "a character beyond U+FFFF is escaped as a high and a low surrogate, one after the other"),
				Arguments.of("{\"data\":\"\\uD800\\uZZZZ\"}",
						"line 1, column 16: invalid escape '\\uZ'; '\\u' takes four hex digits"),
				// where: lines end at LF, CR LF or CR; columns count characters, not bytes or UTF-16 units
				Arguments.of("{\n  \"data\": 1,\n  \"id\" 2\n}",
						"line 3, column 8: expected ':' after a field name, found '2'"),
				Arguments.of("{\r\n\"data\":}", "line 2, column 8: expected a value after ':', found '}'"),
				Arguments.of("{\r\"data\":}", "line 2, column 8: expected a value after ':', found '}'"),
				Arguments.of("{\n\r\n\r\"data\":}", "line 4, column 8: expected a value after ':', found '}'"),
				Arguments.of("{\t\"data\":}", "line 1, column 10: expected a value after ':', found '}'"),
				Arguments.of("{\"😀é\":}", "line 1, column 7: expected a value after ':', found '}'"),
				Arguments.of("{\"data\":1,😀}", "line 1, column 11: expected a field name after ',', found '😀'"));
	}

	private static Map<String, Value> parse(String body) {
		return StrictJsonParser.parseObject(body.getBytes(StandardCharsets.UTF_8));
	}

	private static String data(String body) {
		return parse(body).get("data").text();
	}

	private static ThrowableAssertAlternative<SseBroadcastRequestException> assertRejected(String body) {
		return assertRejected(body.getBytes(StandardCharsets.UTF_8));
	}

	private static ThrowableAssertAlternative<SseBroadcastRequestException> assertRejected(byte[] body) {
		return assertRejected(body, null);
	}

	private static ThrowableAssertAlternative<SseBroadcastRequestException> assertRejected(String body,
			String field) {
		return assertRejected(body.getBytes(StandardCharsets.UTF_8), field);
	}

	private static ThrowableAssertAlternative<SseBroadcastRequestException> assertRejected(byte[] body,
			String field) {
		return assertThatExceptionOfType(SseBroadcastRequestException.class)
			.isThrownBy(() -> StrictJsonParser.parseObject(body))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(ex.getField()).isEqualTo(field);
			});
	}

	private static byte[] bytes(Object... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (Object part : parts) {
			out.writeBytes((part instanceof String text) ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) part);
		}
		return out.toByteArray();
	}

}
