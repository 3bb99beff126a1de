/** Price rules, coupon codes and their redemptions, and the arithmetic that turns them into a cart's discount. */
package io.sokoni.platform.discount;
