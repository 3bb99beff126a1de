package io.sokoni.platform.catalog;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A body stream that fails when one element (a CSV record, an element of a JSON array) grows past a
 * limit: the readers hold one element at a time, so this bounds what they hold, however the 20 MB of a
 * body are arranged (one CSV line of ten million commas, one JSON element holding millions of objects).
 * The readers mark where each element starts; counting includes what their parser buffers ahead (a few
 * KB), which the limit leaves room for.
 */
final class ElementSizeLimit extends FilterInputStream {

	/** Bytes one element may take: a product with a 20,000-character description and 100 variants fits. */
	static final int MAX_ELEMENT_BYTES = 1 << 20;

	private final long maxBytes;

	private long sinceStart;

	ElementSizeLimit(InputStream in, long maxBytes) {
		super(in);
		this.maxBytes = maxBytes;
	}

	/** Marks the start of an element: its bytes are counted from here. */
	void elementStarts() {
		sinceStart = 0;
	}

	@Override
	public int read() throws IOException {
		int b = super.read();
		if (b >= 0) {
			count(1);
		}
		return b;
	}

	@Override
	public int read(byte[] buf, int off, int len) throws IOException {
		int n = super.read(buf, off, len);
		if (n > 0) {
			count(n);
		}
		return n;
	}

	private void count(int n) throws IOException {
		sinceStart += n;
		if (sinceStart > maxBytes) {
			throw new ElementTooLargeException(maxBytes);
		}
	}

	/** One element outgrew the limit. */
	static final class ElementTooLargeException extends IOException {

		ElementTooLargeException(long maxBytes) {
			super("A single row or element is larger than " + maxBytes + " bytes");
		}

	}

	/** Whether the failure (or one of its causes) is an element over the limit. */
	static boolean causedBy(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof ElementTooLargeException) {
				return true;
			}
		}
		return false;
	}

}
