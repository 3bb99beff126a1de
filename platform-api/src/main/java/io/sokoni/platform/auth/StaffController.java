package io.sokoni.platform.auth;

import java.util.List;
import java.util.UUID;

import io.sokoni.platform.web.Page;
import io.sokoni.platform.web.ValidEmail;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Staff management: everyone signed in may list; only owners invite, change roles and deactivate. */
@RestController
@RequestMapping("/admin/v1/staff")
@Tag(name = "Admin: staff")
@SecurityRequirement(name = "bearer")
@org.springframework.validation.annotation.Validated
class StaffController {

	private final StaffService staff;

	StaffController(StaffService staff) {
		this.staff = staff;
	}

	@GetMapping
	Page<StaffMember> list(@RequestParam(required = false) UUID after,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		List<StaffMember> members = staff.list(after, limit);
		return Page.of(members, limit, StaffMember::id);
	}

	@GetMapping("/{id}")
	StaffMember get(@PathVariable UUID id) {
		return staff.get(id);
	}

	@PatchMapping("/{id}")
	@PreAuthorize("hasRole('OWNER')")
	StaffMember changeRole(@PathVariable UUID id, @Valid @RequestBody ChangeRoleRequest request) {
		return staff.changeRole(id, request.role());
	}

	@PostMapping("/{id}/deactivate")
	@PreAuthorize("hasRole('OWNER')")
	StaffMember deactivate(@PathVariable UUID id) {
		return staff.deactivate(id);
	}

	@PostMapping("/invites")
	@PreAuthorize("hasRole('OWNER')")
	@ResponseStatus(HttpStatus.CREATED)
	StaffService.CreatedInvite invite(@Valid @RequestBody InviteRequest request) {
		return staff.invite(request.email(), request.role());
	}

	@GetMapping("/invites")
	@PreAuthorize("hasRole('OWNER')")
	List<Invite> invites() {
		return staff.invites();
	}

	@DeleteMapping("/invites/{id}")
	@PreAuthorize("hasRole('OWNER')")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revoke(@PathVariable UUID id) {
		staff.revokeInvite(id);
	}

	record InviteRequest(@NotBlank @ValidEmail @Size(max = 254) String email, @NotNull Role role) {
	}

	record ChangeRoleRequest(@NotNull Role role) {
	}

}
