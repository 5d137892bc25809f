package io.github.ssebroadcast.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ssebroadcast.broadcast.SseAudience;
import io.github.ssebroadcast.event.SseEvent;
import io.github.ssebroadcast.web.StrictJsonParser.Type;
import io.github.ssebroadcast.web.StrictJsonParser.Value;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Reads and validates a {@link SseBroadcastRequest} from a request, so that every bad
 * input gets a precise {@link SseBroadcastRequestException} and nothing is broadcast.
 * <p>The body is parsed by {@link StrictJsonParser}: it must be one JSON object, in valid
 * UTF-8, with no field but {@code event}, {@code data}, {@code id}, {@code retry} and
 * {@code topic}, each
 * at most once.
 */
class SseBroadcastRequestReader {

	private static final Log logger = LogFactory.getLog(SseBroadcastRequestReader.class);

	private static final MediaType JSON_SUFFIX = MediaType.parseMediaType("application/*+json");

	private static final List<String> FIELDS = List.of("event", "data", "id", "retry", "topic");

	private static final String BATCH_FIELD = "events";

	private final int maxBodySize;

	SseBroadcastRequestReader(int maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	/**
	 * Read a request whose headers were checked, with a blocking read of its body.
	 * @param request the request
	 * @return the request read
	 * @throws SseBroadcastRequestException if the body is not an acceptable request
	 */
	SseBroadcastRequest read(HttpServletRequest request) throws IOException {
		return read(readBody(request));
	}

	/**
	 * Check what the request's headers say, before its body is read: that the client takes
	 * a JSON answer, sends JSON, and no more of it than the limit.
	 * @param request the request
	 * @throws SseBroadcastRequestException if the request cannot be accepted
	 */
	void checkHeaders(HttpServletRequest request) {
		checkAccept(request.getHeader(HttpHeaders.ACCEPT));
		checkContentType(request.getContentType());
		if (request.getContentLengthLong() > this.maxBodySize) {
			throw tooLarge();
		}
	}

	int getMaxBodySize() {
		return this.maxBodySize;
	}

	/**
	 * Read a request from a body.
	 * @param body the body's bytes
	 * @return the request
	 * @throws SseBroadcastRequestException if the body is empty or not an acceptable request
	 */
	static SseBroadcastRequest read(byte[] body) {
		if (body.length == 0) {
			throw missingBody("{\"event\": ..., \"data\": ...}");
		}
		return request(StrictJsonParser.parseObject(body), "");
	}

	/**
	 * Read a batch of requests from a body: an object whose only field,
	 * {@code events}, is an array of 1 to {@code maxEvents} requests. A fault in one of them
	 * names it by its place, as in {@code events[2].topic}.
	 * @param body the body's bytes
	 * @param maxEvents the most requests a batch may hold
	 * @return the requests, in order
	 * @throws SseBroadcastRequestException if the body is empty or not an acceptable batch
	 */
	static List<SseBroadcastRequest> readBatch(byte[] body, int maxEvents) {
		if (body.length == 0) {
			throw missingBody("{\"events\": [{\"event\": ..., \"data\": ...}, ...]}");
		}
		Map<String, Value> fields = StrictJsonParser.parseObject(body);
		for (String name : fields.keySet()) {
			if (!BATCH_FIELD.equals(name)) {
				throw SseBroadcastRequestException.badField(name, "Unknown field " + StrictJsonParser.quote(name)
						+ "; the only accepted field is 'events'");
			}
		}
		Value events = fields.get(BATCH_FIELD);
		if (isAbsent(events) || events.type() != Type.ARRAY) {
			throw SseBroadcastRequestException.badField(BATCH_FIELD, "'events' must be an array of 1 to " + maxEvents
					+ " events, each {\"event\": ..., \"data\": ...}");
		}
		List<Map<String, Value>> elements = StrictJsonParser.parseObjects(events, BATCH_FIELD);
		if (elements.isEmpty() || elements.size() > maxEvents) {
			throw SseBroadcastRequestException.badField(BATCH_FIELD,
					"'events' must hold 1 to " + maxEvents + " events; it holds " + elements.size());
		}
		List<SseBroadcastRequest> requests = new ArrayList<>(elements.size());
		for (Map<String, Value> element : elements) {
			requests.add(request(element, BATCH_FIELD + "[" + requests.size() + "]."));
		}
		return requests;
	}

	/**
	 * Validate one request's fields, naming a field at fault with the given prefix.
	 */
	private static SseBroadcastRequest request(Map<String, Value> fields, String prefix) {
		for (String name : fields.keySet()) {
			if (!FIELDS.contains(name)) {
				throw SseBroadcastRequestException.badField(prefix + name, "Unknown field "
						+ StrictJsonParser.quote(prefix + name)
						+ "; the accepted fields are 'event', 'data', 'id', 'retry' and 'topic'");
			}
		}
		return new SseBroadcastRequest(event(fields.get("event"), prefix + "event"),
				data(fields.get("data"), prefix + "data"), id(fields.get("id"), prefix + "id"),
				retry(fields.get("retry"), prefix + "retry"), topic(fields.get("topic"), prefix + "topic"));
	}

	/**
	 * Refuse a request whose client does not accept the JSON answer before anything is
	 * broadcast: Spring MVC would only find out when it writes the answer, after the event
	 * went out.
	 */
	private static void checkAccept(@Nullable String accept) {
		if (accept == null || accept.isBlank()) {
			return;
		}
		List<MediaType> acceptable;
		try {
			acceptable = MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException ex) {
			throw notAcceptable("Accept " + StrictJsonParser.quote(accept) + " is invalid; accept 'application/json'");
		}
		for (MediaType mediaType : acceptable) {
			if (mediaType.getQualityValue() > 0 && mediaType.includes(MediaType.APPLICATION_JSON)) {
				return;
			}
		}
		throw notAcceptable("Accept " + StrictJsonParser.quote(accept)
				+ " does not take the answer, which is 'application/json'; accept it, or send no Accept");
	}

	private static SseBroadcastRequestException notAcceptable(String detail) {
		return new SseBroadcastRequestException(HttpStatus.NOT_ACCEPTABLE, null, detail);
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

	/**
	 * Read the whole body with blocking reads.
	 * @param request the request, whose headers were checked
	 * @return the body, empty if there is none
	 * @throws SseBroadcastRequestException if the body is larger than the limit or
	 * unreadable
	 */
	byte[] readBody(HttpServletRequest request) throws IOException {
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
			throw unreadable(ex);
		}
		return body.toByteArray();
	}

	/**
	 * The failure of a body that could not be read: broken chunked framing, a body cut
	 * short, a read that timed out. The container's own message can name its classes, so it
	 * goes to the log, not to the client.
	 * @param ex what the container reported
	 * @return the failure
	 */
	static SseBroadcastRequestException unreadable(Throwable ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Broadcast request body could not be read: " + ex);
		}
		return SseBroadcastRequestException.badField(null,
				"Request body could not be read: its chunked framing is broken, or it ended early");
	}

