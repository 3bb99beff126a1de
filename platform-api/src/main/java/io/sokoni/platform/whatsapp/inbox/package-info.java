/**
 * The merchant's WhatsApp inbox (admin API): threads with unread counts, their messages, replies within
 * the 24-hour window (a template outside it), closing and reopening threads.
 */
package io.sokoni.platform.whatsapp.inbox;
