package io.github.ssebroadcast.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssebroadcast.event.SseEvent;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.jspecify.annotations.Nullable;

/**
 * Reads and validates a {@link SseBroadcastRequest} from a request, so that every bad
 * input gets a precise {@link SseBroadcastRequestException} and nothing is broadcast.
 */
class SseBroadcastRequestReader {

	private static final Log logger = LogFactory.getLog(SseBroadcastRequestReader.class);

	private static final MediaType JSON_SUFFIX = MediaType.parseMediaType("application/*+json");

	private final ObjectMapper objectMapper;

	private final int maxBodySize;

	SseBroadcastRequestReader(ObjectMapper objectMapper, int maxBodySize) {
		this.objectMapper = objectMapper;
		this.maxBodySize = maxBodySize;
	}

	SseBroadcastRequest read(HttpServletRequest request) throws IOException {
		checkContentType(request.getContentType());
		JsonNode root = parse(readBody(request));
		if (!root.isObject()) {
			throw SseBroadcastRequestException.badField(null, "Request body must be a JSON object");
		}
		return new SseBroadcastRequest(event(root.get("event")), data(root.get("data")), id(root.get("id")),
				retry(root.get("retry")));
	}

	private void checkContentType(@Nullable String contentType) {
		if (contentType == null) {
			throw unsupportedMediaType("Content-Type is missing; send 'application/json'");
		}
		MediaType mediaType;
		try {
			mediaType = MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			throw unsupportedMediaType("Content-Type '" + contentType + "' is invalid; send 'application/json'");
		}
		if (!MediaType.APPLICATION_JSON.includes(mediaType) && !JSON_SUFFIX.includes(mediaType)) {
			throw unsupportedMediaType("Content-Type '" + contentType + "' is not supported; send 'application/json'");
		}
	}

	private static SseBroadcastRequestException unsupportedMediaType(String detail) {
		return new SseBroadcastRequestException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, null, detail);
	}

	private byte[] readBody(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > this.maxBodySize) {
			throw tooLarge();
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try (InputStream in = request.getInputStream()) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				if (body.size() + read > this.maxBodySize) {
					throw tooLarge();
				}
				body.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			// broken chunked framing, a body cut short or a read that timed out; the container's
			// own message can name its classes, so it goes to the log, not to the client
			if (logger.isDebugEnabled()) {
				logger.debug("Broadcast request body could not be read: " + ex);
			}
			throw SseBroadcastRequestException.badField(null,
					"Request body could not be read: its chunked framing is broken, or it ended early");
		}
		if (body.size() == 0) {
			throw SseBroadcastRequestException.badField(null, "Request body is missing; send {\"event\": ..., \"data\": ...}");
		}
		return body.toByteArray();
	}

	private SseBroadcastRequestException tooLarge() {
		return new SseBroadcastRequestException(HttpStatus.PAYLOAD_TOO_LARGE, null,
				"Request body is larger than the limit of " + this.maxBodySize + " bytes");
	}

	private JsonNode parse(byte[] body) {
		try {
			JsonNode root = this.objectMapper.readTree(body);
			if (root == null || root.isMissingNode()) {
				throw SseBroadcastRequestException.badField(null, "Request body is not JSON");
			}
			return root;
		}
		catch (JsonProcessingException ex) {
			JsonLocation location = ex.getLocation();
			String where = (location != null) ? " at line " + location.getLineNr() + ", column " + location.getColumnNr()
					: "";
			throw SseBroadcastRequestException.badField(null, "Malformed JSON" + where + ": " + firstLine(ex));
		}
		catch (IOException ex) {
			throw SseBroadcastRequestException.badField(null, "Request body is not readable JSON");
		}
	}

	private static String firstLine(JsonProcessingException ex) {
		String message = String.valueOf(ex.getOriginalMessage());
		int end = message.indexOf('\n');
		message = (end >= 0) ? message.substring(0, end) : message;
		return (message.length() > 200) ? message.substring(0, 200) + "..." : message;
	}

	private static String event(@Nullable JsonNode node) {
		if (isAbsent(node)) {
			return SseBroadcastRequest.DEFAULT_EVENT;
		}
		if (!node.isTextual()) {
			throw SseBroadcastRequestException.badField("event", "'event' must be a string");
		}
		String event = node.textValue();
		if (!SseEvent.isValidName(event)) {
			throw SseBroadcastRequestException.badField("event", "'event' must be 1 to " + SseEvent.MAX_NAME_LENGTH
					+ " letters, digits or '_', '.', ':', '-' (no spaces, CR, LF or NUL)");
		}
		return event;
	}

	private static JsonNode data(@Nullable JsonNode node) {
		if (isAbsent(node)) {
			throw SseBroadcastRequestException.badField("data", "'data' is required");
		}
		return node;
	}

	@Nullable
	private static String id(@Nullable JsonNode node) {
		if (isAbsent(node)) {
			return null;
		}
		if (!node.isTextual() && !node.isIntegralNumber()) {
			throw SseBroadcastRequestException.badField("id", "'id' must be a string or an integer");
		}
		String id = node.asText();
		if (!SseEvent.isValidId(id)) {
			throw SseBroadcastRequestException.badField("id", "'id' must not contain CR, LF or NUL");
		}
		return id;
	}

	@Nullable
	private static Long retry(@Nullable JsonNode node) {
		if (isAbsent(node)) {
			return null;
		}
		if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
			throw SseBroadcastRequestException.badField("retry",
					"'retry' must be a non-negative integer number of milliseconds");
		}
		return node.longValue();
	}

	private static boolean isAbsent(@Nullable JsonNode node) {
		return node == null || node.isNull();
	}

}
