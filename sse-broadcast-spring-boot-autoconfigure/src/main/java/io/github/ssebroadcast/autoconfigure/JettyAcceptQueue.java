package io.github.ssebroadcast.autoconfigure;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Fits Jetty's accept queue to the bursts of connections event streams bring.
 * <p>Jetty leaves the listen queue to the JDK's default of 50. When many clients connect at
 * once, as they all do when a server restarts and their browsers reconnect, the operating
 * system drops the attempts it cannot queue, and each retries only a second or more later.
 * Jetty has no connection limit by default, so only the queue needs raising: every
 * {@link ServerConnector} that still has Jetty's default of 0 gets the queue the starter
 * gives Tomcat. Each Boot line's {@link SseWebServerAutoConfiguration} applies it to the
 * server Jetty creates.
 */
public class JettyAcceptQueue {

	/** The same queue as Tomcat's {@code accept-count}: Linux caps it at {@code net.core.somaxconn}. */
	public static final int ACCEPT_QUEUE_SIZE = TomcatConnectionLimits.ACCEPT_COUNT;

	/**
	 * Raise the accept queue of the server's connectors that have Jetty's default.
	 * @param server the server being created
	 */
	public void customize(Server server) {
		for (Connector connector : server.getConnectors()) {
			if (connector instanceof ServerConnector serverConnector && serverConnector.getAcceptQueueSize() == 0) {
				serverConnector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
			}
		}
	}

}
