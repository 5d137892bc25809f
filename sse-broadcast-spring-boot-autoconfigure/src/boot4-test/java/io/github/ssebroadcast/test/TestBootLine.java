package io.github.ssebroadcast.test;

import org.apache.coyote.AbstractProtocol;
import org.eclipse.jetty.server.ServerConnector;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the shared tests need of Spring Boot 4 that Boot 3.5 has in other packages: the
 * running server, its containers' factories, and the auto-configurations tests add. The
 * Boot 3.5 artifact's tests have a class of the same name and members.
 */
public final class TestBootLine {

	/** Spring Boot's auto-configuration of the application's JSON mapper. */
	public static final Class<?> JACKSON_AUTO_CONFIGURATION = JacksonAutoConfiguration.class;

	/**
	 * Spring Boot's default web security, which the test applications leave out unless a
	 * test is about security.
	 */
	public static final String WEB_SECURITY_AUTO_CONFIGURATION = "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration";

	/** Spring Boot's default security of Actuator's endpoints, left out with the above. */
	public static final String MANAGEMENT_WEB_SECURITY_AUTO_CONFIGURATION = "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration";

	/** Spring Boot's user with a generated password, left out with the above. */
	public static final String USER_DETAILS_SERVICE_AUTO_CONFIGURATION = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration";

	private TestBootLine() {
	}

	public static WebServer webServer(ApplicationContext context) {
		return ((ServletWebServerApplicationContext) context).getWebServer();
	}

	public static boolean isJetty(ApplicationContext context) {
		return webServer(context) instanceof JettyWebServer;
	}

	public static AbstractProtocol<?> tomcatProtocol(ApplicationContext context) {
		TomcatWebServer webServer = (TomcatWebServer) webServer(context);
		return (AbstractProtocol<?>) webServer.getTomcat().getConnector().getProtocolHandler();
	}

	public static ServerConnector jettyConnector(ApplicationContext context) {
		JettyWebServer webServer = (JettyWebServer) webServer(context);
		return (ServerConnector) webServer.getServer().getConnectors()[0];
	}

	/**
	 * Tomcat, unless a configuration given before this one defines another server: Spring
	 * Boot 4 would choose Jetty, which the tests have on their class path too.
	 */
	@Configuration(proxyBeanMethods = false)
	public static class DefaultTomcat {

		@Bean
		@ConditionalOnMissingBean(ServletWebServerFactory.class)
		TomcatServletWebServerFactory tomcatServletWebServerFactory() {
			return new TomcatServletWebServerFactory();
		}

	}

	/**
	 * Jetty instead of the Tomcat the test application has on its class path.
	 */
	@Configuration(proxyBeanMethods = false)
	public static class OnJetty {

		@Bean
		JettyServletWebServerFactory jettyServletWebServerFactory() {
			return new JettyServletWebServerFactory();
		}

	}

	/**
	 * Tomcat's connection limits set in code, as Spring Boot's documentation shows:
	 * {@code maxConnections} 9,000 and {@code acceptCount} 50.
	 */
	@Configuration(proxyBeanMethods = false)
	public static class TomcatLimitsInCode {

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectorSettings() {
			return (factory) -> factory.addConnectorCustomizers((connector) -> {
				AbstractProtocol<?> protocol = (AbstractProtocol<?>) connector.getProtocolHandler();
				protocol.setMaxConnections(9000);
				protocol.setAcceptCount(50);
			});
		}

	}

	/**
	 * A Jetty factory whose server customizer, which runs before the starter's as Spring
	 * Boot adds the application's {@code JettyServerCustomizer} beans, sets an accept queue
	 * of 50.
	 */
	@Configuration(proxyBeanMethods = false)
	public static class JettyFactoryWithAcceptQueue {

		@Bean
		JettyServletWebServerFactory jettyServletWebServerFactory() {
			JettyServletWebServerFactory factory = new JettyServletWebServerFactory();
			factory.addServerCustomizers((server) -> ((ServerConnector) server.getConnectors()[0]).setAcceptQueueSize(50));
			return factory;
		}

	}

	/**
	 * An accept queue of 60 set in code after the starter, by a customizer of the Jetty
	 * factory.
	 */
	@Configuration(proxyBeanMethods = false)
	public static class JettyAcceptQueueInCode {

		@Bean
		WebServerFactoryCustomizer<JettyServletWebServerFactory> connectorSettings() {
			return (factory) -> factory.addServerCustomizers(
					(server) -> ((ServerConnector) server.getConnectors()[0]).setAcceptQueueSize(60));
		}

	}

}
