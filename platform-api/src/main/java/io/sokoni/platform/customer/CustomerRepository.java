package io.sokoni.platform.customer;

import static io.sokoni.jooq.Tables.CUSTOMERS;
import static io.sokoni.jooq.Tables.CUSTOMER_ADDRESSES;
import static io.sokoni.jooq.Tables.ORDERS;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.select;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.customer.CustomerDetail.Address;
import io.sokoni.platform.customer.CustomerDetail.RecentOrder;
import io.sokoni.platform.database.StatementPipeline;
import io.sokoni.tenant.TenantContext;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertResultStep;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Records;
import org.jooq.Results;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Customers of the bound tenant and their addresses; reads the tenant's orders for the detail. */
@Repository
class CustomerRepository {

	static final int RECENT_ORDERS = 20;

	private static final Field<OffsetDateTime> NOW = DSL.currentOffsetDateTime();

	private static final Field<List<String>> TAGS = CUSTOMERS.TAGS.convertFrom(t -> t == null ? List.of()
			: Arrays.asList(t));

	private static final SelectField<?>[] COLUMNS = { CUSTOMERS.ID, CUSTOMERS.PHONE, CUSTOMERS.NAME, CUSTOMERS.EMAIL,
			CUSTOMERS.WHATSAPP_OPT_IN, CUSTOMERS.CITY_AREA, TAGS, CUSTOMERS.ORDER_COUNT,
			CUSTOMERS.LIFETIME_VALUE_CENTS, CUSTOMERS.LAST_ORDER_AT, CUSTOMERS.CREATED_AT, CUSTOMERS.UPDATED_AT };

	private static final Field<List<Address>> ADDRESSES = multiset(select(CUSTOMER_ADDRESSES.ID,
			CUSTOMER_ADDRESSES.LABEL, CUSTOMER_ADDRESSES.CITY_AREA, CUSTOMER_ADDRESSES.STREET_ADDRESS,
			CUSTOMER_ADDRESSES.INSTRUCTIONS, CUSTOMER_ADDRESSES.IS_DEFAULT, CUSTOMER_ADDRESSES.CREATED_AT,
			CUSTOMER_ADDRESSES.UPDATED_AT)
		.from(CUSTOMER_ADDRESSES)
		.where(CUSTOMER_ADDRESSES.TENANT_ID.eq(CUSTOMERS.TENANT_ID), CUSTOMER_ADDRESSES.CUSTOMER_ID.eq(CUSTOMERS.ID))
		.orderBy(CUSTOMER_ADDRESSES.IS_DEFAULT.desc(), CUSTOMER_ADDRESSES.UPDATED_AT.desc(), CUSTOMER_ADDRESSES.ID))
		.as("addresses")
		.convertFrom(r -> r.map(Records.mapping(Address::new)));

	private static final Field<List<RecentOrder>> RECENT = multiset(select(ORDERS.ID, ORDERS.ORDER_NUMBER,
			ORDERS.STATUS, ORDERS.TOTAL_CENTS, ORDERS.CURRENCY, ORDERS.PLACED_AT)
		.from(ORDERS)
		.where(ORDERS.TENANT_ID.eq(CUSTOMERS.TENANT_ID), ORDERS.CUSTOMER_ID.eq(CUSTOMERS.ID))
		.orderBy(ORDERS.PLACED_AT.desc(), ORDERS.ID.desc())
		.limit(RECENT_ORDERS))
		.as("recent_orders")
		.convertFrom(r -> r.map(Records.mapping(RecentOrder::new)));

	private final DSLContext dsl;

	CustomerRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	/**
	 * The customer's id, and the address's id when this call created the customer with one (null
	 * otherwise), as {@link #findOrCreate} left them.
	 */
	record Upserted(UUID customerId, UUID addressId) {
	}

