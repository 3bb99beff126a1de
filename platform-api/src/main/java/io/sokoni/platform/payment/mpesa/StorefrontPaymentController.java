package io.sokoni.platform.payment.mpesa;

import io.sokoni.platform.cart.CartService;
import io.sokoni.platform.order.CheckoutPayments.PaymentState;
import io.sokoni.platform.order.OrderQueries;
import io.sokoni.platform.order.OrderView;
import io.sokoni.platform.web.StorefrontTenantFilter;
import io.sokoni.platform.web.ValidPhone;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The shopper asks for a new M-Pesa prompt for the order their cart became (store from Host, cart by token). */
@RestController
@RequestMapping("/storefront/v1/carts/{token}/order/payment")
@Tag(name = "Storefront: checkout")
@Validated
class StorefrontPaymentController {

	private final CartService carts;

	private final OrderQueries orders;

	private final StkPushService stk;

	StorefrontPaymentController(CartService carts, OrderQueries orders, StkPushService stk) {
		this.carts = carts;
		this.orders = orders;
		this.stk = stk;
	}

	/** Optionally another Kenyan number to prompt. */
	record RetryRequest(@ValidPhone @Size(max = 30) String mpesaPhone) {
	}

	/**
	 * A new prompt (202 with where the payment stands): 409 while one is open, 422 when the order no longer
	 * awaits payment or its hold lapsed, 429 beyond the limit per order, 503 with Retry-After when M-Pesa
	 * cannot take it now (nothing charged).
	 */
	@PostMapping("/retry")
	@ResponseStatus(HttpStatus.ACCEPTED)
	PaymentState retry(HttpServletRequest http, @PathVariable @Size(max = 100) String token,
			@Valid @RequestBody(required = false) RetryRequest request) {
		OrderView order = orders.ofCart(carts.idOf(StorefrontTenantFilter.storeId(http), token));
		return stk.retry(order, request == null ? null : request.mpesaPhone());
	}

}
