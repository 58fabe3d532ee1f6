/** Managed clusters: identity, desired and observed state, naming rules, and the service that manages them. */
@org.osgi.annotation.versioning.Version("0.2.0")
package io.paddock.api.cluster;
