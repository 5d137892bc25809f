package io.github.ssebroadcast.benchmarks.tomcat;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;

/**
 * The starter on Tomcat with every per-connection buffer that Tomcat lets an application
 * size set to 1 KiB: the socket's read and write buffers and the request and response header
 * buffers. No application could ship this (a request with a few cookies no longer fits), but
 * it measures how little memory per connection Tomcat can be brought down to. The rest, the
 * connector's request and response buffers, Tomcat sizes itself.
 */
@SpringBootApplication
public class StarterOnMinimalTomcatApplication {

	/** The size of every buffer Tomcat lets an application set. */
	static final int BUFFER_SIZE = 1024;

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(StarterOnMinimalTomcatApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.setDefaultProperties(Map.of("server.max-http-request-header-size", BUFFER_SIZE + "B",
				"server.tomcat.max-http-response-header-size", BUFFER_SIZE + "B"));
		application.run(args);
	}

	/**
	 * Tomcat, even though Jetty is on the benchmarks' class path too.
	 * @return the server factory
	 */
	@Bean
	TomcatServletWebServerFactory tomcatServletWebServerFactory() {
		return new TomcatServletWebServerFactory();
	}

	/**
	 * The socket buffers, which Spring Boot has no property for.
	 * @return the customizer
	 */
	@Bean
	TomcatConnectorCustomizer minimalSocketBuffers() {
		return (connector) -> {
			connector.setProperty("socket.appReadBufSize", Integer.toString(BUFFER_SIZE));
			connector.setProperty("socket.appWriteBufSize", Integer.toString(BUFFER_SIZE));
		};
	}

}