	/**
	 * The customer with this phone, created from what was typed when there is none, in one statement.
	 * An existing customer is left exactly as stored (name, email, consent, area, addresses): anyone can
	 * type anyone's phone number at a checkout, so only a verified source changes a profile (see
	 * {@link CustomerService#applyVerifiedContact}). The no-op update locks the row like the order's
	 * own update of it does, and makes the statement answer the existing id. With a city area, a new
	 * customer's first (default) address is added in the same round trip: the insert finds the customer
	 * by the id this call chose, so it adds nothing when the customer already existed.
	 */
	Upserted findOrCreate(UUID id, String phone, String name, String email, boolean whatsappOptIn, String cityArea,
			UUID addressId, String streetAddress, String instructions) {
		InsertResultStep<Record1<UUID>> customer = dsl.insertInto(CUSTOMERS)
			.set(CUSTOMERS.TENANT_ID, tenant())
			.set(CUSTOMERS.ID, id)
			.set(CUSTOMERS.PHONE, phone)
			.set(CUSTOMERS.NAME, name)
			.set(CUSTOMERS.EMAIL, email)
			.set(CUSTOMERS.WHATSAPP_OPT_IN, whatsappOptIn)
			.set(CUSTOMERS.CITY_AREA, cityArea)
			.onConflict(CUSTOMERS.TENANT_ID, CUSTOMERS.PHONE)
			.doUpdate()
			.set(CUSTOMERS.PHONE, DSL.excluded(CUSTOMERS.PHONE))
			.returningResult(CUSTOMERS.ID);
		if (cityArea == null) {
			return new Upserted(customer.fetchSingle().value1(), null);
		}
		Results answered = StatementPipeline.fetch(dsl, customer,
				firstAddress(id, addressId, cityArea, streetAddress, instructions));
		var added = answered.get(1);
		return new Upserted(answered.get(0).get(0).get(0, UUID.class),
				added.isEmpty() ? null : added.get(0).get(0, UUID.class));
	}

	/**
	 * The first (default) address of the customer with this id: a row only when the customer with
	 * that id exists, that is when the statement before created it.
	 */
	private Query firstAddress(UUID customerId, UUID id, String cityArea, String streetAddress, String instructions) {
		return dsl
			.insertInto(CUSTOMER_ADDRESSES, CUSTOMER_ADDRESSES.TENANT_ID, CUSTOMER_ADDRESSES.ID,
					CUSTOMER_ADDRESSES.CUSTOMER_ID, CUSTOMER_ADDRESSES.CITY_AREA, CUSTOMER_ADDRESSES.STREET_ADDRESS,
					CUSTOMER_ADDRESSES.INSTRUCTIONS, CUSTOMER_ADDRESSES.IS_DEFAULT)
			.select(select(DSL.val(tenant()), DSL.val(id), CUSTOMERS.ID, DSL.val(cityArea), DSL.val(streetAddress),
					DSL.val(instructions), DSL.inline(true))
				.from(CUSTOMERS)
				.where(CUSTOMERS.TENANT_ID.eq(tenant()), CUSTOMERS.ID.eq(customerId)))
			.onConflictDoNothing()
			.returningResult(CUSTOMER_ADDRESSES.ID);
	}

	/** The contact fields of the customer, the row locked for a change; empty when there is no such customer. */
	Optional<Contact> lockContact(UUID id) {
		return dsl.select(CUSTOMERS.NAME, CUSTOMERS.EMAIL, CUSTOMERS.WHATSAPP_OPT_IN)
			.from(CUSTOMERS)
			.where(CUSTOMERS.TENANT_ID.eq(tenant()), CUSTOMERS.ID.eq(id))
			.forUpdate()
			.fetchOptional(Records.mapping(Contact::new));
	}

	/** The customer's phone (E.164). */
	Optional<String> phone(UUID id) {
		return dsl.select(CUSTOMERS.PHONE)
			.from(CUSTOMERS)
			.where(CUSTOMERS.TENANT_ID.eq(tenant()), CUSTOMERS.ID.eq(id))
			.fetchOptional(CUSTOMERS.PHONE);
	}

	/** The id of the customer with this (E.164) phone. */
	Optional<UUID> findIdByPhone(String phone) {
		return dsl.select(CUSTOMERS.ID)
			.from(CUSTOMERS)
			.where(CUSTOMERS.TENANT_ID.eq(tenant()), CUSTOMERS.PHONE.eq(phone))
			.fetchOptional(Record1::value1);
	}

	void setContact(UUID id, Contact contact) {
		dsl.update(CUSTOMERS)
			.set(CUSTOMERS.NAME, contact.name())
			.set(CUSTOMERS.EMAIL, contact.email())
			.set(CUSTOMERS.WHATSAPP_OPT_IN, contact.whatsappOptIn())
			.set(CUSTOMERS.VERSION, CUSTOMERS.VERSION.plus(1))
			.set(CUSTOMERS.UPDATED_AT, NOW)
			.where(CUSTOMERS.TENANT_ID.eq(tenant()), CUSTOMERS.ID.eq(id))
			.execute();
	}

	/** A customer's name, email and WhatsApp consent. */
	record Contact(String name, String email, boolean whatsappOptIn) {
	}

