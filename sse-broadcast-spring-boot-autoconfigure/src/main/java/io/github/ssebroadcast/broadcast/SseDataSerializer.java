package io.github.ssebroadcast.broadcast;

/**
 * Turns event data that is not a {@link String} into the text of its {@code data:} lines.
 * <p>The auto-configuration provides one that writes compact JSON with the application's
 * own JSON mapper; define a bean of this type to replace it.
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

}
