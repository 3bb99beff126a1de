package io.sokoni.platform.web;

import java.io.IOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.springframework.http.converter.HttpMessageNotReadableException;

/** A request whose body stream fails once more than a limit has been read (chunked uploads). */
class BoundedBodyRequest extends HttpServletRequestWrapper {

	private final long maxBytes;

	BoundedBodyRequest(HttpServletRequest request, long maxBytes) {
		super(request);
		this.maxBytes = maxBytes;
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		ServletInputStream in = super.getInputStream();
		return new ServletInputStream() {
			private long read;

			@Override
			public int read() throws IOException {
				int b = in.read();
				if (b >= 0 && ++read > maxBytes) {
					throw new BodyTooLargeException(maxBytes);
				}
				return b;
			}

			@Override
			public int read(byte[] buf, int off, int len) throws IOException {
				int n = in.read(buf, off, len);
				if (n > 0 && (read += n) > maxBytes) {
					throw new BodyTooLargeException(maxBytes);
				}
				return n;
			}

			@Override
			public boolean isFinished() {
				return in.isFinished();
			}

			@Override
			public boolean isReady() {
				return in.isReady();
			}

			@Override
			public void setReadListener(ReadListener listener) {
				in.setReadListener(listener);
			}
		};
	}

	/** The body grew past the limit while being read. */
	static class BodyTooLargeException extends IOException {

		BodyTooLargeException(long maxBytes) {
			super("Request bodies are limited to " + maxBytes + " bytes");
		}

	}

	/** Whether a body parse failed because the body was too large. */
	static boolean causedBy(HttpMessageNotReadableException ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof BodyTooLargeException) {
				return true;
			}
		}
		return false;
	}

}
