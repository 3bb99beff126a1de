package io.sokoni.platform.web;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A trivial endpoint through the same filters and server as the real ones, touching nothing: what the
 * benchmark measures as the framework's ceiling on this machine.
 */
@RestController
@Hidden
class PingController {

	@GetMapping(value = "/ping", produces = "text/plain")
	String ping() {
		return "pong";
	}

}
