package io.github.ssebroadcast.autoconfigure;

import java.util.Arrays;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.server.AbstractServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * that keeps response compression away from event streams: a compressing server buffers
 * events until its compression buffer fills, so clients see nothing for a long time.
 */
@AutoConfiguration(after = SseBroadcastAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = SseBroadcastProperties.PREFIX + ".enabled", matchIfMissing = true)
public class SseCompressionAutoConfiguration {

	@Bean
	static WebServerFactoryCustomizer<AbstractServletWebServerFactory> sseCompressionCustomizer() {
		return new EventStreamCompressionCustomizer();
	}

	/**
	 * Removes {@code text/event-stream} from the compressed MIME types, with a warning.
	 */
	static final class EventStreamCompressionCustomizer
			implements WebServerFactoryCustomizer<AbstractServletWebServerFactory>, Ordered {

		private static final Log logger = LogFactory.getLog(EventStreamCompressionCustomizer.class);

		@Override
		public void customize(AbstractServletWebServerFactory factory) {
			Compression compression = factory.getCompression();
			if (compression == null || !compression.getEnabled() || compression.getMimeTypes() == null) {
				return;
			}
			String[] mimeTypes = compression.getMimeTypes();
			String[] kept = Arrays.stream(mimeTypes)
				.filter((mimeType) -> !MediaType.TEXT_EVENT_STREAM.isCompatibleWith(MediaType.parseMediaType(mimeType)))
				.toArray(String[]::new);
			if (kept.length != mimeTypes.length) {
				logger.warn("server.compression.mime-types includes text/event-stream; compression would buffer "
						+ "Server-Sent Events, so event streams are left uncompressed");
				compression.setMimeTypes(kept);
			}
		}

		@Override
		public int getOrder() {
			// after ServletWebServerFactoryCustomizer has applied server.compression.*
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
