package io.sokoni.platform.payment.mpesa;

import java.util.UUID;

/**
 * The bound tenant's M-Pesa account with its secrets decrypted, for the calls Sokoni makes to Daraja.
 * Lives only in memory, never in an answer or a log ({@link #toString()} shows no secret).
 * {@code securityCredential} is null without an initiator (reversals then cannot be made by API).
 */
public record MpesaAccount(UUID id, String environment, String accountType, String businessShortcode,
		String tillNumber, DarajaCredentials credentials, String passkey, String initiatorName,
		String securityCredential, boolean c2bValidationEnabled) {

	/** STK Push's TransactionType for this account. */
	public String stkTransactionType() {
		return "till".equals(accountType) ? "CustomerBuyGoodsOnline" : "CustomerPayBillOnline";
	}

	/** STK Push's PartyB: the till for a till, else the paybill (= BusinessShortCode). */
	public String stkPartyB() {
		return "till".equals(accountType) ? tillNumber : businessShortcode;
	}

	@Override
	public String toString() {
		return "MpesaAccount[" + environment + " " + accountType + " " + businessShortcode + "]";
	}

}