	Query recordOrder(UUID customerId, long totalCents, OffsetDateTime placedAt) {
		return dsl.update(CUSTOMERS)
			.set(CUSTOMERS.ORDER_COUNT, CUSTOMERS.ORDER_COUNT.plus(1))
			.set(CUSTOMERS.LIFETIME_VALUE_CENTS, CUSTOMERS.LIFETIME_VALUE_CENTS.plus(totalCents))
			.set(CUSTOMERS.LAST_ORDER_AT, DSL.greatest(DSL.coalesce(CUSTOMERS.LAST_ORDER_AT, DSL.val(placedAt)),
					DSL.val(placedAt)))
			.set(CUSTOMERS.UPDATED_AT, NOW)
			.where(CUSTOMERS.TENANT_ID.eq(tenant()), CUSTOMERS.ID.eq(customerId));
	}

	boolean reverseOrder(UUID customerId, long totalCents) {
		return dsl.update(CUSTOMERS)
			.set(CUSTOMERS.LIFETIME_VALUE_CENTS,
					DSL.greatest(CUSTOMERS.LIFETIME_VALUE_CENTS.minus(totalCents), DSL.inline(0L)))
			.set(CUSTOMERS.UPDATED_AT, NOW)
			.where(CUSTOMERS.TENANT_ID.eq(tenant()), CUSTOMERS.ID.eq(customerId))
			.execute() == 1;
	}

	/**
	 * A page of customers, newest first: by exact phone, by name prefix (case-insensitive) and by tag,
	 * each optional.
	 */
	List<Customer> list(String phone, String namePrefix, String tag, UUID after, int limit) {
		return dsl.select(COLUMNS)
			.from(CUSTOMERS)
			.where(CUSTOMERS.TENANT_ID.eq(tenant()), phone == null ? DSL.noCondition() : CUSTOMERS.PHONE.eq(phone),
					namePrefix == null ? DSL.noCondition() : namePrefix(namePrefix),
					tag == null ? DSL.noCondition() : CUSTOMERS.TAGS.contains(new String[] { tag }),
					after == null ? DSL.noCondition() : CUSTOMERS.ID.lt(after))
			.orderBy(CUSTOMERS.ID.desc())
			.limit(limit)
			.fetch(CustomerRepository::customer);
	}

	/** A customer with addresses and latest orders, in one statement. */
	Optional<CustomerDetail> find(UUID id) {
		return dsl.select(CUSTOMERS.ID, CUSTOMERS.PHONE, CUSTOMERS.NAME, CUSTOMERS.EMAIL, CUSTOMERS.WHATSAPP_OPT_IN,
				CUSTOMERS.CITY_AREA, TAGS, CUSTOMERS.ORDER_COUNT, CUSTOMERS.LIFETIME_VALUE_CENTS,
				CUSTOMERS.LAST_ORDER_AT, CUSTOMERS.CREATED_AT, CUSTOMERS.UPDATED_AT, ADDRESSES, RECENT)
			.from(CUSTOMERS)
			.where(CUSTOMERS.TENANT_ID.eq(tenant()), CUSTOMERS.ID.eq(id))
			.fetchOptional(Records.mapping(CustomerDetail::new));
	}

	/** The customer's tags, the row locked for a change; empty when there is no such customer. */
	Optional<List<String>> lockTags(UUID id) {
		return dsl.select(TAGS)
			.from(CUSTOMERS)
			.where(CUSTOMERS.TENANT_ID.eq(tenant()), CUSTOMERS.ID.eq(id))
			.forUpdate()
			.fetchOptional(r -> r.value1());
	}

	void setTags(UUID id, List<String> tags) {
		dsl.update(CUSTOMERS)
			.set(CUSTOMERS.TAGS, tags.toArray(String[]::new))
			.set(CUSTOMERS.VERSION, CUSTOMERS.VERSION.plus(1))
			.set(CUSTOMERS.UPDATED_AT, NOW)
			.where(CUSTOMERS.TENANT_ID.eq(tenant()), CUSTOMERS.ID.eq(id))
			.execute();
	}


	private static Customer customer(Record r) {
		return new Customer(r.get(CUSTOMERS.ID), r.get(CUSTOMERS.PHONE), r.get(CUSTOMERS.NAME), r.get(CUSTOMERS.EMAIL),
				r.get(CUSTOMERS.WHATSAPP_OPT_IN), r.get(CUSTOMERS.CITY_AREA), r.get(TAGS), r.get(CUSTOMERS.ORDER_COUNT),
				r.get(CUSTOMERS.LIFETIME_VALUE_CENTS), r.get(CUSTOMERS.LAST_ORDER_AT), r.get(CUSTOMERS.CREATED_AT),
				r.get(CUSTOMERS.UPDATED_AT));
	}

	private static Condition namePrefix(String prefix) {
		String escaped = prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_");
		return CUSTOMERS.NAME.likeIgnoreCase(escaped + "%", '!');
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
