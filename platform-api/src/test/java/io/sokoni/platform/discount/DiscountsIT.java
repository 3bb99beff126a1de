package io.sokoni.platform.discount;

import static io.sokoni.platform.discount.DiscountFixtures.hoursFromNow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discounts against the database: which rules and coupons apply, and coupon limits under concurrency. */
class DiscountsIT extends ApiTestBase {

	private TestTenant shop;

	private DiscountFixtures fixtures;

	private Discounts discounts;

	private final UUID product = UUID.randomUUID();

	private final UUID variant = UUID.randomUUID();

	/** 2 x KES 10.00 */
	private List<DiscountLine> cart;

	@BeforeEach
	void shop() {
		shop = fixtures().tenant();
		fixtures = new DiscountFixtures(shop.id(), shop.storeId());
		discounts = context.getBean(Discounts.class);
		cart = List.of(new DiscountLine(product, variant, null, 2, 1000));
	}

	@Test
	void onlyActiveAutomaticRulesInTheirWindowApply() {
		UUID live = fixtures.rule(r -> r.put("percent_off", 10));
		UUID windowed = fixtures.rule(r -> {
			r.put("percent_off", 5);
			r.put("starts_at", hoursFromNow(-1));
			r.put("ends_at", hoursFromNow(1));
		});
		fixtures.rule(r -> {
			r.put("percent_off", 50);
			r.put("starts_at", hoursFromNow(1));
		});
		fixtures.rule(r -> {
			r.put("percent_off", 50);
			r.put("ends_at", hoursFromNow(-1));
		});
		fixtures.rule(r -> {
			r.put("percent_off", 50);
			r.put("is_active", false);
		});
		fixtures.rule(r -> {
			r.put("percent_off", 50);
			r.put("requires_coupon", true);
		});
		UUID otherStore = new CatalogFixtures(shop).otherStore();
		fixtures.rule(r -> {
			r.put("percent_off", 50);
			r.put("store_id", otherStore);
		});

		DiscountOutcome outcome = evaluate(null, null);

		assertThat(outcome.discountCents()).isEqualTo(200 + 100);
		assertThat(outcome.applied()).extracting(DiscountOutcome.AppliedDiscount::priceRuleId)
			.containsExactly(live, windowed);
		assertThat(outcome.lineDiscounts()).containsEntry(variant, 300L);
		assertThat(outcome.couponId()).isNull();
		assertThat(outcome.couponRefusal()).isNull();
	}

	@Test
	void aCouponAppliesInAnyCaseOnTopOfAutomaticRules() {
		fixtures.rule(r -> r.put("percent_off", 10));
		UUID couponRule = fixtures.rule(r -> {
			r.put("kind", "amount");
			r.put("percent_off", null);
			r.put("amount_off_cents", 150L);
			r.put("requires_coupon", true);
		});
		UUID coupon = fixtures.coupon(couponRule, "SAVE150", c -> {
		});

		DiscountOutcome outcome = evaluate(" save150 ", null);

		assertThat(outcome.couponId()).isEqualTo(coupon);
		assertThat(outcome.couponRefusal()).isNull();
		assertThat(outcome.discountCents()).isEqualTo(200 + 150);
		assertThat(outcome.applied()).anySatisfy(a -> {
			assertThat(a.couponCode()).isEqualTo("SAVE150");
			assertThat(a.discountCents()).isEqualTo(150);
		});
	}

	@Test
	void aCouponForAnAutomaticRuleBringsItOnce() {
		UUID rule = fixtures.rule(r -> r.put("percent_off", 10));
		fixtures.coupon(rule, "TENOFF", c -> {
		});

		DiscountOutcome outcome = evaluate("TENOFF", null);

		assertThat(outcome.discountCents()).isEqualTo(200);
		assertThat(outcome.applied()).singleElement().satisfies(a -> assertThat(a.couponCode()).isEqualTo("TENOFF"));
	}

