package io.github.ssebroadcast.benchmarks.peers.rawnio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.github.ssebroadcast.benchmarks.peers.BroadcastRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ceiling: one thread, one selector, every event encoded once (as an HTTP chunk) and
 * written to every socket in turn, one write per event and socket. A socket that cannot
 * take an event keeps up to 256 pending events and is closed beyond that. Only what the
 * benchmark needs of HTTP/1.1 is implemented.
 * <p>Usage: {@code RawNioServer --server.port=18200}.
 */
public final class RawNioServer {

	static final int MAX_PENDING_EVENTS = 256;

	private static final byte[] STREAM_HEADERS = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
			+ "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n")
		.getBytes(StandardCharsets.US_ASCII);

	private final JsonMapper jsonMapper = new JsonMapper();

	private final Selector selector;

	private final ServerSocketChannel server;

	private final List<Connection> streams = new ArrayList<>();

	private RawNioServer(int port) throws IOException {
		this.selector = Selector.open();
		this.server = ServerSocketChannel.open();
		this.server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
		this.server.configureBlocking(false);
		this.server.register(this.selector, SelectionKey.OP_ACCEPT);
	}

	public static void main(String[] args) throws IOException {
		int port = 18200;
		for (String arg : args) {
			if (arg.startsWith("--server.port=")) {
				port = Integer.parseInt(arg.substring("--server.port=".length()));
			}
		}
		RawNioServer server = new RawNioServer(port);
		System.out.println("Raw NIO server started on port " + port);
		server.run();
	}

	private void run() throws IOException {
		ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
		while (true) {
			this.selector.select();
			Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
			while (keys.hasNext()) {
				SelectionKey key = keys.next();
				keys.remove();
				if (!key.isValid()) {
					continue;
				}
				if (key.isAcceptable()) {
					accept();
					continue;
				}
				Connection connection = (Connection) key.attachment();
				try {
					if (key.isWritable()) {
						connection.flush();
					}
					if (key.isValid() && key.isReadable()) {
						read(connection, readBuffer);
					}
				}
				catch (IOException ex) {
					close(connection);
				}
			}
			this.streams.removeIf((connection) -> !connection.open);
		}
	}

	private void accept() throws IOException {
		SocketChannel channel;
		while ((channel = this.server.accept()) != null) {
			channel.configureBlocking(false);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			Connection connection = new Connection(channel);
			connection.key = channel.register(this.selector, SelectionKey.OP_READ, connection);
		}
	}

	private void read(Connection connection, ByteBuffer buffer) throws IOException {
		buffer.clear();
		int n = connection.channel.read(buffer);
		if (n < 0) {
			close(connection);
			return;
		}
		if (connection.stream) {
			return; // nothing more is expected from a stream's client
		}
		connection.request.append(new String(buffer.array(), 0, n, StandardCharsets.ISO_8859_1));
		handleRequests(connection);
	}

	private void handleRequests(Connection connection) throws IOException {
		StringBuilder in = connection.request;
		while (true) {
			int headersEnd = in.indexOf("\r\n\r\n");
			if (headersEnd < 0) {
				return;
			}
			String head = in.substring(0, headersEnd);
			int contentLength = contentLength(head);
			int total = headersEnd + 4 + contentLength;
			if (in.length() < total) {
				return;
			}
			byte[] body = in.substring(headersEnd + 4, total).getBytes(StandardCharsets.ISO_8859_1);
			in.delete(0, total);
			String requestLine = head.substring(0, head.indexOf("\r\n") < 0 ? head.length() : head.indexOf("\r\n"));
			if (requestLine.startsWith("GET /sse/broadcast")) {
				connection.stream = true;
				connection.send(STREAM_HEADERS);
				this.streams.add(connection);
				return;
			}
			if (requestLine.startsWith("POST /api/broadcast")) {
				BroadcastRequest request = BroadcastRequest.of(this.jsonMapper.readTree(body));
				int reached = broadcast(chunk(encode(request)));
				respond(connection, 200, request.answer(reached));
			}
			else {
				respond(connection, 404, "{\"ok\":false}");
			}
		}
	}

	private int broadcast(byte[] chunk) {
		int reached = 0;
		for (Connection stream : this.streams) {
			if (stream.open) {
				try {
					if (stream.sendEvent(chunk)) {
						reached++;
					}
					else {
						close(stream);
					}
				}
				catch (IOException ex) {
					close(stream);
				}
			}
		}
		return reached;
	}

	private static byte[] encode(BroadcastRequest request) {
		StringBuilder sb = new StringBuilder(64 + request.data().length());
		if (request.retry() != null) {
			sb.append("retry: ").append(request.retry()).append('\n');
		}
		if (request.id() != null) {
			sb.append("id: ").append(request.id()).append('\n');
		}
		sb.append("event: ").append(request.event()).append('\n');
		for (String line : request.data().split("\r\n|\r|\n", -1)) {
			sb.append("data: ").append(line).append('\n');
		}
		sb.append('\n');
		return sb.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] chunk(byte[] data) {
		byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] chunk = new byte[size.length + data.length + 2];
		System.arraycopy(size, 0, chunk, 0, size.length);
		System.arraycopy(data, 0, chunk, size.length, data.length);
		chunk[chunk.length - 2] = '\r';
		chunk[chunk.length - 1] = '\n';
		return chunk;
	}

	private static int contentLength(String head) {
		for (String line : head.split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
				return Integer.parseInt(line.substring(colon + 1).trim());
			}
		}
		return 0;
	}

	private static void respond(Connection connection, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		String head = "HTTP/1.1 " + status + ((status == 200) ? " OK" : " Not Found")
				+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
		byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
		byte[] response = new byte[headBytes.length + body.length];
		System.arraycopy(headBytes, 0, response, 0, headBytes.length);
		System.arraycopy(body, 0, response, headBytes.length, body.length);
		connection.send(response);
	}

	private void close(Connection connection) {
		connection.open = false;
		connection.key.cancel();
		try {
			connection.channel.close();
		}
		catch (IOException ex) {
			// closed anyway
		}
	}

	private static final class Connection {

		final SocketChannel channel;

		final StringBuilder request = new StringBuilder();

		final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();

		SelectionKey key;

		boolean stream;

		boolean open = true;

		Connection(SocketChannel channel) {
			this.channel = channel;
		}

		void send(byte[] bytes) throws IOException {
			if (!sendEvent(bytes)) {
				throw new IOException("client does not read");
			}
		}

		/**
		 * Write the bytes now, or keep them when the socket is full.
		 * @return {@code false} if too much is pending already
		 */
		boolean sendEvent(byte[] bytes) throws IOException {
			if (this.pending.isEmpty()) {
				ByteBuffer buffer = ByteBuffer.wrap(bytes);
				this.channel.write(buffer);
				if (!buffer.hasRemaining()) {
					return true;
				}
				this.pending.add(buffer);
				this.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
				return true;
			}
			if (this.pending.size() >= MAX_PENDING_EVENTS) {
				return false;
			}
			this.pending.add(ByteBuffer.wrap(bytes));
			return true;
		}

		void flush() throws IOException {
			ByteBuffer buffer;
			while ((buffer = this.pending.peek()) != null) {
				this.channel.write(buffer);
				if (buffer.hasRemaining()) {
					return;
				}
				this.pending.poll();
			}
			this.key.interestOps(SelectionKey.OP_READ);
		}

	}

}
