package io.github.ssebroadcast.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends plain HTTP requests to the server under test.
 */
public final class TestHttp {

	private static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private TestHttp() {
	}

	/**
	 * POST a body with a content type, or none when {@code contentType} is {@code null}.
	 * @param port the server port on 127.0.0.1
	 * @param path the path
	 * @param contentType the content type or {@code null}
	 * @param body the body
	 * @return the response
	 */
	public static HttpResponse<String> post(int port, String path, String contentType, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	public static HttpResponse<String> postJson(int port, String path, String body)
			throws IOException, InterruptedException {
		return post(port, path, "application/json", body);
	}

}
