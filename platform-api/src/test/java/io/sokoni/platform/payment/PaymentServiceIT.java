package io.sokoni.platform.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.web.ApiException;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Settling succeeded payments onto their orders: paid, partial, overpaid, after cancellation, racing. */
class PaymentServiceIT extends ApiTestBase {

	private PaymentFixtures pay;

	private PaymentService service;

	@BeforeEach
	void shop() {
		pay = new PaymentFixtures(api(), fixtures().tenant());
		service = context.getBean(PaymentService.class);
	}

	@Test
	void aPayerWithAnotherNumberPaysTheOrderButNeverRenamesTheCustomer() {
		UUID variant = pay.shop.variant(5_000, 10);
		UUID order = pay.shop.order(variant, 1, "mpesa");
		String before = customerName(order);
		UUID payment = pay.succeeded(order, "mpesa_c2b", 5_000 + OrderFixtures.FEE, "2547 ***** 999", "OTIENO BOSS",
				PaymentFixtures.receipt());

		assertThat(settle(payment).paymentStatus()).isEqualTo("paid");
		assertThat(customerName(order)).isEqualTo(before);
	}

	private String customerName(UUID order) {
		return TenantSql.call(pay.tenant.id(), jdbc -> jdbc.queryForObject(
				"select c.name from app.customers c join app.orders o on o.customer_id = c.id where o.id = ?",
				String.class, order));
	}

	@Test
	void aPaymentOfTheWholeTotalPaysTheOrderSellsItsHoldsAndAnnouncesItOnce() {
		UUID variant = pay.shop.variant(5_000, 10);
		UUID order = pay.shop.order(variant, 2, "mpesa");
		long total = 2 * 5_000 + OrderFixtures.FEE;
		UUID payment = pay.succeeded(order, "mpesa_c2b", total, "WANJIRU  KAMAU NJERI", PaymentFixtures.receipt());

		Settlement settled = settle(payment);

		assertThat(settled).isEqualTo(new Settlement(order, "paid", "paid", total, null));
		assertThat(pay.money(order)).containsEntry("status", "paid")
			.containsEntry("payment_status", "paid")
			.containsEntry("amount_paid_cents", total);
		assertThat(pay.shop.stock(variant)).as("held stock sold").containsExactly(8, 0);
		assertThat(orderPaidEvents(order)).isEqualTo(1);
		assertThat(pay.count("select count(*) from app.payment_audit where payment_id = ? and event_type = 'settled'",
				payment)).isEqualTo(1);
		assertThat(customerName(order)).as("the verified payer's name").isEqualTo("Wanjiru Kamau Njeri");

		Settlement again = settle(payment);

		assertThat(again).isEqualTo(settled);
		assertThat(pay.money(order)).containsEntry("amount_paid_cents", total);
		assertThat(orderPaidEvents(order)).isEqualTo(1);
		assertThat(pay.count("select count(*) from app.payment_audit where payment_id = ? and event_type = 'settled'",
				payment)).isEqualTo(1);
		assertThat(pay.count("select count(*) from app.order_status_history where order_id = ? and to_status = 'paid'",
				order)).isEqualTo(1);
		assertThat(pay.shop.stock(variant)).containsExactly(8, 0);
	}

	@Test
	void lessThanTheTotalIsPartialUntilTheRestArrives() {
		UUID variant = pay.shop.variant(5_000, 10);
		UUID order = pay.shop.order(variant, 2, "mpesa");

		Settlement first = settle(pay.succeeded(order, "mpesa_c2b", 10_000, null, PaymentFixtures.receipt()));

		assertThat(first).isEqualTo(new Settlement(order, "awaiting_payment", "partial", 10_000, null));
		assertThat(pay.shop.stock(variant)).as("still held").containsExactly(10, 2);
		assertThat(orderPaidEvents(order)).isZero();

		Settlement rest = settle(pay.succeeded(order, "mpesa_c2b", 20_000, null, PaymentFixtures.receipt()));

		assertThat(rest).isEqualTo(new Settlement(order, "paid", "paid", 30_000, null));
		assertThat(pay.shop.stock(variant)).containsExactly(8, 0);
		assertThat(orderPaidEvents(order)).isEqualTo(1);
	}