	@Test
	void eachCouponRefusalSaysWhy() {
		fixtures.rule(r -> r.put("percent_off", 10));
		UUID rule = couponRule(r -> {
		});
		OffsetDateTime later = hoursFromNow(24);
		OffsetDateTime earlier = hoursFromNow(-24);
		fixtures.coupon(rule, "INACTIVE", c -> c.put("is_active", false));
		fixtures.coupon(rule, "SOON", c -> c.put("starts_at", later));
		fixtures.coupon(rule, "OVER", c -> c.put("ends_at", earlier));
		fixtures.coupon(rule, "USEDUP", c -> {
			c.put("usage_limit", 2);
			c.put("times_used", 2);
		});
		UUID once = fixtures.coupon(rule, "ONCE", c -> c.put("per_customer_limit", 1));
		UUID customer = fixtures.customer();
		fixtures.used(once, customer, fixtures.order(customer));
		fixtures.coupon(couponRule(r -> r.put("is_active", false)), "RULEOFF", c -> {
		});
		fixtures.coupon(couponRule(r -> r.put("ends_at", earlier)), "RULEENDED", c -> {
		});
		fixtures.coupon(couponRule(r -> r.put("min_subtotal_cents", 5000L)), "BIGCART", c -> {
		});

		assertRefused("NOSUCHCODE", null, "Coupon code NOSUCHCODE is not valid in this store");
		assertRefused("inactive", null, "Coupon INACTIVE is no longer active");
		assertRefused("SOON", null, "Coupon SOON cannot be used before " + Discounts.when(later));
		assertRefused("OVER", null, "Coupon OVER expired on " + Discounts.when(earlier));
		assertRefused("USEDUP", null, "Coupon USEDUP has reached its usage limit");
		assertRefused("ONCE", customer,
				"Coupon ONCE can be used once per customer, and this customer already has");
		assertRefused("RULEOFF", null, "The offer of this coupon is no longer active");
		assertRefused("RULEENDED", null, "The offer of this coupon ended on " + Discounts.when(earlier));
		assertRefused("BIGCART", null, "Coupon BIGCART does not apply: Spend at least KES 50.00 to get this discount");

		// the same per-customer coupon still works for someone else, or when the customer is not known yet
		assertThat(evaluate("ONCE", fixtures.customer()).couponId()).isEqualTo(once);
		assertThat(evaluate("ONCE", null).couponId()).isEqualTo(once);
	}

	@Test
	void redeemingCountsUsesUpToTheLimit() {
		UUID coupon = fixtures.coupon(couponRule(r -> {
		}), "TWICE", c -> c.put("usage_limit", 2));

		redeem(coupon, fixtures.customer());
		redeem(coupon, fixtures.customer());
		UUID third = fixtures.customer();
		assertThatThrownBy(() -> redeem(coupon, third)).isInstanceOfSatisfying(ApiException.class, ex -> {
			assertThat(ex.type()).isEqualTo(ProblemType.COUPON_NOT_APPLICABLE);
			assertThat(ex.getMessage()).isEqualTo("Coupon TWICE has reached its usage limit");
		});

		assertThat(fixtures.timesUsed(coupon)).isEqualTo(2);
		assertThat(fixtures.redemptionStatuses(coupon)).containsExactly("active", "active");
	}

	@Test
	void perCustomerLimitHoldsAtRedemption() {
		UUID coupon = fixtures.coupon(couponRule(r -> {
		}), "ONEEACH", c -> c.put("per_customer_limit", 1));
		UUID customer = fixtures.customer();

		redeem(coupon, customer);
		assertThatThrownBy(() -> redeem(coupon, customer)).isInstanceOfSatisfying(ApiException.class,
				ex -> assertThat(ex.type()).isEqualTo(ProblemType.COUPON_NOT_APPLICABLE));
		redeem(coupon, fixtures.customer());

		assertThat(fixtures.timesUsed(coupon)).isEqualTo(2);
	}

	@Test
	void redeemingTheSameOrderTwiceCountsOnce() {
		UUID coupon = fixtures.coupon(couponRule(r -> {
		}), "RETRY", c -> c.put("usage_limit", 5));
		UUID customer = fixtures.customer();
		UUID order = fixtures.order(customer);

		as(() -> discounts.redeem(coupon, customer, order));
		as(() -> discounts.redeem(coupon, customer, order));

		assertThat(fixtures.timesUsed(coupon)).isEqualTo(1);
	}

