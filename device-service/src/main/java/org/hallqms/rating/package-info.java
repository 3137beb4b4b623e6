/**
 * 好差评 ratings: the session an evaluator shows after each finished ticket, the one rating it may record
 * (bound to ticket, service, counter and officer), bad-rating reasons, and "not rated" on timeout.
 */
package org.hallqms.rating;
