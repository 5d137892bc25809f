package io.github.ssebroadcast.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Parses a request body that must be one JSON object (RFC 8259) into its top-level fields,
 * keeping every other value as the exact text the caller wrote.
 * <p>Strict where a lenient parser would guess: the body must be valid UTF-8, nothing may
 * follow the object, a field may appear only once at the top level, no string may hold a
 * lone surrogate escape (as I-JSON, RFC 7493, requires) and nothing may nest deeper than
 * {@value #MAX_DEPTH} levels. A UTF-8 byte order mark at the start is skipped, as RFC 8259
 * allows. Numbers are never converted: {@code 1e999999999} stays {@code 1e999999999}.
 * <p>Every error is a {@link SseBroadcastRequestException} whose detail says what is wrong
 * in the request's own terms; a syntax error starts with {@code Malformed JSON at line L,
 * column C: } (both counted from 1, columns in characters).
 */
final class StrictJsonParser {

	/** Deepest nesting accepted, the top-level object being level 1. */
	static final int MAX_DEPTH = 64;

	private static final char BYTE_ORDER_MARK = '\uFEFF';

	private static final int MAX_QUOTED_LENGTH = 32;

	private final String text;

	private final int start;

	private int pos;

	private int depth;

	/** The first field the object read last gives twice, if any. */
	@Nullable
	private String duplicate;

	private StrictJsonParser(String text) {
		this.text = text;
		this.start = (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) ? 1 : 0;
		this.pos = this.start;
	}

	/**
	 * Parse a body that must hold exactly one JSON object.
	 * @param body the body, UTF-8 encoded
	 * @return the object's fields, in the order they came
	 * @throws SseBroadcastRequestException if the body is not valid UTF-8, not well-formed
	 * JSON, not an object, nests too deep or has a field twice
	 */
	static Map<String, Value> parseObject(byte[] body) {
		return new StrictJsonParser(decode(body)).topLevelObject();
	}

	private static String decode(byte[] body) {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(body);
		// UTF-8 never decodes to more chars than it has bytes
		CharBuffer out = CharBuffer.allocate(body.length);
		CoderResult result = decoder.decode(in, out, true);
		if (!result.isError()) {
			result = decoder.flush(out);
		}
		if (result.isError()) {
			throw SseBroadcastRequestException.badField(null,
					"Request body is not valid UTF-8: bad byte sequence at byte offset " + in.position());
		}
		return out.flip().toString();
	}

	/**
	 * Parse the elements of an array that {@link #parseObject} returned, each of which must
	 * be a JSON object: the fields of each, as {@link #parseObject} gives them.
	 * @param array the array, as compact JSON
	 * @param name the array's field name, to name an element at fault ({@code name[i]})
	 * @return the fields of every element, in order
	 * @throws SseBroadcastRequestException if an element is not an object or has a field
	 * twice
	 */
	static List<Map<String, Value>> parseObjects(Value array, String name) {
		Assert.isTrue(array.type() == Type.ARRAY, "Not an array");
		StrictJsonParser parser = new StrictJsonParser(array.text());
		List<Map<String, Value>> elements = new ArrayList<>();
		// the array was checked when the body was parsed: '[' then elements separated by ','
		parser.pos++;
		while (parser.peek() != ']') {
			String element = name + "[" + elements.size() + "]";
			char c = parser.peek();
			if (c != '{') {
				throw SseBroadcastRequestException.badField(element,
						quote(element) + " must be a JSON object, not " + kindOfValueStartingWith(c));
			}
			Map<String, Value> fields = parser.fields();
			if (parser.duplicate != null) {
				throw SseBroadcastRequestException.badField(element + "." + parser.duplicate,
						"Field " + quote(element + "." + parser.duplicate) + " is given more than once");
			}
			elements.add(fields);
			if (parser.peek() == ',') {
				parser.pos++;
			}
		}
		return elements;
	}

	private Map<String, Value> topLevelObject() {
		skipWhitespace();
		if (this.pos == this.text.length()) {
			throw malformed(this.pos, "expected a JSON object" + found());
		}
		char c = this.text.charAt(this.pos);
		if (c != '{') {
			String kind = kindOfValueStartingWith(c);
			if (kind != null) {
				throw SseBroadcastRequestException.badField(null, "Request body must be a JSON object, not " + kind);
			}
			throw malformed(this.pos, "expected a JSON object" + found());
		}
		Map<String, Value> fields = fields();
		skipWhitespace();
		if (this.pos < this.text.length()) {
			throw malformed(this.pos, "unexpected content after the JSON object" + found()
					+ "; send exactly one object");
		}
		if (this.duplicate != null) {
			throw SseBroadcastRequestException.badField(this.duplicate,
					"Field " + quote(this.duplicate) + " is given more than once");
		}
		return fields;
	}

