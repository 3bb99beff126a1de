/**
 * A local stand-in for Safaricom's Daraja API (development, tests, the demo): served only when
 * sokoni.mpesa.standin.enabled is true, and only ever reached by sandbox accounts.
 */
package io.sokoni.platform.payment.mpesa.standin;
