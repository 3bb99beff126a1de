/** Store locations, stock levels per variant and location, reservations and the movement journal. */
package io.sokoni.platform.inventory;
