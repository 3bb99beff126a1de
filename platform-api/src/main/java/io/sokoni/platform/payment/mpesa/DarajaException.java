package io.sokoni.platform.payment.mpesa;

/**
 * A Daraja call that did not succeed, with what is known about whether it took effect: UNREACHABLE
 * (nothing was delivered), TIMEOUT (sent, no answer: it may have taken effect), AUTH (consumer key or
 * secret refused), REJECTED (Daraja answered with an error: it did not take effect), SERVER (Daraja
 * answered 5xx without its error body: a gateway, it may have taken effect).
 */
public class DarajaException extends RuntimeException {

	public enum Kind {

		UNREACHABLE, TIMEOUT, AUTH, REJECTED, SERVER

	}

	private final Kind kind;

	private final int httpStatus;

	private final String errorCode;

	public DarajaException(Kind kind, int httpStatus, String errorCode, String message) {
		super(message);
		this.kind = kind;
		this.httpStatus = httpStatus;
		this.errorCode = errorCode;
	}

	public Kind kind() {
		return kind;
	}

	public int httpStatus() {
		return httpStatus;
	}

	/** Daraja's {@code errorCode} (e.g. 400.002.02), or null. */
	public String errorCode() {
		return errorCode;
	}

	/** Whether Daraja certainly did not act on the request. */
	public boolean certainlyNotApplied() {
		return kind == Kind.UNREACHABLE || kind == Kind.AUTH || kind == Kind.REJECTED;
	}

}
