package io.github.ssebroadcast.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
		return post(port, path, contentType, HttpRequest.BodyPublishers.ofString(body));
	}

	/**
	 * POST bytes as they are, such as a body that is not valid UTF-8, with a content type,
	 * or none when {@code contentType} is {@code null}.
	 * @param port the server port on 127.0.0.1
	 * @param path the path
	 * @param contentType the content type or {@code null}
	 * @param body the body
	 * @return the response
	 */
	public static HttpResponse<String> post(int port, String path, String contentType, byte[] body)
			throws IOException, InterruptedException {
		return post(port, path, contentType, HttpRequest.BodyPublishers.ofByteArray(body));
	}

	private static HttpResponse<String> post(int port, String path, String contentType,
			HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
		HttpRequest.Builder request = request(port, path).POST(body);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Send a GET request and read the whole response, for a response that ends.
	 * @param port the server port on 127.0.0.1
	 * @param path the path
	 * @return the response
	 */
	public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return client.send(request(port, path).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Send a HEAD request.
	 * @param port the server port on 127.0.0.1
	 * @param path the path
	 * @return the response
	 */
	public static HttpResponse<Void> head(int port, String path) throws IOException, InterruptedException {
		HttpRequest request = request(port, path).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
		return client.send(request, HttpResponse.BodyHandlers.discarding());
	}

	/**
	 * Start a request to the server under test, for one with headers of its own.
	 * @param port the server port on 127.0.0.1
	 * @param path the path
	 * @return the request, to complete and {@link #send(HttpRequest) send}
	 */
	public static HttpRequest.Builder request(int port, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
	}

	/**
	 * Send a request and read the whole response. Redirects are not followed, and cookies
	 * are not kept.
	 * @param request the request
	 * @return the response
	 */
	public static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Send bytes as they are, for a request no HTTP client would send, and read the response
	 * until the server closes the connection: the request should ask for that with
	 * {@code Connection: close}.
	 * @param port the server port on 127.0.0.1
	 * @param request the whole request
	 * @return the response as it came, status line, headers and (possibly chunked) body
	 */
	public static String raw(int port, String request) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/**
	 * POST a JSON body whose chunked framing is broken: its first chunk size is not a number.
	 * @param port the server port on 127.0.0.1
	 * @param path the path
	 * @return the response as it came
	 */
	public static String postMalformedChunks(int port, String path) throws IOException {
		return raw(port, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nnot-a-chunk-size\r\n{\"data\":1}\r\n0\r\n\r\n");
	}

	public static HttpResponse<String> postJson(int port, String path, String body)
			throws IOException, InterruptedException {
		return post(port, path, "application/json", body);
	}

	/**
	 * POST a JSON body with an {@code Accept} header.
	 * @param port the server port on 127.0.0.1
	 * @param path the path
	 * @param accept the {@code Accept} header
	 * @param body the body
	 * @return the response
	 */
	public static HttpResponse<String> postJson(int port, String path, String accept, String body)
			throws IOException, InterruptedException {
		HttpRequest request = request(port, path).POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json")
			.header("Accept", accept)
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
