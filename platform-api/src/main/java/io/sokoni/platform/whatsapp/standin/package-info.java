/**
 * A local stand-in for Meta's Graph API (development, tests, the demo), served only when
 * sokoni.whatsapp.standin.enabled is true: the send side answers wamids and Meta's errors on demand.
 */
package io.sokoni.platform.whatsapp.standin;
