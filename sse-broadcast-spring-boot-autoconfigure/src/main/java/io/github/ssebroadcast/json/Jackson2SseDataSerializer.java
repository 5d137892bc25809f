package io.github.ssebroadcast.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.ssebroadcast.broadcast.SseDataSerializer;

/**
 * {@link SseDataSerializer} that writes compact JSON with a Jackson 2 {@link ObjectMapper},
 * even if the mapper is set to indent its output.
 */
public class Jackson2SseDataSerializer implements SseDataSerializer {

	private final ObjectWriter writer;

	/**
	 * Create a serializer.
	 * @param objectMapper the mapper, usually the application's
	 */
	public Jackson2SseDataSerializer(ObjectMapper objectMapper) {
		this.writer = objectMapper.writer().without(SerializationFeature.INDENT_OUTPUT);
	}

	@Override
	public String serialize(Object data) {
		try {
			return this.writer.writeValueAsString(data);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Cannot serialize event data to JSON: " + ex.getOriginalMessage(), ex);
		}
	}

}