	/**
	 * Read the object at the current position (its opening brace) into its fields, keeping
	 * the first field given twice in {@link #duplicate}, reported once the rest is known to
	 * be well-formed.
	 */
	private Map<String, Value> fields() {
		enter();
		this.pos++;
		this.duplicate = null;
		Map<String, Value> fields = new LinkedHashMap<>();
		skipWhitespace();
		if (peek() == '}') {
			this.pos++;
		}
		else {
			boolean first = true;
			while (true) {
				if (peek() != '"') {
					throw malformed(this.pos,
							(first ? "expected a field name or '}'" : "expected a field name after ','") + found());
				}
				StringBuilder decoded = new StringBuilder();
				string(decoded);
				String name = decoded.toString();
				skipWhitespace();
				expect(':', "expected ':' after a field name");
				skipWhitespace();
				Value value = topLevelValue();
				if (fields.putIfAbsent(name, value) != null && this.duplicate == null) {
					this.duplicate = name;
				}
				skipWhitespace();
				char next = peek();
				this.pos++;
				if (next == '}') {
					break;
				}
				if (next != ',') {
					this.pos--;
					throw malformed(this.pos, "expected ',' or '}' after a field value" + found());
				}
				skipWhitespace();
				first = false;
			}
		}
		this.depth--;
		return fields;
	}

	private Value topLevelValue() {
		if (peek() == '"') {
			StringBuilder decoded = new StringBuilder();
			string(decoded);
			return new Value(Type.STRING, decoded.toString());
		}
		char c = peek();
		StringBuilder compact = new StringBuilder();
		value(compact, "expected a value after ':'");
		Type type = switch (c) {
			case '{' -> Type.OBJECT;
			case '[' -> Type.ARRAY;
			case 't', 'f' -> Type.BOOLEAN;
			case 'n' -> Type.NULL;
			default -> Type.NUMBER;
		};
		return new Value(type, compact.toString());
	}

	/**
	 * Read one value at the current position, which is not whitespace, and append it as
	 * compact JSON: the text as written, without the whitespace between tokens.
	 */
	private void value(StringBuilder out, String expected) {
		char c = peek();
		if (c == '{') {
			object(out);
		}
		else if (c == '[') {
			array(out);
		}
		else if (c == '"') {
			int begin = this.pos;
			string(null);
			out.append(this.text, begin, this.pos);
		}
		else if (c == '-' || isDigit(c)) {
			number(out);
		}
		else if (isLetter(c)) {
			literal(out);
		}
		else {
			throw malformed(this.pos, expected + found());
		}
	}

	private void object(StringBuilder out) {
		enter();
		this.pos++;
		out.append('{');
		skipWhitespace();
		if (peek() == '}') {
			this.pos++;
		}
		else {
			boolean first = true;
			while (true) {
				if (peek() != '"') {
					throw malformed(this.pos,
							(first ? "expected a field name or '}'" : "expected a field name after ','") + found());
				}
				int begin = this.pos;
				string(null);
				out.append(this.text, begin, this.pos);
				skipWhitespace();
				expect(':', "expected ':' after a field name");
				out.append(':');
				skipWhitespace();
				value(out, "expected a value after ':'");
				skipWhitespace();
				char next = peek();
				this.pos++;
				if (next == '}') {
					break;
				}
				if (next != ',') {
					this.pos--;
					throw malformed(this.pos, "expected ',' or '}' after a field value" + found());
				}
				out.append(',');
				skipWhitespace();
				first = false;
			}
		}
		out.append('}');
		this.depth--;
	}

	private void array(StringBuilder out) {
		enter();
		this.pos++;
		out.append('[');
		skipWhitespace();
		if (peek() == ']') {
			this.pos++;
		}
		else {
			String expected = "expected a value or ']'";
			while (true) {
				value(out, expected);
				skipWhitespace();
				char next = peek();
				this.pos++;
				if (next == ']') {
					break;
				}
				if (next != ',') {
					this.pos--;
					throw malformed(this.pos, "expected ',' or ']' after an array element" + found());
				}
				out.append(',');
				skipWhitespace();
				expected = "expected a value after ','";
			}
		}
		out.append(']');
		this.depth--;
	}

