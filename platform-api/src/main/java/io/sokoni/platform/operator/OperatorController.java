package io.sokoni.platform.operator;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.web.Page;
import io.sokoni.platform.web.Patterns;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The platform operator's API: tenants, their domains, and where their data lives. */
@RestController
@RequestMapping("/platform/v1")
@Tag(name = "Platform operator")
@SecurityRequirement(name = "operator")
@Validated
class OperatorController {

	private final TenantOnboardingService onboarding;

	private final OperatorService operator;

	private final TenantMoveService moves;

	OperatorController(TenantOnboardingService onboarding, OperatorService operator, TenantMoveService moves) {
		this.onboarding = onboarding;
		this.operator = operator;
		this.moves = moves;
	}

	@PostMapping("/tenants")
	@ResponseStatus(HttpStatus.CREATED)
	CreatedTenant create(@Valid @RequestBody CreateTenantRequest request) {
		TenantOnboardingService.Onboarded created = onboarding.create(request);
		return new CreatedTenant(operator.tenant(created.tenantId()), created.ownerId(), created.storeId(),
				operator.domains(created.tenantId()));
	}

	@GetMapping("/tenants")
	Page<TenantView> list(@RequestParam(required = false) @Pattern(regexp = "^(active|suspended)$") String status,
			@RequestParam(required = false) UUID after, @RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		return Page.of(operator.tenants(status, after, limit), limit, TenantView::id);
	}

	@GetMapping("/tenants/{id}")
	TenantView get(@PathVariable UUID id) {
		return operator.tenant(id);
	}

	@PostMapping("/tenants/{id}/suspend")
	TenantView suspend(@PathVariable UUID id, @Valid @RequestBody(required = false) StatusChange change) {
		return operator.setStatus(id, "suspended", change == null ? null : change.reason());
	}

	@PostMapping("/tenants/{id}/reactivate")
	TenantView reactivate(@PathVariable UUID id, @Valid @RequestBody(required = false) StatusChange change) {
		return operator.setStatus(id, "active", change == null ? null : change.reason());
	}

	@GetMapping("/tenants/{id}/domains")
	List<DomainView> domains(@PathVariable UUID id) {
		return operator.domains(id);
	}

	@PostMapping("/tenants/{id}/domains")
	@ResponseStatus(HttpStatus.CREATED)
	DomainView attach(@PathVariable UUID id, @Valid @RequestBody AttachDomainRequest request) {
		return operator.attachDomain(id, request.storeId(), request.host());
	}

	@PostMapping("/tenants/{id}/domains/{domainId}/verify")
	DomainView verify(@PathVariable UUID id, @PathVariable UUID domainId,
			@Valid @RequestBody(required = false) VerifyDomainRequest request) {
		return operator.verifyDomain(id, domainId, request == null || request.method() == null ? "dns" : request.method());
	}

	@DeleteMapping("/tenants/{id}/domains/{domainId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void detach(@PathVariable UUID id, @PathVariable UUID domainId) {
		operator.detachDomain(id, domainId);
	}

	@PutMapping("/tenants/{id}/database")
	MoveResult route(@PathVariable UUID id, @Valid @RequestBody RouteRequest request) {
		Map<String, Integer> copied = moves.moveToDedicated(id, request.databaseId());
		return new MoveResult(operator.tenant(id), copied);
	}

	/** Moves the tenant back to the shared database (the reverse of the PUT above). */
	@DeleteMapping("/tenants/{id}/database")
	MoveResult routeToShared(@PathVariable UUID id) {
		Map<String, Integer> copied = moves.moveToShared(id);
		return new MoveResult(operator.tenant(id), copied);
	}

	@GetMapping("/databases")
	List<DatabaseView> databases() {
		return operator.databases();
	}

	@PostMapping("/databases")
	@ResponseStatus(HttpStatus.CREATED)
	DatabaseView register(@Valid @RequestBody RegisterDatabaseRequest request) {
		return operator.registerDatabase(request);
	}

	record CreatedTenant(TenantView tenant, UUID ownerId, UUID storeId, List<DomainView> domains) {
	}

	record StatusChange(@Size(max = 500) String reason) {
	}

	record AttachDomainRequest(@NotNull UUID storeId, @NotBlank @Pattern(regexp = Patterns.HOST) String host) {
	}

	record VerifyDomainRequest(@Pattern(regexp = "^(dns|manual)$") String method) {
	}

	record RouteRequest(@NotNull UUID databaseId) {
	}

	record MoveResult(TenantView tenant, Map<String, Integer> rowsCopied) {
	}

}
