package io.sokoni.platform.payment.c2b;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sokoni.platform.Amounts;
import tools.jackson.databind.JsonNode;

/**
 * A C2B validation or confirmation as Daraja posts it: {@code TransAmount} is a string such as "10.00"
 * (a number is taken too), {@code MSISDN} may be masked ("2547 ***** 126"), names come in capitals,
 * {@code BillRefNumber} is what the customer typed (empty for a till).
 */
record C2bPayment(String transId, long amountCents, String billRefNumber, String msisdn, String payerName,
		String shortcode) {

	/** M-Pesa receipts: capital letters and digits (the schema's rule for mpesa_receipt). */
	private static final Pattern RECEIPT = Pattern.compile("^[A-Z0-9]{6,20}$");

	/**
	 * An order number as a customer types it: digits, with any spaces, in any case, optionally after '#',
	 * "ORDER", "ORD" or "NO" (e.g. "1001", " 1001 ", "#1001", "order 1001", "No. 1001").
	 */
	private static final Pattern ORDER_NUMBER = Pattern.compile("^(?:#|ORDER|ORD|NO\\.?)?#?0*([1-9][0-9]{0,17})$");

	/** What the phone field may hold in payments.phone (masked or plain digits). */
	private static final Pattern PHONE = Pattern.compile("^[0-9* ]{4,20}$");

	/** Empty when the body lacks a usable TransID or amount. */
	static Optional<C2bPayment> parse(JsonNode body) {
		String transId = text(body, "TransID");
		if (transId == null || !RECEIPT.matcher(transId.toUpperCase(Locale.ROOT)).matches()) {
			return Optional.empty();
		}
		long cents;
		try {
			JsonNode amount = body.path("TransAmount");
			BigDecimal value = amount.isNumber() ? amount.decimalValue() : new BigDecimal(amount.asString("").strip());
			cents = value.movePointRight(2).longValueExact();
		}
		catch (ArithmeticException | NumberFormatException ex) {
			return Optional.empty();
		}
		if (cents <= 0 || cents > Amounts.MAX_PRICE_CENTS) {
			return Optional.empty(); // above the platform's money cap: no paybill payment is that large
		}
		String msisdn = text(body, "MSISDN");
		StringBuilder name = new StringBuilder();
		for (String part : new String[] { "FirstName", "MiddleName", "LastName" }) {
			String value = text(body, part);
			if (value != null) {
				name.append(name.isEmpty() ? "" : " ").append(value);
			}
		}
		String payer = name.isEmpty() ? null : name.length() <= 200 ? name.toString() : name.substring(0, 200);
		String ref = text(body, "BillRefNumber");
		return Optional.of(new C2bPayment(transId.toUpperCase(Locale.ROOT), cents,
				ref == null || ref.length() <= 100 ? ref : ref.substring(0, 100),
				msisdn != null && PHONE.matcher(msisdn).matches() ? msisdn : null, payer, text(body, "BusinessShortCode")));
	}

	/** The order number the account names, if it names one (case- and space-insensitive). */
	Optional<Long> orderNumber() {
		if (billRefNumber == null) {
			return Optional.empty();
		}
		String compact = billRefNumber.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
		Matcher m = ORDER_NUMBER.matcher(compact);
		return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
	}

	private static String text(JsonNode body, String field) {
		JsonNode node = body.path(field);
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		String value = node.asString("").strip();
		return value.isEmpty() ? null : value;
	}

}
