/**
 * Paddock's persistent state: versioned records with optimistic concurrency, a change feed to
 * resume and watch from, and secrets encrypted at rest.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.paddock.api.store;
