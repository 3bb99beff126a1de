/** Cash collected on delivery for cash-on-delivery orders, and the daily cash report per rider or partner. */
package io.sokoni.platform.payment.cod;
