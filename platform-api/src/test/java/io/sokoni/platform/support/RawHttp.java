package io.sokoni.platform.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One HTTP/1.1 request over a plain socket, for what {@link Api} cannot do: send a body slowly or only in
 * part (to see whether the server answers before reading it), or send a large one while the server may
 * answer and close early (an HTTP client then fails on the write instead of reading the answer). The
 * body is written on a thread of its own; write errors end it quietly.
 */
public final class RawHttp implements AutoCloseable {

	private final Socket socket;

	private final Thread writer;

	/**
	 * Sends the headers, then the body chunk by chunk ({@code chunk.apply(i)}, null to stop writing and
	 * keep the connection open).
	 */
	public RawHttp(int port, String requestLine, Map<String, String> headers, IntFunction<byte[]> chunk)
			throws IOException {
		this.socket = new Socket("127.0.0.1", port);
		this.socket.setSoTimeout(30_000);
		StringBuilder head = new StringBuilder(requestLine).append("\r\n");
		if (!headers.containsKey("Host")) {
			head.append("Host: localhost\r\n");
		}
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		head.append("\r\n");
		OutputStream out = socket.getOutputStream();
		out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
		out.flush();
		this.writer = Thread.ofPlatform().daemon().start(() -> {
			try {
				for (int i = 0;; i++) {
					byte[] bytes = chunk.apply(i);
					if (bytes == null) {
						return;
					}
					out.write(bytes);
				}
			}
			catch (IOException ex) {
				// the server answered and closed: expected when it refuses the body
			}
		});
	}

	/** The status code of the answer, waiting at most the socket timeout for it. */
	public int status() throws IOException {
		String head = head();
		return Integer.parseInt(head.substring(9, 12));
	}

	/** The status line and headers of the answer. */
	public String head() throws IOException {
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0) {
			read.write(b);
			String text = read.toString(StandardCharsets.ISO_8859_1);
			if (text.endsWith("\r\n\r\n")) {
				return text;
			}
		}
		throw new UncheckedIOException(new IOException("The connection closed before an answer: " + read));
	}

	@Override
	public void close() throws IOException {
		socket.close();
		writer.interrupt();
	}

}
