package io.github.ssebroadcast.sample;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves ReDoc at {@code /docs/redoc}: a static page that loads ReDoc's script from the
 * {@code org.webjars:redoc} jar, so the documentation works offline. Swagger UI, at
 * {@code /docs/swagger}, comes from springdoc.
 */
@Configuration(proxyBeanMethods = false)
class DocsConfiguration implements WebMvcConfigurer {

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addViewController("/docs/redoc").setViewName("forward:/docs/redoc.html");
	}

}
