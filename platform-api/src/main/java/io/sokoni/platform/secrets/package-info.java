/** Encryption of tenant secrets at rest (Tink AEAD keysets with key ids, so the master key rotates). */
package io.sokoni.platform.secrets;
