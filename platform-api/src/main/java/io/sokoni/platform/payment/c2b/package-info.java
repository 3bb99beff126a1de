/**
 * Paybill and till payments made from the phone's menu (M-Pesa C2B): validation and confirmation
 * callbacks matched to orders by the account the customer typed, unmatched payments kept for the merchant
 * to assign, and registering the tenant's C2B URLs with Daraja.
 */
package io.sokoni.platform.payment.c2b;