	/**
	 * Read the string at the current position (its opening quote) up to and including its
	 * closing quote, appending its decoded text to {@code decoded} unless that is
	 * {@code null}.
	 */
	private void string(@Nullable StringBuilder decoded) {
		int opening = this.pos;
		this.pos++;
		int length = this.text.length();
		while (true) {
			int plain = this.pos;
			while (this.pos < length && isPlain(this.text.charAt(this.pos))) {
				this.pos++;
			}
			if (decoded != null) {
				decoded.append(this.text, plain, this.pos);
			}
			if (this.pos == length) {
				throw malformed(opening, "unterminated string");
			}
			char c = this.text.charAt(this.pos);
			if (c == '"') {
				this.pos++;
				return;
			}
			if (c < 0x20) {
				throw malformed(this.pos, "control character " + codePoint(c) + " in a string; escape it");
			}
			escape(opening, decoded);
		}
	}

	private void escape(int opening, @Nullable StringBuilder decoded) {
		int backslash = this.pos;
		this.pos++;
		if (this.pos == this.text.length()) {
			throw malformed(opening, "unterminated string");
		}
		char c = this.text.charAt(this.pos);
		char unescaped;
		switch (c) {
			case '"', '\\', '/' -> unescaped = c;
			case 'b' -> unescaped = '\b';
			case 'f' -> unescaped = '\f';
			case 'n' -> unescaped = '\n';
			case 'r' -> unescaped = '\r';
			case 't' -> unescaped = '\t';
			case 'u' -> {
				this.pos++;
				unescaped = hexQuad(opening, backslash);
				if (Character.isHighSurrogate(unescaped)) {
					if (!this.text.startsWith("\\u", this.pos)) {
						throw loneSurrogate(backslash);
					}
					int low = this.pos;
					this.pos += 2;
					char next = hexQuad(opening, low);
					if (!Character.isLowSurrogate(next)) {
						throw loneSurrogate(backslash);
					}
					if (decoded != null) {
						decoded.append(unescaped);
					}
					unescaped = next;
				}
				else if (Character.isLowSurrogate(unescaped)) {
					throw loneSurrogate(backslash);
				}
				if (decoded != null) {
					decoded.append(unescaped);
				}
				return;
			}
			default -> {
				int codePoint = this.text.codePointAt(this.pos);
				throw malformed(backslash, "invalid escape " + (isPrintable(codePoint)
						? "'\\" + Character.toString(codePoint) + "'" : "'\\' followed by " + codePoint(codePoint)));
			}
		}
		this.pos++;
		if (decoded != null) {
			decoded.append(unescaped);
		}
	}

	/** Read the four hex digits after {@code \\u}. */
	private char hexQuad(int opening, int backslash) {
		int value = 0;
		for (int i = 0; i < 4; i++) {
			if (this.pos == this.text.length()) {
				throw malformed(opening, "unterminated string");
			}
			int digit = hexDigit(this.text.charAt(this.pos));
			if (digit < 0) {
				throw malformed(backslash, "invalid escape " + quote(this.text.substring(backslash, this.pos + 1))
						+ "; '\\u' takes four hex digits");
			}
			value = (value << 4) | digit;
			this.pos++;
		}
		return (char) value;
	}

	private SseBroadcastRequestException loneSurrogate(int backslash) {
		return malformed(backslash,
				"lone surrogate '" + this.text.substring(backslash, backslash + 6) + "' in a string; "
						+ "a character beyond U+FFFF is escaped as a high and a low surrogate, one after the other");
	}

	private void number(StringBuilder out) {
		int begin = this.pos;
		if (peek() == '-') {
			this.pos++;
			if (!isDigit(peek())) {
				throw malformed(this.pos, "expected a digit after '-'" + found());
			}
		}
		if (peek() == '0') {
			this.pos++;
			if (isDigit(peek())) {
				throw malformed(this.pos - 1, "leading zeros are not allowed in numbers");
			}
		}
		else {
			digits();
		}
		if (peek() == '.') {
			this.pos++;
			if (!isDigit(peek())) {
				throw malformed(this.pos, "expected a digit after the decimal point" + found());
			}
			digits();
		}
		if (peek() == 'e' || peek() == 'E') {
			this.pos++;
			if (peek() == '+' || peek() == '-') {
				this.pos++;
			}
			if (!isDigit(peek())) {
				throw malformed(this.pos, "expected a digit in the exponent" + found());
			}
			digits();
		}
		out.append(this.text, begin, this.pos);
	}

