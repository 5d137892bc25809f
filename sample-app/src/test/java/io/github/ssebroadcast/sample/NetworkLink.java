package io.github.ssebroadcast.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on 127.0.0.1 between a browser and the application, which a test cuts as a
 * dropped network would: every open connection breaks, and connections made while it is
 * cut are closed at once, until it is restored. Browsers see network errors, to which
 * {@code EventSource} answers by reconnecting by itself, while the application runs on.
 */
final class NetworkLink implements AutoCloseable {

	private final ServerSocket server;

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	private NetworkLink(int targetPort) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.targetPort = targetPort;
		thread("network-link-accept", this::accept).start();
	}

	/**
	 * Relay connections to a port of 127.0.0.1.
	 * @param targetPort the application's port
	 * @return the link, listening
	 */
	static NetworkLink to(int targetPort) throws IOException {
		return new NetworkLink(targetPort);
	}

	/**
	 * Return the port that browsers connect to.
	 * @return the port
	 */
	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Break every open connection, and refuse new ones until {@link #restore()}.
	 */
	void cut() {
		this.cut = true;
		this.sockets.forEach(NetworkLink::closeQuietly);
	}

	void restore() {
		this.cut = false;
	}

	@Override
	public void close() {
		this.cut = true;
		closeQuietly(this.server);
		this.sockets.forEach(NetworkLink::closeQuietly);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (this.cut) {
					closeQuietly(client);
					continue;
				}
				Socket target = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				this.sockets.add(client);
				this.sockets.add(target);
				thread("network-link-up", () -> relay(client, target)).start();
				thread("network-link-down", () -> relay(target, client)).start();
			}
			catch (IOException ex) {
				// closed, or the application is gone
			}
		}
	}

	private void relay(Socket from, Socket to) {
		byte[] buffer = new byte[8192];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException | UncheckedIOException ex) {
			// cut, or closed by either end
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.sockets.remove(from);
			this.sockets.remove(to);
		}
	}

	private static Thread thread(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// already closed
		}
	}

	@Override
	public String toString() {
		return "NetworkLink " + new InetSocketAddress(InetAddress.getLoopbackAddress(), port()) + " -> "
				+ this.targetPort;
	}

}
