package io.sokoni.platform.order;

import io.sokoni.platform.cart.CartService;
import io.sokoni.platform.idempotency.IdempotentRequests;
import io.sokoni.platform.web.StorefrontTenantFilter;
import io.sokoni.tenant.TenantContext;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
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

	StorefrontCheckoutController(CheckoutService checkout, CheckoutGate gate, CartService carts, OrderQueries orders) {
		this.checkout = checkout;
		this.gate = gate;
		this.carts = carts;
		this.orders = orders;
	}

	/**
	 * Places the order. Requires an Idempotency-Key: the same key (with the same body) always answers with
	 * the same order, however often and however concurrently it is sent. 429 with Retry-After when the
	 * store has more checkouts under way than it takes at once for longer than the queue timeout.
	 */
	@PostMapping("/checkout")
	@ResponseStatus(HttpStatus.CREATED)
	OrderView checkout(HttpServletRequest http, @PathVariable @Size(max = 100) String token,
			@RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
			@Valid @RequestBody CheckoutRequest request) {
		return gate.run(TenantContext.require().value(),
				() -> checkout.checkout(StorefrontTenantFilter.storeId(http), token, request, idempotencyKey));
	}

	/** The order this cart became, as it is now (status, payment, items); 404 while not checked out. */
	@GetMapping("/order")
	OrderView order(HttpServletRequest http, @PathVariable @Size(max = 100) String token) {
		return orders.ofCart(carts.idOf(StorefrontTenantFilter.storeId(http), token));
	}

}
