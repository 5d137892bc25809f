package io.github.ssebroadcast.broadcast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Turns event data that is not a {@link String} into the text of its {@code data:} lines.
 */
@FunctionalInterface
public interface SseDataSerializer {

	/**
	 * Serialize the given data.
	 * @param data the data, never a {@link String}
	 * @return its text
	 * @throws IllegalArgumentException if the data cannot be serialized
	 */
	String serialize(Object data);

	/**
	 * Return a serializer that writes compact JSON with the given mapper, even if the
	 * mapper is set to indent its output.
	 * @param objectMapper the mapper, usually the application's
	 * @return the serializer
	 */
	static SseDataSerializer json(ObjectMapper objectMapper) {
		ObjectWriter writer = objectMapper.writer().without(SerializationFeature.INDENT_OUTPUT);
		return (data) -> {
			try {
				return writer.writeValueAsString(data);
			}
			catch (JsonProcessingException ex) {
				throw new IllegalArgumentException("Cannot serialize event data to JSON: " + ex.getOriginalMessage(),
						ex);
			}
		};
	}

}
