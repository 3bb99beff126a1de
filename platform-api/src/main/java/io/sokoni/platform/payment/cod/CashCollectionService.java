package io.sokoni.platform.payment.cod;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.auth.CurrentUser;
import io.sokoni.platform.order.OrderPayments;
import io.sokoni.platform.payment.PaymentRepository;
import io.sokoni.platform.payment.PaymentService;
import io.sokoni.platform.payment.Settlement;
import io.sokoni.platform.payment.cod.CashCollectionRepository.ReportLine;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Cash collected on delivery: recorded once per order, then settled like any payment. */
@Service
class CashCollectionService {

	private static final Logger log = LoggerFactory.getLogger(CashCollectionService.class);

	private static final ZoneId DEFAULT_ZONE = ZoneId.of("Africa/Nairobi");

	record Collect(long amountCents, String collectorKind, String collectorName, UUID deliveryPartnerId,
			String mpesaReceipt) {
	}

	private final CashCollectionRepository collections;

	private final PaymentRepository payments;

	private final PaymentService paymentService;

	private final OrderPayments orders;

	private final AuditTrail audit;

	CashCollectionService(CashCollectionRepository collections, PaymentRepository payments,
			PaymentService paymentService, OrderPayments orders, AuditTrail audit) {
		this.collections = collections;
		this.payments = payments;
		this.paymentService = paymentService;
		this.orders = orders;
		this.audit = audit;
	}

	/**
	 * Records the cash of a cash-on-delivery order: a succeeded {@code cod} payment and its collection row,
	 * then settles it on the order. The order row is locked first, so of two recordings racing the second
	 * finds the first (409 {@code DUPLICATE}; the unique key per order backs this). 422 for an order not
	 * paid by cash on delivery; 404 for an unknown order or delivery partner.
	 */
	@Transactional
	public CashCollection collect(UUID orderId, Collect c) {
		OrderPayments.State order = orders.lock(orderId);
		if (!"cod".equals(order.paymentMethod())) {
			throw new ApiException(ProblemType.BUSINESS_RULE,
					"Cash is recorded only for cash-on-delivery orders; this order is paid by " + order.paymentMethod(),
					Map.of("paymentMethod", order.paymentMethod()));
		}
		if (collections.existsForOrder(orderId)) {
			throw new ApiException(ProblemType.DUPLICATE, "Cash for this order was already recorded",
					Map.of("orderId", orderId));
		}
		if (c.deliveryPartnerId() != null && !collections.partnerExists(c.deliveryPartnerId())) {
			throw ApiException.notFound("Delivery partner");
		}
		UUID paymentId = Ids.next();
		if (!payments.insertReceived(new PaymentRepository.Received(paymentId, orderId, "cod", "succeeded",
				c.amountCents(), order.currency(), null, null, null, c.mpesaReceipt()))) {
			throw new ApiException(ProblemType.DUPLICATE, "This M-Pesa receipt is already recorded for another payment",
					Map.of("mpesaReceipt", c.mpesaReceipt()));
		}
		UUID id = Ids.next();
		String recordedBy = CurrentUser.actor("system").id();
		var collectedAt = collections.insert(new CashCollectionRepository.NewCollection(id, orderId, paymentId,
				c.amountCents(), order.currency(), c.collectorKind(), c.collectorName(), c.deliveryPartnerId(),
				c.mpesaReceipt(), recordedBy));
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("orderId", orderId);
		details.put("amountCents", c.amountCents());
		details.put("collectorKind", c.collectorKind());
		details.put("collectorName", c.collectorName());
		details.put("deliveryPartnerId", c.deliveryPartnerId());
		details.put("mpesaReceipt", c.mpesaReceipt());
		paymentService.audit(paymentId, "cash_collected", details);
		Settlement settlement = paymentService.settle(paymentId);
		audit.record("order.cash_collected", "order", orderId, details);
		return new CashCollection(id, orderId, paymentId, c.amountCents(), order.currency(), c.collectorKind(),
				c.collectorName(), c.deliveryPartnerId(), c.mpesaReceipt(), collectedAt, recordedBy, settlement);
	}

	/**
	 * The tenant's time zone, or Africa/Nairobi (every tenant's default) when the stored name is not one
	 * Java knows: tenants created before the name was checked at creation ({@code @KnownTimeZone}) may hold
	 * one. The report names the zone it used.
	 */
	private static ZoneId businessZone(String stored) {
		try {
			return ZoneId.of(stored);
		}
		catch (DateTimeException ex) {
			log.warn("Tenant time zone '{}' is unknown; the cash report uses {}", stored, DEFAULT_ZONE.getId());
			return DEFAULT_ZONE;
		}
	}

	/**
	 * The day's cash per collector, the day taken in the tenant's time zone. Expected: the totals of
	 * cash-on-delivery orders whose delivery (not failed) was delivered that day, or dispatched that day
	 * and not yet delivered; collected: the cash recorded that day. Both are credited to the order's
	 * delivery partner, else to the partner or rider named on its collection.
	 */
	@Transactional(readOnly = true)
	public CashReport report(LocalDate date) {
		ZoneId zone = businessZone(collections.timezone());
		String timezone = zone.getId();
		ZonedDateTime from = date.atStartOfDay(zone);
		ZonedDateTime to = date.plusDays(1).atStartOfDay(zone);
		Map<String, Tally> byCollector = new LinkedHashMap<>();
		for (ReportLine line : collections.reportLines(from.toOffsetDateTime(), to.toOffsetDateTime())) {
			String kind = line.partnerId() != null ? "partner" : line.collectorName() != null ? "rider" : "unassigned";
			String name = line.partnerId() != null ? line.partnerName() : line.collectorName();
			String key = kind + ":" + (line.partnerId() != null ? line.partnerId() : name);
			Tally tally = byCollector.computeIfAbsent(key,
					k -> new Tally(kind, line.partnerId(), name, line.currency()));
			if (line.expected()) {
				tally.expectedCents += line.totalCents();
				tally.expectedOrders++;
				if (line.collectorKind() == null) {
					tally.uncollected.add(line.orderNumber());
				}
			}
			if (line.collectedCents() > 0) {
				tally.collectedCents += line.collectedCents();
				tally.collectedOrders++;
			}
		}
		List<CashReport.Collector> collectors = new ArrayList<>();
		long expected = 0;
		long collected = 0;
		for (Tally t : byCollector.values()) {
			collectors.add(new CashReport.Collector(t.kind, t.partnerId, t.name, t.currency, t.expectedCents,
					t.collectedCents, t.collectedCents - t.expectedCents, t.expectedOrders, t.collectedOrders,
					List.copyOf(t.uncollected)));
			expected += t.expectedCents;
			collected += t.collectedCents;
		}
		return new CashReport(date, timezone, from.toOffsetDateTime(), to.toOffsetDateTime(), collectors, expected,
				collected, collected - expected);
	}

	private static final class Tally {

		final String kind;

		final UUID partnerId;

		final String name;

		final String currency;

		long expectedCents;

		long collectedCents;

		int expectedOrders;

		int collectedOrders;

		final List<Long> uncollected = new ArrayList<>();

		Tally(String kind, UUID partnerId, String name, String currency) {
			this.kind = kind;
			this.partnerId = partnerId;
			this.name = name;
			this.currency = currency;
		}

	}

}
