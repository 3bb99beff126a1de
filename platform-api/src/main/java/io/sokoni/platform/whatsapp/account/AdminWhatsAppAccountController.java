package io.sokoni.platform.whatsapp.account;

import java.util.List;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's WhatsApp number and notification settings, for its owner only: the access token speaks
 * for the business. The token is accepted, never returned (masked), never logged.
 */
@RestController
@RequestMapping("/admin/v1/whatsapp")
@Tag(name = "Admin: WhatsApp account")
@SecurityRequirement(name = "bearer")
@PreAuthorize("hasRole('OWNER')")
class AdminWhatsAppAccountController {

	private final WhatsAppAccountService accounts;

	private final NotificationSettingsService settings;

	AdminWhatsAppAccountController(WhatsAppAccountService accounts, NotificationSettingsService settings) {
		this.accounts = accounts;
		this.settings = settings;
	}

	@GetMapping("/account")
	WhatsAppAccountView get() {
		return accounts.view();
	}

	/** Connects the number, or replaces the connected one (409 when another merchant has this id). */
	@PutMapping("/account")
	WhatsAppAccountView put(@Valid @RequestBody WhatsAppAccountRequest request) {
		return accounts.save(request);
	}

	@DeleteMapping("/account")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete() {
		accounts.disconnect();
	}

	/** Sends a test message and answers what Meta answered (a refusal: 422 with Meta's error). */
	@PostMapping("/account/test")
	WhatsAppAccountService.TestResult test(@Valid @RequestBody WhatsAppAccountService.TestRequest request) {
		return accounts.test(request);
	}

	@GetMapping("/notification-settings")
	List<NotificationSetting> settings() {
		return settings.list();
	}

	@PutMapping("/notification-settings")
	List<NotificationSetting> saveSettings(@Valid @RequestBody NotificationSettingsRequest request) {
		return settings.save(request);
	}

}
