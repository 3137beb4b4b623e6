/**
 * 好差评 ratings: the session an evaluator shows after each finished ticket, the one rating it may record
 * ({@link org.hallqms.rating.Rate}, bound to ticket, service, counter and officer), bad-rating reasons, "not rated"
 * on timeout, and the ratings' statistics. Refusals are {@link org.hallqms.rating.RatingRefused} with a stable
 * reason; this package knows no device protocol. Owns the tables {@code rating_sessions} and {@code ratings}.
 */
package org.hallqms.rating;