	@Test
	void moreThanTheTotalPlusTheShillingRoundingIsFlaggedOverpaid() {
		UUID variant = pay.shop.variant(5_050, 10);
		UUID rounded = pay.shop.order(variant, 1, "mpesa");
		UUID over = pay.shop.order(variant, 1, "mpesa");
		long total = 5_050 + OrderFixtures.FEE;

		Settlement roundedUp = settle(pay.succeeded(rounded, "mpesa_stk", total + 50, null, PaymentFixtures.receipt()));
		Settlement overpaid = settle(pay.succeeded(over, "mpesa_stk", total + 100, null, PaymentFixtures.receipt()));

		assertThat(roundedUp.flag()).as("the next shilling up is not an overpayment").isNull();
		assertThat(roundedUp.orderStatus()).isEqualTo("paid");
		assertThat(overpaid).isEqualTo(new Settlement(over, "paid", "paid", total + 100, "overpaid"));
		assertThat(pay.money(over)).containsEntry("payment_flag", "overpaid");
	}

	@Test
	void moneyForACancelledOrderIsRecordedAndFlaggedWithoutReopeningIt() {
		UUID variant = pay.shop.variant(5_000, 10);
		UUID order = pay.shop.order(variant, 2, "mpesa");
		assertThat(api().post("/admin/v1/orders/" + order + "/status")
			.bearer(pay.tenant.ownerToken())
			.body(Map.of("status", "cancelled"))
			.send()
			.status()).isEqualTo(200);

		Settlement late = settle(pay.succeeded(order, "mpesa_stk", 30_000, null, PaymentFixtures.receipt()));

		assertThat(late).isEqualTo(new Settlement(order, "cancelled", "paid", 30_000, "paid_after_cancellation"));
		assertThat(pay.money(order)).containsEntry("status", "cancelled")
			.containsEntry("amount_paid_cents", 30_000L)
			.containsEntry("payment_flag", "paid_after_cancellation");
		assertThat(pay.shop.stock(variant)).as("released stays released").containsExactly(10, 0);
		assertThat(orderPaidEvents(order)).isZero();
		var detail = api().get("/admin/v1/orders/" + order).bearer(pay.tenant.ownerToken()).send().json();
		assertThat(detail.path("money").path("paymentFlag").asString()).as("visible to the merchant")
			.isEqualTo("paid_after_cancellation");
		assertThat(detail.path("money").path("amountPaidCents").asLong()).isEqualTo(30_000);
	}

	@Test
	void aPaymentThatDidNotSucceedCannotBeSettled() {
		UUID order = pay.shop.order(pay.shop.variant(5_000, 10), 1, "mpesa");
		UUID payment = pay.succeeded(order, "mpesa_stk", 25_000, null, PaymentFixtures.receipt());
		TenantSql.run(pay.tenant.id(), jdbc -> jdbc.update("update app.payments set status = 'failed' where id = ?", payment));

		assertThatThrownBy(() -> settle(payment)).isInstanceOf(ApiException.class).hasMessageContaining("succeeded");
		assertThat(pay.money(order)).containsEntry("amount_paid_cents", 0L).containsEntry("status", "awaiting_payment");
	}

	@Test
	void twentyPaymentsOfOneOrderSettledAtOnceAddUpExactly() throws Exception {
		UUID variant = pay.shop.variant(10_000, 10);
		UUID order = pay.shop.order(variant, 1, "mpesa");
		long total = 10_000 + OrderFixtures.FEE;
		List<UUID> payments = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			payments.add(pay.succeeded(order, "mpesa_c2b", total / 20, null, PaymentFixtures.receipt()));
		}
		ExecutorService pool = Executors.newFixedThreadPool(20);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<Settlement>> results = new ArrayList<>();
			for (UUID payment : payments) {
				results.add(pool.submit(() -> {
					start.await();
					return settle(payment);
				}));
			}
			start.countDown();
			for (Future<Settlement> result : results) {
				result.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(pay.money(order)).containsEntry("amount_paid_cents", total)
			.containsEntry("status", "paid")
			.containsEntry("payment_status", "paid");
		assertThat(orderPaidEvents(order)).isEqualTo(1);
		assertThat(pay.count("select count(*) from app.order_status_history where order_id = ? and to_status = 'paid'",
				order)).isEqualTo(1);
		assertThat(pay.shop.stock(variant)).containsExactly(9, 0);
	}

	private Settlement settle(UUID payment) {
		return TenantContext.callAs(TenantId.of(pay.tenant.id()), () -> service.settle(payment));
	}

	private long orderPaidEvents(UUID order) {
		return pay.count("select count(*) from app.outbox_events where aggregate_id = ? and event_type = 'order.paid'",
				order);
	}

}
