package io.sokoni.platform.inventory;

import java.util.Map;

import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;

/**
 * A stock change refused because it would leave on hand negative or below what is reserved; nothing
 * was written. Carries the level as it is now, so a client can show it and let the user decide.
 */
public class InsufficientStockException extends ApiException {

	InsufficientStockException(String detail, int onHand, int reserved) {
		super(ProblemType.CONFLICT, detail, Map.of("onHand", onHand, "reserved", reserved));
	}

}
