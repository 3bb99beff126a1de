package io.sokoni.platform.auth;

import io.sokoni.platform.PhoneNumbers;
import io.sokoni.platform.web.ValidPhone;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user's own profile and password. */
@RestController
@RequestMapping("/admin/v1/me")
@Tag(name = "Admin: profile")
@SecurityRequirement(name = "bearer")
class ProfileController {

	private final StaffService staff;

	ProfileController(StaffService staff) {
		this.staff = staff;
	}

	@GetMapping
	StaffMember me() {
		return staff.get(CurrentUser.require().id());
	}

	@PatchMapping
	StaffMember update(@Valid @RequestBody UpdateProfileRequest request) {
		return staff.updateProfile(CurrentUser.require().id(), request.fullName(),
				request.phone() == null ? null : PhoneNumbers.normalize(request.phone()).orElseThrow());
	}

	@PostMapping("/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void changePassword(@Valid @RequestBody ChangePasswordRequest request) {
		staff.changePassword(CurrentUser.require().id(), request.currentPassword(), request.newPassword());
	}

	record UpdateProfileRequest(@Size(min = 1, max = 200) String fullName, @ValidPhone String phone) {
	}

	record ChangePasswordRequest(@NotBlank @Size(max = 128) @HashablePassword String currentPassword,
			@NotBlank @Size(min = 12, max = 128) @HashablePassword String newPassword) {
	}

}
