/**
 * The tenant's WhatsApp business number (connect, replace, disconnect; the access token encrypted,
 * masked, audited; one tenant per phone-number id across the platform) and its notification settings.
 */
package io.sokoni.platform.whatsapp.account;
