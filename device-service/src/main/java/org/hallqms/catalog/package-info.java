/**
 * The hall's catalogue: services, counters, officers, devices and rating reasons. Owns its validation, the
 * salted slow PIN hashes, the sample hall used on first start, and applying a new catalogue as one event.
 */
package org.hallqms.catalog;