	@Test
	void anExpiredOrDeactivatedCouponCannotBeRedeemed() {
		UUID expired = fixtures.coupon(couponRule(r -> {
		}), "GONE", c -> c.put("ends_at", hoursFromNow(-1)));
		UUID off = fixtures.coupon(couponRule(r -> {
		}), "OFF", c -> c.put("is_active", false));

		assertThatThrownBy(() -> redeem(expired, fixtures.customer())).hasMessageStartingWith("Coupon GONE expired on");
		assertThatThrownBy(() -> redeem(off, fixtures.customer())).hasMessage("Coupon OFF is no longer active");
		assertThat(fixtures.timesUsed(expired)).isZero();
		assertThat(fixtures.redemptionStatuses(expired)).isEmpty();
	}

	@Test
	void reversingGivesTheUseBackOnce() {
		UUID coupon = fixtures.coupon(couponRule(r -> {
		}), "UNDO", c -> c.put("usage_limit", 1));
		UUID customer = fixtures.customer();
		UUID order = fixtures.order(customer);
		as(() -> discounts.redeem(coupon, customer, order));
		assertThat(fixtures.timesUsed(coupon)).isEqualTo(1);

		as(() -> discounts.reverse(order));
		as(() -> discounts.reverse(order));
		as(() -> discounts.reverse(fixtures.order(customer)));

		assertThat(fixtures.timesUsed(coupon)).isZero();
		assertThat(fixtures.redemptionStatuses(coupon)).containsExactly("reversed");
		// the use given back can be taken again
		redeem(coupon, fixtures.customer());
		assertThat(fixtures.timesUsed(coupon)).isEqualTo(1);
	}

	@Test
	void twentyConcurrentRedemptionsOfACouponLimitedToFiveLetExactlyFiveThrough() throws Exception {
		UUID coupon = fixtures.coupon(couponRule(r -> {
		}), "FLASH5", c -> c.put("usage_limit", 5));
		List<UUID[]> buyers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			UUID customer = fixtures.customer();
			buyers.add(new UUID[] { customer, fixtures.order(customer) });
		}
		ExecutorService pool = Executors.newFixedThreadPool(20);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Boolean>> results = new ArrayList<>();
		try {
			for (UUID[] buyer : buyers) {
				results.add(pool.submit(() -> {
					start.await();
					try {
						as(() -> discounts.redeem(coupon, buyer[0], buyer[1]));
						return true;
					}
					catch (ApiException ex) {
						assertThat(ex.type()).isEqualTo(ProblemType.COUPON_NOT_APPLICABLE);
						return false;
					}
				}));
			}
			start.countDown();
			int succeeded = 0;
			for (Future<Boolean> result : results) {
				succeeded += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
			}
			assertThat(succeeded).isEqualTo(5);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(fixtures.timesUsed(coupon)).isEqualTo(5);
		// the refused checkouts rolled back their redemption rows
		assertThat(fixtures.redemptionStatuses(coupon)).hasSize(5);
	}

	private UUID couponRule(java.util.function.Consumer<java.util.Map<String, Object>> customize) {
		return fixtures.rule(r -> {
			r.put("kind", "amount");
			r.put("percent_off", null);
			r.put("amount_off_cents", 100L);
			r.put("requires_coupon", true);
			customize.accept(r);
		});
	}

	private void assertRefused(String code, UUID customer, String reason) {
		DiscountOutcome outcome = evaluate(code, customer);
		assertThat(outcome.couponRefusal()).as(code).isEqualTo(reason);
		assertThat(outcome.couponId()).as(code).isNull();
		// the automatic 10% still applies, the coupon is listed with the same reason
		assertThat(outcome.discountCents()).as(code).isEqualTo(200);
		assertThat(outcome.notApplied()).as(code)
			.anySatisfy(n -> assertThat(n.reason()).contains(reason.startsWith("Coupon " + code.toUpperCase() + " does not apply: ")
					? reason.substring(reason.indexOf(": ") + 2) : reason));
	}

	private DiscountOutcome evaluate(String code, UUID customer) {
		return TenantContext.callAs(TenantId.of(shop.id()),
				() -> discounts.evaluate(shop.storeId(), cart, code, customer, OffsetDateTime.now()));
	}

	private void redeem(UUID coupon, UUID customer) {
		UUID order = fixtures.order(customer);
		as(() -> discounts.redeem(coupon, customer, order));
	}

	private void as(Runnable work) {
		TenantContext.runAs(TenantId.of(shop.id()), work);
	}

}
