package io.sokoni.platform.web;

import java.net.URI;

import org.springframework.http.HttpStatus;

/** The stable problem types of the API (RFC 9457 {@code type}), never a request URL. */
public enum ProblemType {

	MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request"),
	VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "validation-failed", "Invalid request"),
	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required"),
	INVALID_CREDENTIALS(HttpStatus.UNAUTHORIZED, "invalid-credentials", "Invalid credentials"),
	FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Not allowed"),
	TENANT_SUSPENDED(HttpStatus.FORBIDDEN, "tenant-suspended", "Tenant suspended"),
	NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
	UNKNOWN_HOST(HttpStatus.NOT_FOUND, "unknown-host", "Unknown store"),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable"),
	DUPLICATE(HttpStatus.CONFLICT, "duplicate", "Already exists"),
	STALE_VERSION(HttpStatus.CONFLICT, "stale-version", "Changed by someone else"),
	CONFLICT(HttpStatus.CONFLICT, "conflict", "Conflict"),
	INVITE_EXPIRED(HttpStatus.GONE, "invite-expired", "Invite expired"),
	CART_EXPIRED(HttpStatus.GONE, "cart-expired", "Cart expired"),
	INSUFFICIENT_STOCK(HttpStatus.CONFLICT, "insufficient-stock", "Not enough stock"),
	ILLEGAL_TRANSITION(HttpStatus.CONFLICT, "illegal-transition", "Status change not allowed"),
	IDEMPOTENCY_KEY_REQUIRED(HttpStatus.BAD_REQUEST, "idempotency-key-required", "Idempotency-Key header required"),
	AREA_NOT_SERVED(HttpStatus.UNPROCESSABLE_CONTENT, "area-not-served", "Area not served"),
	BELOW_MINIMUM_ORDER(HttpStatus.UNPROCESSABLE_CONTENT, "below-minimum-order", "Below the minimum order"),
	COUPON_NOT_APPLICABLE(HttpStatus.UNPROCESSABLE_CONTENT, "coupon-not-applicable", "Coupon cannot be used"),
	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large"),
	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
	BUSINESS_RULE(HttpStatus.UNPROCESSABLE_CONTENT, "business-rule", "Not possible"),
	INVALID_VALUE(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-value", "Value not accepted"),
	AMOUNT_OUT_OF_RANGE(HttpStatus.UNPROCESSABLE_CONTENT, "amount-out-of-range", "Amount out of range"),
	TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many attempts"),
	TENANT_BUSY(HttpStatus.SERVICE_UNAVAILABLE, "tenant-busy", "Store busy"),
	DATABASE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Service temporarily unavailable"),
	SEARCH_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "search-unavailable", "Search temporarily unavailable"),
	MPESA_CREDENTIALS_REJECTED(HttpStatus.UNPROCESSABLE_CONTENT, "mpesa-credentials-rejected",
			"M-Pesa credentials refused"),
	MPESA_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "mpesa-unavailable", "M-Pesa temporarily unavailable"),
	WHATSAPP_REFUSED(HttpStatus.UNPROCESSABLE_CONTENT, "whatsapp-refused", "WhatsApp refused the message"),
	WHATSAPP_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "whatsapp-unavailable", "WhatsApp temporarily unavailable"),
	WHATSAPP_WINDOW_CLOSED(HttpStatus.UNPROCESSABLE_CONTENT, "whatsapp-window-closed",
			"Outside the 24-hour window"),
	WHATSAPP_OPTED_OUT(HttpStatus.UNPROCESSABLE_CONTENT, "whatsapp-opted-out", "The shopper opted out"),
	INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error");

	private static final String BASE = "https://sokoni.io/problems/";

	private final HttpStatus status;

	private final URI type;

	private final String title;

	ProblemType(HttpStatus status, String slug, String title) {
		this.status = status;
		this.type = URI.create(BASE + slug);
		this.title = title;
	}

	/** The type of an answer the container made with this status alone: the first type with it, else by class. */
	public static ProblemType forStatus(int status) {
		if (status >= 500) {
			return INTERNAL;
		}
		for (ProblemType type : values()) {
			if (type.status.value() == status) {
				return type;
			}
		}
		return MALFORMED_REQUEST;
	}

	public HttpStatus status() {
		return status;
	}

	public URI type() {
		return type;
	}

	public String title() {
		return title;
	}

}
