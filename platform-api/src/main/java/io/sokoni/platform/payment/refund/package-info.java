/** Refunds of paid orders: recorded by hand or made by M-Pesa reversal, never more than was paid. */
package io.sokoni.platform.payment.refund;
