package io.sokoni.platform.cart;

import java.util.UUID;

import io.sokoni.platform.cart.CartRepository.AbandonmentReason;
import io.sokoni.platform.cart.CartService.CreatedCart;
import io.sokoni.platform.cart.CartService.QuoteView;
import io.sokoni.platform.web.StorefrontTenantFilter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Carts of the store the Host header names. The token in the path is the shopper's key (whoever holds
 * it can change the cart); a token of another store or tenant is unknown here (404). Answers are never
 * cached.
 */
@RestController
@RequestMapping("/storefront/v1/carts")
@Tag(name = "Storefront")
@Validated
class StorefrontCartController {

	static final String COUPON_CODE = "^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$";

	private final CartService carts;

	StorefrontCartController(CartService carts) {
		this.carts = carts;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	CreatedCart create(HttpServletRequest request, HttpServletResponse response,
			@Valid @RequestBody(required = false) CreateCartRequest body) {
		noStore(response);
		String channel = body == null || body.channel() == null ? "web" : body.channel();
		return carts.create(StorefrontTenantFilter.storeId(request), channel);
	}

	@GetMapping("/{token}")
	CartView get(HttpServletRequest request, HttpServletResponse response, @PathVariable String token) {
		noStore(response);
		return carts.get(StorefrontTenantFilter.storeId(request), token);
	}

	@PostMapping("/{token}/items")
	CartView addItem(HttpServletRequest request, HttpServletResponse response, @PathVariable String token,
			@Valid @RequestBody AddItemRequest body) {
		noStore(response);
		return carts.addItem(StorefrontTenantFilter.storeId(request), token, body.variantId(), body.quantity());
	}

	@PatchMapping("/{token}/items/{variantId}")
	CartView changeItem(HttpServletRequest request, HttpServletResponse response, @PathVariable String token,
			@PathVariable UUID variantId, @Valid @RequestBody ChangeItemRequest body) {
		noStore(response);
		return carts.changeQuantity(StorefrontTenantFilter.storeId(request), token, variantId, body.quantity());
	}

	@DeleteMapping("/{token}/items/{variantId}")
	CartView removeItem(HttpServletRequest request, HttpServletResponse response, @PathVariable String token,
			@PathVariable UUID variantId) {
		noStore(response);
		return carts.removeItem(StorefrontTenantFilter.storeId(request), token, variantId);
	}

	@PutMapping("/{token}/coupon")
	CartView setCoupon(HttpServletRequest request, HttpServletResponse response, @PathVariable String token,
			@Valid @RequestBody CouponRequest body) {
		noStore(response);
		return carts.setCoupon(StorefrontTenantFilter.storeId(request), token, body.code());
	}

	@DeleteMapping("/{token}/coupon")
	CartView removeCoupon(HttpServletRequest request, HttpServletResponse response, @PathVariable String token) {
		noStore(response);
		return carts.setCoupon(StorefrontTenantFilter.storeId(request), token, null);
	}

	@PutMapping("/{token}/delivery-area")
	CartView setDeliveryArea(HttpServletRequest request, HttpServletResponse response, @PathVariable String token,
			@Valid @RequestBody AreaRequest body) {
		noStore(response);
		return carts.setDeliveryArea(StorefrontTenantFilter.storeId(request), token, body.cityArea());
	}

	@PostMapping("/{token}/delivery-quote")
	QuoteView quote(HttpServletRequest request, HttpServletResponse response, @PathVariable String token,
			@Valid @RequestBody AreaRequest body) {
		noStore(response);
		return carts.quoteDelivery(StorefrontTenantFilter.storeId(request), token, body.cityArea());
	}

	@PostMapping("/{token}/abandonment-reason")
	@ResponseStatus(HttpStatus.CREATED)
	AbandonmentReason abandonmentReason(HttpServletRequest request, @PathVariable String token,
			@Valid @RequestBody AbandonmentReasonRequest body) {
		return carts.recordAbandonmentReason(StorefrontTenantFilter.storeId(request), token, body.reason(),
				body.note());
	}

	private static void noStore(HttpServletResponse response) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
	}

	record CreateCartRequest(@Pattern(regexp = "web|whatsapp") String channel) {
	}

	record AddItemRequest(@NotNull UUID variantId,
			@NotNull @Min(1) @Max(CartService.MAX_QUANTITY) Integer quantity) {
	}

	record ChangeItemRequest(@NotNull @Min(0) @Max(CartService.MAX_QUANTITY) Integer quantity) {
	}

	record CouponRequest(@NotNull @Pattern(regexp = COUPON_CODE) String code) {
	}

	record AreaRequest(@NotBlank @Size(max = 100) String cityArea) {
	}

	record AbandonmentReasonRequest(
			@NotNull @Pattern(regexp = "delivery_cost|payment_failure|price_sensitivity|other") String reason,
			@Size(max = 500) String note) {
	}

}
