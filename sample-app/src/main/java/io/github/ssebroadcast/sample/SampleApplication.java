package io.github.ssebroadcast.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Demo application of the SSE broadcast starter.
 * <ul>
 * <li>{@code /}: the demo page, for the broadcast stream, a user's notifications and a
 * per-connection stream;</li>
 * <li>{@code /sse/broadcast} and {@code POST /api/broadcast}: the starter's broadcast stream
 * and JSON broadcast endpoint;</li>
 * <li>{@code /sse}: a per-connection stream of ticks ({@link TickStreamController});</li>
 * <li>{@code POST /api/broadcast/progress}: broadcasts a progress event
 * ({@link ProgressController});</li>
 * <li>{@code /api/instance}: which instance answers, and its relay to the others
 * ({@link InstanceController});</li>
 * <li>{@code /login} and {@code /logout}: sign in as {@code alice} or {@code bob}
 * ({@link SampleSecurityConfiguration}), and {@code /api/me}: who is signed in
 * ({@link SignedInUserController});</li>
 * <li>{@code POST /api/notifications}: sends a notification to the streams of one user
 * ({@link NotificationController});</li>
 * <li>{@code /openapi/v3.1/openapi.json}, {@code /docs/swagger} and {@code /docs/redoc}: the
 * OpenAPI document, Swagger UI and ReDoc, all served by the application itself.</li>
 * </ul>
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
