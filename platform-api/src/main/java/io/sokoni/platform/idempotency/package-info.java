/** Idempotency keys: requests that move money or stock run once per key, retries get the first answer. */
package io.sokoni.platform.idempotency;
