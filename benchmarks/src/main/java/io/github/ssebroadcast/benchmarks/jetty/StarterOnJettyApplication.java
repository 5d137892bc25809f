package io.github.ssebroadcast.benchmarks.jetty;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.context.annotation.Bean;

/**
 * The starter on Jetty 12 instead of Tomcat: the same broadcast endpoints and defaults as
 * the sample application, from the starter's auto-configuration alone, without the
 * sample's demo page and OpenAPI document.
 */
@SpringBootApplication
public class StarterOnJettyApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(StarterOnJettyApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.run(args);
	}

	/**
	 * Jetty, even though Tomcat is on the benchmarks' class path too.
	 * @return the server factory
	 */
	@Bean
	JettyServletWebServerFactory jettyServletWebServerFactory() {
		return new JettyServletWebServerFactory();
	}

}
