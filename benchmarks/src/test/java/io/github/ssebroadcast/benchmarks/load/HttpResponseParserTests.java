package io.github.ssebroadcast.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpResponseParserTests {

	private static final String CHUNKED = "HTTP/1.1 200 \r\nContent-Type: text/event-stream\r\n"
			+ "Transfer-Encoding: chunked\r\n\r\n" + "7\r\nretry: \r\n" + "1c\r\n2000\n\nevent: tick\ndata: 1 2\n\r\n"
			+ "1;ext=1\r\n\n\r\n" + "0\r\n\r\n";

	@Test
	void dechunksBodyFedInOnePiece() {
		Recorder recorder = new Recorder();
		HttpResponseParser parser = new HttpResponseParser(recorder);
		byte[] bytes = CHUNKED.getBytes(StandardCharsets.US_ASCII);
		parser.feed(bytes, 0, bytes.length);
		assertThat(parser.failed()).isFalse();
		assertThat(recorder.statuses).containsExactly(200);
		assertThat(recorder.contentTypes).containsExactly("text/event-stream");
		assertThat(recorder.body()).isEqualTo("retry: 2000\n\nevent: tick\ndata: 1 2\n\n");
		assertThat(recorder.completed).isEqualTo(1);
	}

	@Test
	void dechunksBodyFedOneByteAtATime() {
		Recorder recorder = new Recorder();
		HttpResponseParser parser = new HttpResponseParser(recorder);
		byte[] bytes = CHUNKED.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < bytes.length; i++) {
			parser.feed(bytes, i, 1);
		}
		assertThat(parser.failed()).isFalse();
		assertThat(recorder.body()).isEqualTo("retry: 2000\n\nevent: tick\ndata: 1 2\n\n");
		assertThat(recorder.completed).isEqualTo(1);
	}

	@Test
	void readsPipelinedResponsesWithContentLength() {
		Recorder recorder = new Recorder();
		HttpResponseParser parser = new HttpResponseParser(recorder);
		String responses = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}" + "HTTP/1.1 400 Bad Request\r\n"
				+ "content-length: 3\r\n\r\nbad" + "HTTP/1.1 204 No Content\r\n\r\n";
		byte[] bytes = responses.getBytes(StandardCharsets.US_ASCII);
		parser.feed(bytes, 0, 10);
		parser.feed(bytes, 10, bytes.length - 10);
		assertThat(recorder.statuses).containsExactly(200, 400, 204);
		assertThat(recorder.body()).isEqualTo("{}bad");
		assertThat(recorder.completed).isEqualTo(3);
	}

	@Test
	void passesBodyWithoutLengthUntilTheEnd() {
		Recorder recorder = new Recorder();
		HttpResponseParser parser = new HttpResponseParser(recorder);
		byte[] bytes = "HTTP/1.0 200 OK\r\n\r\ndata: a\n\nHTTP/1.1 200".getBytes(StandardCharsets.US_ASCII);
		parser.feed(bytes, 0, bytes.length);
		assertThat(recorder.body()).isEqualTo("data: a\n\nHTTP/1.1 200");
		assertThat(recorder.completed).isZero();
	}

	@Test
	void failsOnSomethingThatIsNotHttp() {
		HttpResponseParser parser = new HttpResponseParser(new Recorder());
		byte[] bytes = "SSH-2.0-OpenSSH\r\n".getBytes(StandardCharsets.US_ASCII);
		parser.feed(bytes, 0, bytes.length);
		assertThat(parser.failed()).isTrue();
		assertThat(parser.error()).contains("bad status line");
	}

	@Test
	void failsOnChunkLongerThanItsSize() {
		HttpResponseParser parser = new HttpResponseParser(new Recorder());
		byte[] bytes = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n".getBytes(StandardCharsets.US_ASCII);
		parser.feed(bytes, 0, bytes.length);
		assertThat(parser.failed()).isTrue();
	}

	static final class Recorder implements HttpResponseParser.Listener {

		final List<Integer> statuses = new ArrayList<>();

		final List<String> contentTypes = new ArrayList<>();

		final ByteArrayOutputStream body = new ByteArrayOutputStream();

		int completed;

		@Override
		public void onHeaders(int status, String contentType) {
			this.statuses.add(status);
			if (contentType != null) {
				this.contentTypes.add(contentType);
			}
		}

		@Override
		public void onBody(byte[] bytes, int offset, int length) {
			this.body.write(bytes, offset, length);
		}

		@Override
		public void onComplete() {
			this.completed++;
		}

		String body() {
			return this.body.toString(StandardCharsets.UTF_8);
		}

	}

}
