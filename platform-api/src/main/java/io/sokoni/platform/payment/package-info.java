/**
 * Money an order receives and gives back: the settlement of succeeded payments onto their order
 * ({@link io.sokoni.platform.payment.PaymentService}), the payment audit trail, and by sub-package M-Pesa
 * STK and callbacks, paybill/till (C2B) payments, cash on delivery and refunds.
 */
package io.sokoni.platform.payment;
