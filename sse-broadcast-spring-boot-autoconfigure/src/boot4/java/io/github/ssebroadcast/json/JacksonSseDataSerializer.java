package io.github.ssebroadcast.json;

import io.github.ssebroadcast.broadcast.SseDataSerializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link SseDataSerializer} that writes compact JSON with a Jackson 3 {@link JsonMapper},
 * even if the mapper is set to indent its output.
 */
public class JacksonSseDataSerializer implements SseDataSerializer {

	private final ObjectWriter writer;

	/**
	 * Create a serializer.
	 * @param jsonMapper the mapper, usually the application's
	 */
	public JacksonSseDataSerializer(JsonMapper jsonMapper) {
		this.writer = jsonMapper.writer().without(SerializationFeature.INDENT_OUTPUT);
	}

	@Override
	public String serialize(Object data) {
		try {
			return this.writer.writeValueAsString(data);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Cannot serialize event data to JSON: " + ex.getOriginalMessage(), ex);
		}
	}

}
