package io.github.ssebroadcast.autoconfigure;

import java.util.Arrays;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;

/**
 * Keeps response compression away from event streams: a compressing server buffers events
 * until its compression buffer fills, so clients would see nothing for a long time. Removes
 * {@code text/event-stream} from the compressed MIME types, with a warning.
 */
public class EventStreamCompressionCustomizer
		implements WebServerFactoryCustomizer<AbstractConfigurableWebServerFactory>, Ordered {

	private static final Log logger = LogFactory.getLog(EventStreamCompressionCustomizer.class);

	@Override
	public void customize(AbstractConfigurableWebServerFactory factory) {
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
		// after the customizer that applies server.compression.*
		return Ordered.LOWEST_PRECEDENCE;
	}

}
