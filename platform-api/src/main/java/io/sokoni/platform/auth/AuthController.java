package io.sokoni.platform.auth;

import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.PhoneNumbers;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ClientAddress;
import io.sokoni.platform.web.Patterns;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.ValidPhone;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantDirectory;
import io.sokoni.tenant.TenantId;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Public authentication endpoints: password login, invite acceptance, the JWKS of Sokoni's tokens. */
@RestController
@Tag(name = "Auth")
class AuthController {

	private final LoginService logins;

	private final StaffService staff;

	private final SigningKeys keys;

	private final TenantDirectory tenants;

	private final AuthProperties props;

	private final ClientAddress clientAddress;

	AuthController(LoginService logins, StaffService staff, SigningKeys keys, TenantDirectory tenants,
			AuthProperties props, ClientAddress clientAddress) {
		this.logins = logins;
		this.staff = staff;
		this.keys = keys;
		this.tenants = tenants;
		this.props = props;
		this.clientAddress = clientAddress;
	}

	@PostMapping("/auth/v1/token")
	TokenResponse token(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		if (props.externalIssuer()) {
			throw new ApiException(ProblemType.NOT_FOUND, "Sign in with the configured identity provider");
		}
		LoginService.IssuedLogin login = logins.login(request.tenant(), request.email(), request.password(),
				clientAddress.of(http));
		return new TokenResponse(login.token().value(), "Bearer", login.token().expiresInSeconds(),
				login.tenant().value(), login.userId(), login.role().value());
	}

	@PostMapping("/auth/v1/invites/accept")
	@ResponseStatus(HttpStatus.CREATED)
	StaffMember acceptInvite(@Valid @RequestBody AcceptInviteRequest request) {
		TenantId tenant = TenantId.parse(request.token().split("\\.", 2)[0])
			.filter(tenants::exists)
			.orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, "This invite is not valid"));
		boolean active = tenants.isActive(tenant);
		return TenantContext.callAs(tenant, () -> staff.acceptInvite(request.token(), active, request.fullName(),
				request.phone() == null ? null : PhoneNumbers.normalize(request.phone()).orElseThrow(),
				request.password()));
	}

	@GetMapping({ "/.well-known/jwks.json", "/auth/v1/jwks" })
	ResponseEntity<Map<String, Object>> jwks() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)).cachePublic())
			.body(keys.publicJwks().toJSONObject());
	}

	record LoginRequest(@NotBlank @Pattern(regexp = Patterns.SLUG) String tenant,
			@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 128) @HashablePassword String password) {
	}

	record TokenResponse(String access_token, String token_type, long expires_in, UUID tenant_id, UUID user_id,
			String role) {
	}

	record AcceptInviteRequest(@NotBlank @Size(max = 200) String token, @NotBlank @Size(max = 200) String fullName,
			@ValidPhone String phone, @NotBlank @Size(min = 12, max = 128) @HashablePassword String password) {
	}

}
