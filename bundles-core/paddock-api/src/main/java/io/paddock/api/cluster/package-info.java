/** Managed clusters: identity, lifecycle state and naming rules. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.paddock.api.cluster;
