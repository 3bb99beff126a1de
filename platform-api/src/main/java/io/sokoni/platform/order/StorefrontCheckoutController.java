package io.sokoni.platform.order;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.sokoni.platform.PhoneNumbers;
import io.sokoni.platform.cart.CartService;
import io.sokoni.platform.idempotency.IdempotentRequests;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems;
import io.sokoni.platform.web.StorefrontTenantFilter;
import io.sokoni.tenant.TenantContext;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Checkout of a storefront cart and the order it became (store from the Host header, cart by its token). */
@RestController
@RequestMapping("/storefront/v1/carts/{token}")
@Tag(name = "Storefront: checkout")
@Validated
class StorefrontCheckoutController {

	private final CheckoutService checkout;

	private final CheckoutGate gate;

	private final CartService carts;

	private final OrderQueries orders;

	private final ObjectProvider<CheckoutPayments> payments;

	StorefrontCheckoutController(CheckoutService checkout, CheckoutGate gate, CartService carts, OrderQueries orders,
			ObjectProvider<CheckoutPayments> payments) {
		this.checkout = checkout;
		this.gate = gate;
		this.carts = carts;
		this.orders = orders;
		this.payments = payments;
	}

	/** An order with where its payment stands (null for cash on delivery). */
	record OrderAnswer(@JsonUnwrapped OrderView order, CheckoutPayments.PaymentState payment) {
	}

	/**
	 * Places the order. Requires an Idempotency-Key: the same key (with the same body) always answers with
	 * the same order, however often and however concurrently it is sent. 429 with Retry-After when the
	 * store has more checkouts under way than it takes at once for longer than the queue timeout.
	 */
	@PostMapping("/checkout")
	@ResponseStatus(HttpStatus.CREATED)
	OrderAnswer checkout(HttpServletRequest http, @PathVariable @Size(max = 100) String token,
			@RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
			@Valid @RequestBody CheckoutRequest request) {
		boolean mpesa = "mpesa".equals(request.paymentMethod());
		String promptPhone = request.mpesaPhone() != null ? request.mpesaPhone() : request.customer().phone();
		if (mpesa && !PhoneNumbers.normalize(promptPhone).filter(p -> p.startsWith("+254")).isPresent()) {
			throw new ApiException(ProblemType.VALIDATION_FAILED,
					"M-Pesa prompts go to Kenyan numbers only: give mpesaPhone (07…, 01… or +254…)",
					Map.of("errors", List.of(new Problems.FieldProblem("mpesaPhone", "must be a Kenyan mobile number"))));
		}
		OrderView order = gate.run(TenantContext.require().value(),
				() -> checkout.checkout(StorefrontTenantFilter.storeId(http), token, request, idempotencyKey));
		// The checkout has committed: the M-Pesa prompt is asked for now, outside its transaction.
		CheckoutPayments prompt = payments.getIfAvailable();
		return new OrderAnswer(order, prompt == null || !mpesa ? null : prompt.afterCheckout(order, request.mpesaPhone()));
	}

	/**
	 * The order this cart became, as it is now (status, items, and for M-Pesa where the payment stands with a
	 * plain reason when it failed); 404 while not checked out.
	 */
	@GetMapping("/order")
	OrderAnswer order(HttpServletRequest http, @PathVariable @Size(max = 100) String token) {
		OrderView order = orders.ofCart(carts.idOf(StorefrontTenantFilter.storeId(http), token));
		CheckoutPayments prompt = payments.getIfAvailable();
		return new OrderAnswer(order, prompt == null ? null : prompt.current(order));
	}

}
