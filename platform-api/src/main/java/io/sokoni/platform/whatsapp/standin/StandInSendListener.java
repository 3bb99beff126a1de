package io.sokoni.platform.whatsapp.standin;

import java.time.Instant;

/**
 * Told of every message the Graph stand-in accepted (a wamid was answered), so the stand-in's
 * webhook-posting side can send status updates for it as Meta would. Called on a virtual thread of its
 * own after the answer is built, never on the request thread; a listener that fails is logged.
 */
public interface StandInSendListener {

	/**
	 * One accepted message.
	 * @param to                    the recipient as Sokoni sent it (digits, no '+')
	 * @param type                  text, template, interactive...
	 * @param bizOpaqueCallbackData what Sokoni put there (the notification id), or null
	 */
	record Accepted(String phoneNumberId, String wamid, String to, String type, String bizOpaqueCallbackData,
			Instant acceptedAt) {
	}

	void accepted(Accepted message);

}
