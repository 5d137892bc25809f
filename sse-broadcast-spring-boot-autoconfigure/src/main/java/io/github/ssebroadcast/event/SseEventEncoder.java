package io.github.ssebroadcast.event;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Encodes {@link SseEvent events} to the {@code text/event-stream} format, once per event.
 * <p>Fields are written in the order {@code retry}, {@code id}, {@code event}, then one
 * {@code data:} line per line of data (split on LF, CRLF and CR), then a blank line.
 * Comment lines, when present, come first. Lines end with LF. An event with a name and no
 * data gets an empty {@code data:} line: browsers dispatch no event whose data buffer is
 * empty, so {@code event: x} alone would be dropped by every {@code EventSource}.
 */
public final class SseEventEncoder {

	private SseEventEncoder() {
	}

	/**
	 * Encode the given event.
	 * @param event the event
	 * @return the encoded frame
	 */
	public static SseFrame encode(SseEvent event) {
		String data = event.getData();
		String comment = event.getComment();
		StringBuilder sb = new StringBuilder(32 + ((data != null) ? data.length() : 0)
				+ ((comment != null) ? comment.length() : 0));
		if (comment != null) {
			appendLines(sb, ":", comment);
		}
		Duration reconnectTime = event.getReconnectTime();
		if (reconnectTime != null) {
			sb.append("retry: ").append(reconnectTime.toMillis()).append('\n');
		}
		appendField(sb, "id: ", event.getId());
		appendField(sb, "event: ", event.getName());
		if (data != null) {
			appendLines(sb, "data:", data);
		}
		else if (event.getName() != null) {
			sb.append("data:\n");
		}
		sb.append('\n');
		return new SseFrame(sb.toString().getBytes(StandardCharsets.UTF_8), data != null || event.getName() != null);
	}

	/**
	 * Encode a comment, such as a keep-alive. A comment is ignored by clients.
	 * @param comment the comment text; line breaks split it into several comment lines
	 * @return the encoded frame
	 */
	public static SseFrame comment(String comment) {
		return encode(SseEvent.builder().comment(comment).build());
	}

	/**
	 * Encode a frame that only carries a reconnect time.
	 * @param reconnectTime the reconnect time
	 * @return the encoded frame
	 */
	public static SseFrame reconnectTime(Duration reconnectTime) {
		return encode(SseEvent.builder().reconnectTime(reconnectTime).build());
	}

	private static void appendField(StringBuilder sb, String prefix, @Nullable String value) {
		if (value != null && !value.isEmpty()) {
			sb.append(prefix).append(value).append('\n');
		}
	}

	private static void appendLines(StringBuilder sb, String prefix, String text) {
		int start = 0;
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c == '\n' || c == '\r') {
				appendLine(sb, prefix, text, start, i);
				if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
					i++;
				}
				start = i + 1;
			}
		}
		appendLine(sb, prefix, text, start, length);
	}

	private static void appendLine(StringBuilder sb, String prefix, String text, int start, int end) {
		sb.append(prefix);
		if (end > start) {
			sb.append(' ').append(text, start, end);
		}
		sb.append('\n');
	}

}
