package io.sokoni.platform.customer;

import java.util.List;
import java.util.UUID;

import io.sokoni.platform.web.Page;
import io.sokoni.platform.web.ValidEmail;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Customers for the merchant admin: everyone signed in reads, staff and owners tag and correct contact
 * details. Customers are created by checkouts, never here.
 */
@RestController
@RequestMapping("/admin/v1/customers")
@Tag(name = "Admin: customers")
@SecurityRequirement(name = "bearer")
@Validated
class AdminCustomerController {

	private final CustomerService customers;

	AdminCustomerController(CustomerService customers) {
		this.customers = customers;
	}

	/** {@code q}: a phone number in any common Kenyan form, or the start of a name. */
	@GetMapping
	Page<Customer> list(@RequestParam(required = false) @Size(max = 200) String q,
			@RequestParam(required = false) @Size(max = CustomerService.MAX_TAG_LENGTH) String tag,
			@RequestParam(required = false) UUID after,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		return Page.of(customers.list(q, tag, after, limit), limit, Customer::id);
	}

	@GetMapping("/{id}")
	CustomerDetail get(@PathVariable UUID id) {
		return customers.get(id);
	}

	@PutMapping("/{id}/tags")
	@PreAuthorize("hasRole('STAFF')")
	CustomerDetail setTags(@PathVariable UUID id, @Valid @RequestBody TagsRequest request) {
		return customers.setTags(id, request.tags());
	}

	/**
	 * The merchant corrects a customer's name, email or WhatsApp consent (absent fields stay): the
	 * merchant is one of the verified sources a profile changes from, unlike a checkout.
	 */
	@PatchMapping("/{id}")
	@PreAuthorize("hasRole('STAFF')")
	CustomerDetail update(@PathVariable UUID id, @Valid @RequestBody UpdateCustomerRequest request) {
		return customers.applyVerifiedContact(id,
				new CustomerService.ContactUpdate(request.name(), request.email(), request.whatsappOptIn()),
				CustomerService.ContactSource.MERCHANT);
	}

	record UpdateCustomerRequest(@Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*",
			message = "must not be blank") String name, @ValidEmail @Size(max = 200) String email,
			Boolean whatsappOptIn) {
	}

	record TagsRequest(@NotNull @Size(max = 100) List<String> tags) {
	}

}
