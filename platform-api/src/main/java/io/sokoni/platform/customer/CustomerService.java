package io.sokoni.platform.customer;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.sokoni.platform.Ids;
import io.sokoni.platform.PhoneNumbers;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems.FieldProblem;
import org.jooq.Query;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Customers of the bound tenant, one per phone number. */
@Service
public class CustomerService {

	static final int MAX_TAGS = 20;

	static final int MAX_TAG_LENGTH = 30;

	/** A tag after lower-casing: letters and digits, with spaces, dots, dashes or underscores inside. */
	private static final Pattern TAG = Pattern.compile("^[\\p{L}\\p{N}](?:[\\p{L}\\p{N} ._-]*[\\p{L}\\p{N}])?$");

	private final CustomerRepository customers;

	private final AuditTrail audit;

	CustomerService(CustomerRepository customers, AuditTrail audit) {
		this.customers = customers;
		this.audit = audit;
	}

	/**
	 * The customer with this phone (already E.164) for a checkout. A new customer is created from what
	 * the shopper typed, with the delivery address as their first address. An existing customer is
	 * left as stored: a checkout does not prove who typed the phone number, so the typed name, email,
	 * consent and address stay on the order only, and the profile changes only through
	 * {@link #applyVerifiedContact}. Joins the caller's (checkout) transaction.
	 */
	@Transactional
	public CheckoutCustomer findOrCreateForCheckout(String phone, String name, String email, boolean whatsappOptIn,
			String cityArea, String streetAddress, String instructions) {
		CustomerRepository.Upserted upserted = customers.findOrCreate(Ids.next(), phone, name.strip(),
				blankToNull(email), whatsappOptIn, blankToNull(cityArea), Ids.next(), blankToNull(streetAddress),
				blankToNull(instructions));
		return new CheckoutCustomer(upserted.customerId(), upserted.addressId());
	}

	/**
	 * Changes a customer's name, email and WhatsApp consent on the word of a source that proves control
	 * of the customer's phone number (a confirmed M-Pesa payment from it, a WhatsApp message from it) or
	 * speaks for the merchant. Null fields stay as they are. Audited with the source. Joins the caller's
	 * transaction.
	 * @return the customer as changed
	 */
	@Transactional
	public CustomerDetail applyVerifiedContact(UUID customerId, ContactUpdate update, ContactSource source) {
		changeContact(customerId, update, source);
		return get(customerId);
	}

	/** {@link #applyVerifiedContact} without reading the customer back; whether anything changed. */
	private boolean changeContact(UUID customerId, ContactUpdate update, ContactSource source) {
		CustomerRepository.Contact before = customers.lockContact(customerId)
			.orElseThrow(() -> ApiException.notFound("Customer"));
		CustomerRepository.Contact after = new CustomerRepository.Contact(
				update.name() == null || update.name().isBlank() ? before.name() : update.name().strip(),
				update.email() == null || update.email().isBlank() ? before.email() : update.email().strip(),
				update.whatsappOptIn() == null ? before.whatsappOptIn() : update.whatsappOptIn());
		if (!after.equals(before)) {
			customers.setContact(customerId, after);
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("source", source.value());
			details.put("before", before);
			details.put("after", after);
			if (source == ContactSource.MERCHANT) {
				audit.record("customer.contact_changed", "customer", customerId, details);
			}
			else {
				audit.recordAs("system", source.value(), "customer.contact_changed", "customer", customerId, details);
			}
			return true;
		}
		return false;
	}

	/**
	 * {@link #applyVerifiedContact} for the customer with this phone (E.164), when there is one: a
	 * verified contact never creates a customer.
	 */
	@Transactional
	public Optional<CustomerDetail> applyVerifiedContact(String phone, ContactUpdate update, ContactSource source) {
		return customers.findIdByPhone(phone).map(id -> applyVerifiedContact(id, update, source));
	}

	/** A new order: order count + 1, lifetime value + total, last order at. Joins the caller's transaction. */
	@Transactional
	public void recordOrder(UUID customerId, long totalCents, OffsetDateTime placedAt) {
		if (orderRecorded(customerId, totalCents, placedAt).execute() != 1) {
			throw ApiException.notFound("Customer");
		}
	}

	/**
	 * {@link #recordOrder}'s statement, for a caller that runs it with others in one round trip; it
	 * changes one row, or none when there is no such customer.
	 */
	public Query orderRecorded(UUID customerId, long totalCents, OffsetDateTime placedAt) {
		return customers.recordOrder(customerId, totalCents, placedAt);
	}

	/**
	 * A cancelled or refunded order no longer counts towards lifetime value (never below 0). The order
	 * count stays: the order was placed. Joins the caller's transaction.
	 */
	@Transactional
	public void reverseOrder(UUID customerId, long totalCents) {
		if (!customers.reverseOrder(customerId, totalCents)) {
			throw ApiException.notFound("Customer");
		}
	}

