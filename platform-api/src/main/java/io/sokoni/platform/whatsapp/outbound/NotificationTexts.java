package io.sokoni.platform.whatsapp.outbound;

import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;

import io.sokoni.platform.order.OrderView;

/**
 * What an order notification says: the free-form text sent inside the 24-hour window, and the body
 * parameters of the merchant's approved template used outside it. Every template gets the same three, in
 * this order (README): {{1}} the customer's name, {{2}} the order number ("#1001"), {{3}} the total
 * ("KES 1,250.00").
 */
final class NotificationTexts {

	private NotificationTexts() {
	}

	static List<String> templateParameters(OrderView order) {
		return List.of(name(order), number(order), money(order.totalCents(), order.currency()));
	}

	static String text(String kind, OrderView order, String reason) {
		String greeting = "Hi " + name(order) + ", ";
		String number = "order " + number(order);
		String total = money(order.totalCents(), order.currency());
		return switch (kind) {
			case "order_placed" -> greeting + "we have received your " + number + " (" + total + "). "
					+ ("cod".equals(order.paymentMethod()) ? "You pay cash on delivery."
							: "We will confirm it as soon as your payment arrives.");
			case "payment_received" -> greeting + "we have received your payment of " + total + " for " + number
					+ ". Thank you! We are getting it ready.";
			case "payment_failed" -> greeting + "your M-Pesa payment for " + number + " did not go through"
					+ (reason == null ? "." : ": " + reason) + " You can try again from the checkout page.";
			case "dispatched" -> greeting + "your " + number + " is on its way"
					+ (order.delivery() != null && order.delivery().cityArea() != null
							? " to " + order.delivery().cityArea() : "") + ".";
			case "delivered" -> greeting + "your " + number + " has been delivered. Thank you for shopping with us!";
			case "cancelled" -> greeting + "your " + number + " has been cancelled. Reply here if you have any question.";
			default -> throw new IllegalArgumentException("not an order notification: " + kind);
		};
	}

	private static String name(OrderView order) {
		String name = order.customer() == null ? null : order.customer().name();
		if (name == null || name.isBlank()) {
			return "there";
		}
		String first = name.strip().split("\\s+")[0];
		return first.length() > 60 ? first.substring(0, 60) : first;
	}

	private static String number(OrderView order) {
		return "#" + order.number();
	}

	static String money(long cents, String currency) {
		NumberFormat format = NumberFormat.getNumberInstance(Locale.ENGLISH);
		format.setMinimumFractionDigits(2);
		format.setMaximumFractionDigits(2);
		return currency + " " + format.format(cents / 100.0);
	}

}
