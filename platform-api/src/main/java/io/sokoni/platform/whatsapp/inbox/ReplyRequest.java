package io.sokoni.platform.whatsapp.inbox;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A merchant's reply: a free-form text (only inside the 24-hour window), an approved template (any
 * time), or both (the text inside the window, the template outside it).
 */
public record ReplyRequest(
		@Size(min = 1, max = 4096) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String text,
		@Valid Template template) {

	/** An approved template of the business account and its body parameters ({{1}}, {{2}}...). */
	public record Template(
			@NotNull @Size(max = 512) @Pattern(regexp = "[a-z0-9_]+", message = "must be an approved template's name (a-z, 0-9, _)") String name,
			@NotNull @Pattern(regexp = "[a-z]{2,3}(_[A-Z]{2})?", message = "must be a language code such as en or en_US") String language,
			@Size(max = 10) List<@NotNull @Size(min = 1, max = 1024) String> parameters) {
	}

}
