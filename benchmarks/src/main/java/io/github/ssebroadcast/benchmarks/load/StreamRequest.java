package io.github.ssebroadcast.benchmarks.load;

import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The request that opens an event stream: a {@code GET} of the stream's path with the
 * client's topic as a {@code topic} parameter, and, for a client that resumes as
 * {@code EventSource} does when it reconnects, the id of the last event it received in a
 * {@code Last-Event-ID} header.
 */
final class StreamRequest {

	private StreamRequest() {
	}

	/**
	 * Return the bytes of the request.
	 * @param server the server
	 * @param path the path of the event stream
	 * @param topic the topic to subscribe to, or {@code null} for the events sent to everyone only
	 * @param lastEventId the id of the last event received, or {@code null} for a fresh stream
	 * @return the request, ASCII
	 */
	static byte[] bytes(InetSocketAddress server, String path, String topic, String lastEventId) {
		StringBuilder request = new StringBuilder(160).append("GET ").append(path);
		if (topic != null) {
			request.append((path.indexOf('?') < 0) ? '?' : '&')
				.append("topic=")
				.append(URLEncoder.encode(topic, StandardCharsets.UTF_8));
		}
		request.append(" HTTP/1.1\r\nHost: ")
			.append(server.getHostString())
			.append(':')
			.append(server.getPort())
			.append("\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n");
		if (lastEventId != null) {
			if (lastEventId.indexOf('\r') >= 0 || lastEventId.indexOf('\n') >= 0) {
				throw new IllegalArgumentException("An event id cannot hold a line break");
			}
			request.append("Last-Event-ID: ").append(lastEventId).append("\r\n");
		}
		return request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
	}

}
