package io.sokoni.platform.whatsapp.account;

import io.sokoni.platform.whatsapp.outbound.GraphApiClient;

/** The bound tenant's connected number with its token decrypted, for sending; never serialised. */
public record WhatsAppAccount(String phoneNumberId, String wabaId, String displayNumber, String accessToken) {

	public GraphApiClient.Sender sender() {
		return new GraphApiClient.Sender(phoneNumberId, accessToken);
	}

	@Override
	public String toString() {
		return "WhatsAppAccount[" + phoneNumberId + "]";
	}

}