	/**
	 * The name M-Pesa reports for a confirmed payment (the payer's registered name) replaces the name typed
	 * at checkout, through {@link #applyVerifiedContact} (source {@code mpesa_payment}, audited), but only
	 * when the payer is the customer: the payer's number is the customer's phone, or, masked as Daraja's C2B
	 * confirmations send it ("2547 ***** 126"), agrees with it in every digit shown. Someone else paying for
	 * the order never renames the customer. M-Pesa sends names in capitals; they are stored capitalised per
	 * word. Joins the caller's transaction. Returns whether the name changed.
	 */
	@Transactional
	public boolean applyVerifiedPayer(UUID customerId, String payerPhone, String payerName) {
		String verified = verifiedName(payerName);
		if (verified == null) {
			return false;
		}
		String phone = customers.phone(customerId).orElseThrow(() -> ApiException.notFound("Customer"));
		return payerIs(payerPhone, phone)
				&& changeContact(customerId, new ContactUpdate(verified, null, null), ContactSource.MPESA_PAYMENT);
	}

	/** Whether a payer's number ("+2547…", Daraja's "2547…" or a masked "2547 ***** 126") is this E.164 phone. */
	static boolean payerIs(String payerPhone, String customerPhone) {
		if (payerPhone == null || customerPhone == null) {
			return false;
		}
		String payer = payerPhone.replace(" ", "").replace("+", "");
		String customer = customerPhone.replace("+", "");
		if (payer.length() != customer.length() || !payer.matches("[0-9]{4,}\\*+[0-9]{3,}|[0-9]+")) {
			return false;
		}
		for (int i = 0; i < payer.length(); i++) {
			if (payer.charAt(i) != '*' && payer.charAt(i) != customer.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/** Spaces collapsed, an all-capitals name capitalised per word, at most 200 characters; null when blank. */
	static String verifiedName(String name) {
		String collapsed = name == null ? "" : name.strip().replaceAll("\\s+", " ");
		if (collapsed.isEmpty()) {
			return null;
		}
		if (collapsed.equals(collapsed.toUpperCase(Locale.ROOT))) {
			StringBuilder words = new StringBuilder();
			for (String word : collapsed.toLowerCase(Locale.ROOT).split(" ")) {
				if (!words.isEmpty()) {
					words.append(' ');
				}
				words.appendCodePoint(Character.toTitleCase(word.codePointAt(0)))
					.append(word.substring(Character.charCount(word.codePointAt(0))));
			}
			collapsed = words.toString();
		}
		return collapsed.length() <= 200 ? collapsed : collapsed.substring(0, 200).strip();
	}

	/**
	 * A page of customers, newest first. {@code query} is a phone number in any common form (matched
	 * exactly after normalising) or else the start of a name.
	 */
	@Transactional(readOnly = true)
	public List<Customer> list(String query, String tag, UUID after, int limit) {
		String q = blankToNull(query);
		Optional<String> phone = q == null ? Optional.empty() : PhoneNumbers.normalize(q);
		return customers.list(phone.orElse(null), phone.isPresent() ? null : q,
				tag == null ? null : tag.strip().toLowerCase(Locale.ROOT), after, limit);
	}

	@Transactional(readOnly = true)
	public CustomerDetail get(UUID id) {
		return customers.find(id).orElseThrow(() -> ApiException.notFound("Customer"));
	}

	/** Replaces the customer's tags (lower case, duplicates dropped, order kept). */
	@Transactional
	public CustomerDetail setTags(UUID id, List<String> tags) {
		List<String> normalized = normalizeTags(tags);
		List<String> before = customers.lockTags(id).orElseThrow(() -> ApiException.notFound("Customer"));
		customers.setTags(id, normalized);
		audit.record("customer.tags_changed", "customer", id, Map.of("before", before, "after", normalized));
		return get(id);
	}

	static List<String> normalizeTags(List<String> tags) {
		LinkedHashSet<String> unique = new LinkedHashSet<>();
		List<FieldProblem> errors = new ArrayList<>();
		for (int i = 0; i < tags.size(); i++) {
			String tag = tags.get(i) == null ? "" : tags.get(i).strip().toLowerCase(Locale.ROOT);
			if (tag.isEmpty() || tag.length() > MAX_TAG_LENGTH || !TAG.matcher(tag).matches()) {
				errors.add(new FieldProblem("tags[" + i + "]", "must be 1 to " + MAX_TAG_LENGTH
						+ " letters or digits (spaces, dots, dashes and underscores allowed inside)"));
			}
			unique.add(tag);
		}
		if (errors.isEmpty() && unique.size() > MAX_TAGS) {
			errors.add(new FieldProblem("tags", "at most " + MAX_TAGS + " tags"));
		}
		if (!errors.isEmpty()) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "The request has invalid fields",
					Map.of("errors", errors));
		}
		return List.copyOf(unique);
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	/** @param addressId the address a new customer was created with; null for an existing customer */
	public record CheckoutCustomer(UUID customerId, UUID addressId) {
	}

	/** Contact fields to set; null leaves a field as it is. */
	public record ContactUpdate(String name, String email, Boolean whatsappOptIn) {
	}

	/** Who vouches for a contact change: each proves control of the phone number, or is the merchant. */
	public enum ContactSource {

		/** A confirmed M-Pesa payment whose payer number is the customer's phone. */
		MPESA_PAYMENT("mpesa_payment"),
		/** A WhatsApp message sent from the customer's phone number. */
		WHATSAPP_MESSAGE("whatsapp_message"),
		/** The merchant's staff, through the admin API. */
		MERCHANT("merchant");

		private final String value;

		ContactSource(String value) {
			this.value = value;
		}

		public String value() {
			return value;
		}

	}

}
