/**
 * M-Pesa through Safaricom's Daraja API: the tenant's account and its encrypted credentials, the
 * Daraja client, STK Push at checkout, STK callbacks, the reconciler and the raw callback store.
 */
package io.sokoni.platform.payment.mpesa;
