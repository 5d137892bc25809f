package io.github.ssebroadcast.autoconfigure;

import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;

/**
 * Callback to tune the auto-configured {@link DefaultSseBroadcaster} beyond what the
 * {@code sse.broadcast.*} properties offer, for example to supply a writer executor.
 * Customizers are applied in order, after the properties.
 */
@FunctionalInterface
public interface SseBroadcasterCustomizer {

	/**
	 * Customize the broadcaster's builder.
	 * @param builder the builder
	 */
	void customize(DefaultSseBroadcaster.Builder builder);

}
