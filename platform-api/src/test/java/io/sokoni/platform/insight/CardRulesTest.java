package io.sokoni.platform.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import io.sokoni.platform.insight.CardRules.AreaFigures;
import io.sokoni.platform.insight.CardRules.Card;
import io.sokoni.platform.insight.CardRules.PaymentFigures;
import io.sokoni.platform.insight.CardRules.ProductFigures;
import io.sokoni.platform.insight.CardRules.SearchFigures;
import org.junit.jupiter.api.Test;

/** Each card rule fires on figures that should fire it, and not on figures just short of them. */
class CardRulesTest {

	/** The defaults of sokoni.insight.cards. */
	static final InsightProperties.Cards T = new InsightProperties.Cards(5, 0.5, 100, 0.01, 10, 0.1, 5);

	@Test
	void theAreaWithMostFeeLedAbandonmentsGetsACard() {
		List<Card> cards = CardRules.deliveryFeeAbandonment(List.of(new AreaFigures("kilimani", 10, 6, 180_000, 6),
				new AreaFigures("westlands", 20, 8, 160_000, 8), new AreaFigures("karen", 40, 30, 900_000, 30)), T);
		// westlands has 8 fee-led of 20 (40 %, under the share); karen 30 of 40 (75 %) beats kilimani's 6 of 10.
		assertThat(cards).singleElement().satisfies(c -> {
			assertThat(c.rule()).isEqualTo("delivery_fee_abandonment");
			assertThat(c.area()).isEqualTo("karen");
			assertThat(c.severity()).isEqualTo("action");
			assertThat(c.snapshot()).containsEntry("feeLedAbandonments", 30L)
				.containsEntry("abandonedCarts", 40L)
				.containsEntry("averageQuotedFeeCents", 30_000L);
		});
	}

	@Test
	void areasBelowTheSampleOrTheShareGetNoCard() {
		assertThat(CardRules.deliveryFeeAbandonment(List.of(new AreaFigures("kilimani", 4, 4, 0, 4)), T))
			.as("4 abandonments: too few").isEmpty();
		assertThat(CardRules.deliveryFeeAbandonment(List.of(new AreaFigures("kilimani", 11, 5, 0, 5)), T))
			.as("5 of 11: under half").isEmpty();
		assertThat(CardRules.deliveryFeeAbandonment(List.of(new AreaFigures("kilimani", 10, 5, 0, 5)), T))
			.as("5 of 10: exactly half fires").singleElement()
			.satisfies(c -> assertThat(c.severity()).isEqualTo("warn"));
	}

	@Test
	void aProductViewedOftenAndRarelyBoughtGetsACard() {
		UUID never = UUID.randomUUID();
		UUID rarely = UUID.randomUUID();
		UUID fine = UUID.randomUUID();
		UUID fewViews = UUID.randomUUID();
		List<Card> cards = CardRules.productLowConversion(List.of(new ProductFigures(never, 150, 3, 0),
				new ProductFigures(rarely, 300, 10, 2), new ProductFigures(fine, 300, 20, 3),
				new ProductFigures(fewViews, 99, 0, 0)), T);
		// 2/300 < 1 %; 3/300 = 1 % is not below it; 99 views are too few to judge.
		assertThat(cards).extracting(Card::productId).containsExactly(rarely, never);
		assertThat(cards).extracting(Card::severity).containsExactly("warn", "action");
		assertThat(cards.get(0).snapshot()).containsEntry("views", 300L).containsEntry("orders", 2L);
	}

	@Test
	void aPaymentFailureRateAboveTheStoresNormalGetsACard() {
		// 6 of 20 failed (30 %) against 2 of 40 (5 %) before.
		assertThat(CardRules.paymentFailureRate(new PaymentFigures(20, 6, 40, 2), T)).singleElement().satisfies(c -> {
			assertThat(c.rule()).isEqualTo("payment_failure_rate");
			assertThat(c.severity()).isEqualTo("warn");
			assertThat(c.snapshot()).containsEntry("failureRate", 0.3).containsEntry("normalFailureRate", 0.05);
		});
		// Without history the platform's normal (10 %) applies: 11 of 20 is above it, and over half.
		assertThat(CardRules.paymentFailureRate(new PaymentFigures(20, 11, 3, 0), T)).singleElement()
			.satisfies(c -> assertThat(c.severity()).isEqualTo("action"));
	}

	@Test
	void aNormalOrThinPaymentFailureRateGetsNoCard() {
		assertThat(CardRules.paymentFailureRate(new PaymentFigures(20, 3, 40, 2), T)).as("15 % vs 5 %: under 10 points")
			.isEmpty();
		assertThat(CardRules.paymentFailureRate(new PaymentFigures(20, 8, 40, 12), T)).as("40 % vs 30 %: not 1.5x")
			.isEmpty();
		assertThat(CardRules.paymentFailureRate(new PaymentFigures(9, 9, 0, 0), T)).as("9 payments: too few").isEmpty();
	}

	@Test
	void searchesFindingNothingOftenGetACard() {
		List<Card> cards = CardRules.searchesWithoutResults(List.of(new SearchFigures("maasai sandals", 9, 7),
				new SearchFigures("kikoy", 5, 5), new SearchFigures("kanga", 30, 4)), T);
		assertThat(cards).singleElement().satisfies(c -> {
			assertThat(c.rule()).isEqualTo("searches_without_results");
			assertThat(c.severity()).isEqualTo("info");
			assertThat(c.body()).contains("maasai sandals");
			assertThat((List<?>) c.snapshot().get("queries")).hasSize(2);
		});
		assertThat(CardRules.searchesWithoutResults(List.of(new SearchFigures("kanga", 30, 4)), T)).isEmpty();
	}

}
