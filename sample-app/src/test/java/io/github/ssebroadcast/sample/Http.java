package io.github.ssebroadcast.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain HTTP requests to the application under test, on 127.0.0.1.
 */
final class Http {

	private static final HttpClient httpClient = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(SseTestClient.TIMEOUT)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private static final JsonMapper jsonMapper = new JsonMapper();

	private final int port;

	Http(int port) {
		this.port = port;
	}

	URI uri(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + this.port + pathAndQuery);
	}

	HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(SseTestClient.TIMEOUT);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return httpClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * POST a body.
	 * @param contentType the Content-Type, or empty to send none
	 * @param headers further header names and values, alternately
	 */
	HttpResponse<String> post(String path, String contentType, String body, String... headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.timeout(SseTestClient.TIMEOUT)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (!contentType.isEmpty()) {
			request.header("Content-Type", contentType);
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return httpClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> postJson(String path, String body, String... headers)
			throws IOException, InterruptedException {
		return post(path, "application/json", body, headers);
	}

	static JsonNode json(String text) throws IOException {
		return jsonMapper.readTree(text);
	}

	static JsonNode json(HttpResponse<String> response) throws IOException {
		return json(response.body());
	}

}