	private void digits() {
		while (isDigit(peek())) {
			this.pos++;
		}
	}

	private void literal(StringBuilder out) {
		int begin = this.pos;
		while (this.pos < this.text.length() && Character.isLetterOrDigit(this.text.charAt(this.pos))) {
			this.pos++;
		}
		String word = this.text.substring(begin, this.pos);
		if (!word.equals("true") && !word.equals("false") && !word.equals("null")) {
			throw malformed(begin, "invalid literal " + quote(word) + "; expected true, false or null");
		}
		out.append(word);
	}

	private void enter() {
		this.depth++;
		if (this.depth > MAX_DEPTH) {
			throw SseBroadcastRequestException.badField(null,
					"JSON nests deeper than " + MAX_DEPTH + " levels at " + location(this.pos));
		}
	}

	private void expect(char c, String expected) {
		if (peek() != c) {
			throw malformed(this.pos, expected + found());
		}
		this.pos++;
	}

	private void skipWhitespace() {
		while (this.pos < this.text.length()) {
			char c = this.text.charAt(this.pos);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.pos++;
		}
	}

	/** Return the character at the current position, or {@code 0} at the end. */
	private char peek() {
		return (this.pos < this.text.length()) ? this.text.charAt(this.pos) : 0;
	}

	private String found() {
		if (this.pos == this.text.length()) {
			return ", found the end of the body";
		}
		int codePoint = this.text.codePointAt(this.pos);
		return ", found " + (isPrintable(codePoint) ? "'" + Character.toString(codePoint) + "'" : codePoint(codePoint));
	}

	private SseBroadcastRequestException malformed(int at, String problem) {
		return SseBroadcastRequestException.badField(null, "Malformed JSON at " + location(at) + ": " + problem);
	}

	/**
	 * Return {@code line L, column C} for an index: lines end at LF, CR LF or CR, and
	 * columns count characters (code points), both from 1.
	 */
	private String location(int at) {
		int line = 1;
		int lineStart = this.start;
		for (int i = this.start; i < at; i++) {
			char c = this.text.charAt(i);
			if (c == '\n' || (c == '\r' && (i + 1 == this.text.length() || this.text.charAt(i + 1) != '\n'))) {
				line++;
				lineStart = i + 1;
			}
		}
		return "line " + line + ", column " + (this.text.codePointCount(lineStart, at) + 1);
	}

	@Nullable
	private static String kindOfValueStartingWith(char c) {
		return switch (c) {
			case '[' -> "an array";
			case '"' -> "a string";
			case 't', 'f' -> "a boolean";
			case 'n' -> "null";
			case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> "a number";
			default -> null;
		};
	}

	private static int hexDigit(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		if (c >= 'A' && c <= 'F') {
			return c - 'A' + 10;
		}
		return -1;
	}

	private static boolean isPlain(char c) {
		return c >= 0x20 && c != '"' && c != '\\';
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isLetter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	private static boolean isPrintable(int codePoint) {
		return !Character.isISOControl(codePoint) && !Character.isWhitespace(codePoint)
				&& !Character.isSpaceChar(codePoint) && codePoint != BYTE_ORDER_MARK
				&& Character.getType(codePoint) != Character.SURROGATE;
	}

	private static String codePoint(int codePoint) {
		return String.format("U+%04X", codePoint);
	}

	/** Quote text for a message, shortened if long. */
	static String quote(String text) {
		if (text.codePointCount(0, text.length()) <= MAX_QUOTED_LENGTH) {
			return "'" + text + "'";
		}
		return "'" + text.substring(0, text.offsetByCodePoints(0, MAX_QUOTED_LENGTH)) + "...'";
	}

	/**
	 * Kinds of JSON value.
	 */
	enum Type {

		STRING, NUMBER, OBJECT, ARRAY, BOOLEAN, NULL

	}

	/**
	 * A top-level field's value.
	 *
	 * @param type its kind
	 * @param text the decoded text of a string, or else the value as compact JSON exactly
	 * as written
	 */
	record Value(Type type, String text) {

		/**
		 * Whether this is a number without fraction or exponent.
		 * @return whether this is an integer
		 */
		boolean isInteger() {
			return this.type == Type.NUMBER && this.text.indexOf('.') < 0 && this.text.indexOf('e') < 0
					&& this.text.indexOf('E') < 0;
		}

	}

}
