package io.github.ssebroadcast.openapi;

import java.lang.reflect.Method;

import io.github.ssebroadcast.autoconfigure.SseBroadcastAutoConfiguration;
import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.web.SseBroadcastApiController;
import io.github.ssebroadcast.web.SseBroadcastController;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.filters.GlobalOpenApiMethodFilter;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

class SseBroadcastOpenApiAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SseBroadcastAutoConfiguration.class,
				SseBroadcastOpenApiAutoConfiguration.class));

	@Test
	void documentsEndpointsWhenSpringdocIsPresent() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SseBroadcastOpenApiCustomizer.class);
			assertThat(context).hasBean("sseBroadcastOpenApiMethodFilter");
			OpenAPI openApi = customise(context.getBean(SseBroadcastOpenApiCustomizer.class));
			assertThat(openApi.getPaths()).containsOnlyKeys("/sse/broadcast", "/api/broadcast", "/api/broadcast/batch");
		});
	}

	@Test
	void documentsEndpointsAtConfiguredPaths() {
		this.contextRunner.withPropertyValues("sse.broadcast.path=/events", "sse.broadcast.api.path=/events/publish")
			.run((context) -> {
				OpenAPI openApi = customise(context.getBean(SseBroadcastOpenApiCustomizer.class));
				assertThat(openApi.getPaths()).containsOnlyKeys("/events", "/events/publish", "/events/publish/batch");
			});
	}

	@Test
	void documentsTheConfiguredBatchLimit() {
		this.contextRunner.withPropertyValues("sse.broadcast.api.max-batch-events=50").run((context) -> {
			OpenAPI openApi = customise(context.getBean(SseBroadcastOpenApiCustomizer.class));
			Schema<?> batch = openApi.getComponents().getSchemas().get("SseBroadcastBatchRequest");
			assertThat(batch.getProperties().get("events").getMaxItems()).isEqualTo(50);
		});
	}

	@Test
	void documentsOnlyTheStreamWhenTheApiIsDisabled() {
		this.contextRunner.withPropertyValues("sse.broadcast.api.enabled=false").run((context) -> {
			OpenAPI openApi = customise(context.getBean(SseBroadcastOpenApiCustomizer.class));
			assertThat(openApi.getPaths()).containsOnlyKeys("/sse/broadcast");
		});
	}

	@Test
	void leavesEndpointsOutWhenDisabled() {
		this.contextRunner.withPropertyValues("sse.broadcast.openapi.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(SseBroadcastOpenApiCustomizer.class);
			assertThat(context).hasBean("sseBroadcastOpenApiMethodFilter");
			assertThat(context).hasSingleBean(SseBroadcaster.class);
		});
	}

	@Test
	void keepsStarterControllersOutOfScanning() {
		this.contextRunner.run((context) -> {
			GlobalOpenApiMethodFilter filter = context.getBean("sseBroadcastOpenApiMethodFilter",
					GlobalOpenApiMethodFilter.class);
			assertThat(filter.isMethodToInclude(SseBroadcastController.class.getMethod("subscribe", HttpServletRequest.class))).isFalse();
			assertThat(filter.isMethodToInclude(
					SseBroadcastApiController.class.getMethod("broadcast", HttpServletRequest.class)))
				.isFalse();
			assertThat(filter.isMethodToInclude(
					SseBroadcastApiController.class.getMethod("broadcastBatch", HttpServletRequest.class)))
				.isFalse();
			Method userMethod = ReflectionUtils.findMethod(UserController.class, "hello");
			assertThat(filter.isMethodToInclude(userMethod)).isTrue();
		});
	}

	@Test
	void backsOffWithoutSpringdoc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OpenApiCustomizer.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(SseBroadcastOpenApiCustomizer.class);
			assertThat(context).doesNotHaveBean("sseBroadcastOpenApiMethodFilter");
			assertThat(context).hasSingleBean(SseBroadcaster.class);
		});
	}

	@Test
	void backsOffWhenBroadcastingIsDisabled() {
		this.contextRunner.withPropertyValues("sse.broadcast.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(SseBroadcastOpenApiCustomizer.class);
			assertThat(context).doesNotHaveBean("sseBroadcastOpenApiMethodFilter");
		});
	}

	@Test
	void backsOffWhenUserDefinesCustomizer() {
		this.contextRunner.withUserConfiguration(UserCustomizerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SseBroadcastOpenApiCustomizer.class);
			assertThat(context).hasBean("userCustomizer");
			OpenAPI openApi = customise(context.getBean(SseBroadcastOpenApiCustomizer.class));
			assertThat(openApi.getPaths()).containsOnlyKeys("/mine");
		});
	}

	@Test
	void backsOffInReactiveApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SseBroadcastOpenApiAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SseBroadcastOpenApiCustomizer.class));
	}

	private static OpenAPI customise(SseBroadcastOpenApiCustomizer customizer) {
		OpenAPI openApi = new OpenAPI();
		customizer.customise(openApi);
		return openApi;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCustomizerConfiguration {

		@Bean
		SseBroadcastOpenApiCustomizer userCustomizer() {
			return new SseBroadcastOpenApiCustomizer("/mine", null);
		}

	}

	static class UserController {

		String hello() {
			return "hello";
		}

	}

}
