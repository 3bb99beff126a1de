package io.sokoni.platform.whatsapp.outbound;

/**
 * The Graph API refused a send, or could not be reached. {@link #kind()} is what the sender acts on;
 * code, subcode, message and fbtrace_id are Meta's, as its error body carried them.
 */
public class GraphApiException extends RuntimeException {

	/** What a failure means for the sender. */
	public enum Kind {

		/** 131047: free-form message outside the 24-hour window; a template may still go. */
		OUTSIDE_WINDOW(false),
		/** 130429 (throughput), 131056 (pair rate), 80007 / 4 (rate limits), HTTP 429: later. */
		THROTTLED(true),
		/** 131026: the number is not on WhatsApp or cannot receive this message; final. */
		UNDELIVERABLE(false),
		/** 190: the access token expired or was revoked; the merchant must replace it. */
		TOKEN_INVALID(false),
		/** HTTP 5xx or Meta's transient codes (1, 2, 131000, 131016): later. */
		SERVER(true),
		/** No connection: nothing was sent. */
		UNREACHABLE(true),
		/** No answer in time, or the connection broke: the message may have gone. */
		TIMEOUT(true),
		/** Anything else Meta refused (bad parameter, unknown template...): final. */
		REJECTED(false);

		private final boolean retryable;

		Kind(boolean retryable) {
			this.retryable = retryable;
		}

		public boolean retryable() {
			return retryable;
		}

	}

	private final Kind kind;

	private final int httpStatus;

	private final Integer code;

	private final Integer subcode;

	private final String fbtraceId;

	private final String body;

	public GraphApiException(Kind kind, int httpStatus, Integer code, Integer subcode, String message, String fbtraceId,
			String body) {
		super(message);
		this.kind = kind;
		this.httpStatus = httpStatus;
		this.code = code;
		this.subcode = subcode;
		this.fbtraceId = fbtraceId;
		this.body = body;
	}

	public Kind kind() {
		return kind;
	}

	public int httpStatus() {
		return httpStatus;
	}

	public Integer code() {
		return code;
	}

	public Integer subcode() {
		return subcode;
	}

	public String fbtraceId() {
		return fbtraceId;
	}

	/** Meta's answer as it came (null when there was none). */
	public String body() {
		return body;
	}

	/** A short form for logs and the notification's last_error: kind, HTTP status, code, message. */
	public String summary() {
		StringBuilder text = new StringBuilder(kind.name().toLowerCase(java.util.Locale.ROOT));
		if (httpStatus > 0) {
			text.append(" HTTP ").append(httpStatus);
		}
		if (code != null) {
			text.append(" code ").append(code);
			if (subcode != null) {
				text.append('/').append(subcode);
			}
		}
		text.append(": ").append(getMessage());
		return text.length() > 1000 ? text.substring(0, 1000) : text.toString();
	}

	/** The kind of a Meta error code (HTTP status when the body named none). */
	static Kind classify(int httpStatus, Integer code) {
		if (code != null) {
			switch (code) {
				case 131047:
					return Kind.OUTSIDE_WINDOW;
				case 130429, 131056, 80007, 4, 613:
					return Kind.THROTTLED;
				case 131026:
					return Kind.UNDELIVERABLE;
				case 190:
					return Kind.TOKEN_INVALID;
				case 1, 2, 131000, 131016, 133004:
					return Kind.SERVER;
				default:
					break;
			}
		}
		if (httpStatus == 429) {
			return Kind.THROTTLED;
		}
		if (httpStatus >= 500) {
			return Kind.SERVER;
		}
		if (httpStatus == 401) {
			return Kind.TOKEN_INVALID;
		}
		return Kind.REJECTED;
	}

}
