package io.github.ssebroadcast.sample;

import java.lang.annotation.Annotation;

import io.github.ssebroadcast.openapi.SseBroadcastOpenApiCustomizer;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocAnnotationsUtils;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sample's OpenAPI document: its description, its tags (the starter's operations
 * first, then the sample's), the session that signed-in users send, and the schemas of the data of the events its endpoints send,
 * which no operation returns directly.
 */
@Configuration(proxyBeanMethods = false)
class SampleOpenApiConfiguration {

	/** Tag of the sample's own operations. */
	static final String TAG = "Sample";

	/** Security scheme of the operations that need a signed-in user. */
	static final String SESSION_SCHEME = "session";

	@Bean
	OpenAPI sampleOpenApi() {
		return new OpenAPI().info(new Info().title("SSE Broadcast Sample")
			.version("0.1.0")
			.description("""
					Server-Sent Events with Spring Boot: a broadcast stream every client shares, \
					a JSON endpoint that broadcasts to it, and a per-connection stream.

					Streams never end, so *Try it out* cannot show them: open the \
					[demo page](/) or use `curl -N`."""))
			.components(new Components().addSecuritySchemes(SESSION_SCHEME, new SecurityScheme()
				.type(SecurityScheme.Type.APIKEY)
				.in(SecurityScheme.In.COOKIE)
				.name("JSESSIONID")
				.description("The session of a user signed in at [/login](/login): `alice` or `bob`, password `"
						+ SampleSecurityConfiguration.PASSWORD + "`")))
			.addTagsItem(new Tag().name(SseBroadcastOpenApiCustomizer.TAG)
				.description("Provided by the starter: the broadcast stream, and the endpoint that broadcasts to it"))
			.addTagsItem(new Tag().name(TAG)
				.description("Added by this sample with the starter's SseBroadcaster and SseStreams"));
	}

	@Bean
	OpenApiCustomizer eventDataSchemas() {
		return (openApi) -> {
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			for (Class<?> type : new Class<?>[] { OperationProgressEvent.class, UserNotification.class,
					TickStreams.TicksConnected.class, TickStreams.Tick.class, TickStreams.TicksComplete.class }) {
				SpringDocAnnotationsUtils.extractSchema(openApi.getComponents(), type, null, new Annotation[0],
						openApi.getSpecVersion());
			}
		};
	}

}
