package io.github.ssebroadcast.web;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Set;

import io.github.ssebroadcast.broadcast.SseAudience;
import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.broadcast.SseSubscription;
import io.github.ssebroadcast.servlet.SseStream;
import io.github.ssebroadcast.servlet.SseStreams;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The event stream that clients subscribe to, at {@code sse.broadcast.path}.
 * <p>A client receives the events broadcast to everyone, the events published to the topics
 * it names with repeatable {@code topic} parameters, and, when its request is authenticated,
 * the events sent to its user. A client that resumes, as {@code EventSource} does when it
 * reconnects, sends the id of the last event it received in a {@code Last-Event-ID} header
 * or, for a new {@code EventSource} that cannot set headers, a {@code lastEventId}
 * parameter; the header wins.
 */
@RestController
public class SseBroadcastController {

	/** Path mapping, resolved from the properties. */
	public static final String PATH = "${sse.broadcast.path:/sse/broadcast}";

	/** Name of the repeatable parameter that names a topic to subscribe to. */
	public static final String TOPIC_PARAMETER = "topic";

	/** Name of the parameter that carries the last event id, when the header cannot. */
	public static final String LAST_EVENT_ID_PARAMETER = "lastEventId";

	/** Name of the header that carries the last event id. */
	public static final String LAST_EVENT_ID_HEADER = "Last-Event-ID";

	private final SseBroadcaster broadcaster;

	private final SseStreams streams;

	private final int maxTopicsPerClient;

	private final SseBroadcastAuthorizer authorizer;

	/**
	 * Create the controller, which lets every client subscribe to every topic.
	 * @param broadcaster the broadcaster
	 * @param streams opens the streams
	 * @param maxTopicsPerClient how many topics one client may subscribe to
	 */
	public SseBroadcastController(SseBroadcaster broadcaster, SseStreams streams, int maxTopicsPerClient) {
		this(broadcaster, streams, maxTopicsPerClient, SseBroadcastAuthorizer.ALLOW_ALL);
	}

	/**
	 * Create the controller.
	 * @param broadcaster the broadcaster
	 * @param streams opens the streams
	 * @param maxTopicsPerClient how many topics one client may subscribe to
	 * @param authorizer decides which topics a client may subscribe to
	 */
	public SseBroadcastController(SseBroadcaster broadcaster, SseStreams streams, int maxTopicsPerClient,
			SseBroadcastAuthorizer authorizer) {
		this.broadcaster = broadcaster;
		this.streams = streams;
		this.maxTopicsPerClient = maxTopicsPerClient;
		this.authorizer = authorizer;
	}

	/**
	 * Subscribe to the events broadcast to everyone, to the given topics and to the
	 * request's user.
	 * @param request the request
	 * @return the client's stream
	 * @throws SseSubscriptionRequestException if a topic is invalid, or there are too many
	 * @throws SseAccessDeniedException if the client may not subscribe to a topic
	 */
	@GetMapping(path = PATH, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	public SseStream subscribe(HttpServletRequest request) {
		return this.streams.subscribe(this.broadcaster, subscription(request));
	}

	private SseSubscription subscription(HttpServletRequest request) {
		Principal principal = request.getUserPrincipal();
		String user = (principal != null) ? principal.getName() : null;
		Set<String> topics = topics(request.getParameterValues(TOPIC_PARAMETER));
		for (String topic : topics) {
			if (!this.authorizer.canSubscribe(principal, topic)) {
				throw new SseAccessDeniedException(topic,
						"Not allowed to subscribe to topic " + StrictJsonParser.quote(topic));
			}
		}
		return SseSubscription.broadcasts().withTopics(topics).withUser(user).resumingAfter(lastEventId(request));
	}

	private Set<String> topics(String @Nullable [] values) {
		if (values == null) {
			return Set.of();
		}
		Set<String> topics = new LinkedHashSet<>();
		for (String topic : values) {
			if (!SseAudience.isValidTopic(topic)) {
				throw new SseSubscriptionRequestException(TOPIC_PARAMETER,
						"Topic " + StrictJsonParser.quote(topic) + " is invalid; a topic is 1 to " + SseAudience.MAX_TOPIC_LENGTH
								+ " letters, digits or '_', '.', ':', '/', '-'");
			}
			topics.add(topic);
			if (topics.size() > this.maxTopicsPerClient) {
				throw new SseSubscriptionRequestException(TOPIC_PARAMETER,
						"Too many topics; a client may subscribe to " + this.maxTopicsPerClient + " at most");
			}
		}
		return topics;
	}

	private static @Nullable String lastEventId(HttpServletRequest request) {
		String header = request.getHeader(LAST_EVENT_ID_HEADER);
		return (header != null && !header.isEmpty()) ? utf8(header) : request.getParameter(LAST_EVENT_ID_PARAMETER);
	}

	/**
	 * Read a header as the UTF-8 that browsers send: Tomcat and Jetty decode header bytes as
	 * ISO-8859-1, which would turn an id such as {@code café-1} into {@code cafÃ©-1}.
	 */
	private static String utf8(String header) {
		for (int i = 0; i < header.length(); i++) {
			if (header.charAt(i) > 0xFF) {
				// not decoded as ISO-8859-1
				return header;
			}
		}
		String decoded = new String(header.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
		return (decoded.indexOf('\uFFFD') < 0) ? decoded : header;
	}

}