	private static SseBroadcastRequestException missingBody(String expected) {
		return SseBroadcastRequestException.badField(null, "Request body is missing; send " + expected);
	}

	SseBroadcastRequestException tooLarge() {
		return new SseBroadcastRequestException(HttpStatus.PAYLOAD_TOO_LARGE, null,
				"Request body is larger than the limit of " + this.maxBodySize + " bytes");
	}

	private static String event(@Nullable Value value, String field) {
		if (isAbsent(value)) {
			return SseBroadcastRequest.DEFAULT_EVENT;
		}
		if (value.type() != Type.STRING) {
			throw SseBroadcastRequestException.badField(field, "'" + field + "' must be a string");
		}
		String event = value.text();
		if (!SseEvent.isValidName(event)) {
			throw SseBroadcastRequestException.badField(field, "'" + field + "' must be 1 to " + SseEvent.MAX_NAME_LENGTH
					+ " letters, digits or '_', '.', ':', '-' (no spaces, CR, LF or NUL)");
		}
		return event;
	}

	private static String data(@Nullable Value value, String field) {
		if (isAbsent(value)) {
			throw SseBroadcastRequestException.badField(field, "'" + field + "' is required");
		}
		return value.text();
	}

	@Nullable
	private static String id(@Nullable Value value, String field) {
		if (isAbsent(value)) {
			return null;
		}
		if (value.type() != Type.STRING && !value.isInteger()) {
			throw SseBroadcastRequestException.badField(field, "'" + field + "' must be a string or an integer");
		}
		String id = value.text();
		if (id.codePointCount(0, id.length()) > SseBroadcastRequest.MAX_ID_LENGTH) {
			throw SseBroadcastRequestException.badField(field,
					"'" + field + "' must be at most " + SseBroadcastRequest.MAX_ID_LENGTH + " characters");
		}
		if (!SseEvent.isValidId(id)) {
			throw SseBroadcastRequestException.badField(field, "'" + field + "' must not contain CR, LF or NUL");
		}
		return id;
	}

	@Nullable
	private static String topic(@Nullable Value value, String field) {
		if (isAbsent(value)) {
			return null;
		}
		if (value.type() != Type.STRING || !SseAudience.isValidTopic(value.text())) {
			throw SseBroadcastRequestException.badField(field, "'" + field + "' must be 1 to " + SseAudience.MAX_TOPIC_LENGTH
					+ " letters, digits or '_', '.', ':', '/', '-'");
		}
		return value.text();
	}

	@Nullable
	private static Long retry(@Nullable Value value, String field) {
		if (isAbsent(value)) {
			return null;
		}
		long retry = -1;
		if (value.isInteger()) {
			try {
				retry = Long.parseLong(value.text());
			}
			catch (NumberFormatException ex) {
				// beyond a long
			}
		}
		if (retry < 0) {
			throw SseBroadcastRequestException.badField(field,
					"'" + field + "' must be a non-negative integer number of milliseconds, at most " + Long.MAX_VALUE);
		}
		return retry;
	}

	private static boolean isAbsent(@Nullable Value value) {
		return value == null || value.type() == Type.NULL;
	}

}
